/** What a router agent sees when asked for the next step: the request's router input and every step so far. */
import type { OrchestrationState } from './orchestration-state';
import type { FallbackReason, StepMode, StepState } from './types';

export interface RoutedStepSummary {
  readonly stepId: string;
  readonly agent: string;
  readonly input?: unknown;
  readonly state: StepState;
  readonly mode?: StepMode;
  readonly fallbackReason?: FallbackReason;
  readonly result?: unknown;
  readonly error?: string;
}

/** The `input` of every router task. */
export interface RouterTaskInput {
  readonly routerInput?: unknown;
  readonly history: readonly RoutedStepSummary[];
  /** Steps dispatched so far and how many remain under maxSteps. */
  readonly stepsUsed: number;
  readonly stepsLeft: number;
}

export function routerTaskInput(state: OrchestrationState, routerInput: unknown, maxSteps: number): RouterTaskInput {
  const history = state.steps
    .filter((step) => step.kind === 'agent')
    .map((step): RoutedStepSummary => ({
      stepId: step.id,
      agent: step.agent,
      ...(step.input !== undefined ? { input: step.input } : {}),
      state: step.state,
      ...(step.mode !== undefined ? { mode: step.mode } : {}),
      ...(step.fallbackReason !== undefined ? { fallbackReason: step.fallbackReason } : {}),
      ...(step.state === 'succeeded' ? { result: step.result } : {}),
      ...(step.error !== undefined ? { error: step.error } : {}),
    }));
  const stepsUsed = state.router?.guard.dispatched ?? history.length;
  return {
    ...(routerInput !== undefined ? { routerInput } : {}),
    history,
    stepsUsed,
    stepsLeft: Math.max(0, maxSteps - stepsUsed),
  };
}
