/** What the `status` query and the visibility search attributes show about an orchestration. */
import type { OrchestrationFailure } from './failure-types';
import { budgetStatus, type BudgetStatus } from './budget-status';
import type { StepConversationStats } from './conversation-api';
import type { LlmUsage } from './llm-usage';
import { agentResults, currentAgents, fallbackCount, type OrchestrationState } from './orchestration-state';
import type {
  BranchAttempt,
  FallbackReason,
  OrchestrationMode,
  OrchestrationPhase,
  StepKind,
  StepMode,
  StepRecord,
  StepState,
} from './types';

export interface StepStatus {
  readonly id: string;
  readonly kind: StepKind;
  /** Primary agent. */
  readonly agent: string;
  readonly state: StepState;
  readonly mode?: StepMode;
  /** Agent currently working on the step, if any. */
  readonly currentAgent?: string;
  /** Activity attempts across all branches (a lower bound when a failed branch did not report a count). */
  readonly attempts: number;
  readonly fallbackReason?: FallbackReason;
  readonly branches: readonly BranchAttempt[];
  readonly startedAt?: number;
  readonly endedAt?: number;
  readonly durationMs?: number;
  readonly error?: string;
  /** LLM agent steps: tokens, model calls and cost of their conversations. */
  readonly usage?: LlmUsage;
  readonly conversation?: StepConversationStats;
}

export interface OrchestrationStatus {
  readonly orchestrationId: string;
  readonly goal: string;
  readonly mode: OrchestrationMode;
  readonly phase: OrchestrationPhase;
  readonly paused: boolean;
  readonly startedAt: number;
  readonly deadline?: number;
  readonly generation: number;
  readonly currentAgents: readonly string[];
  readonly fallbackCount: number;
  readonly steps: readonly StepStatus[];
  readonly routing?: { readonly dispatched: number; readonly routerCalls: number };
  readonly failure?: OrchestrationFailure;
  /** Language-model spending, the orchestration's budget and what remains of it (once an LLM step ran). */
  readonly budget?: BudgetStatus;
}

export function stepStatus(record: StepRecord, now: number): StepStatus {
  const running = record.branches.find((attempt) => attempt.outcome === 'running');
  const attempts = record.branches
    .filter((attempt) => attempt.outcome !== 'bypassed')
    .reduce((sum, attempt) => sum + (attempt.agentAttempts ?? 1), 0);
  const end = record.endedAt ?? (record.startedAt !== undefined ? now : undefined);
  return {
    id: record.id,
    kind: record.kind,
    agent: record.agent,
    state: record.state,
    ...(record.mode !== undefined ? { mode: record.mode } : {}),
    ...(running ? { currentAgent: running.agent } : {}),
    attempts,
    ...(record.fallbackReason !== undefined ? { fallbackReason: record.fallbackReason } : {}),
    branches: record.branches.map((attempt) => ({ ...attempt })),
    ...(record.startedAt !== undefined ? { startedAt: record.startedAt } : {}),
    ...(record.endedAt !== undefined ? { endedAt: record.endedAt } : {}),
    ...(record.startedAt !== undefined && end !== undefined ? { durationMs: end - record.startedAt } : {}),
    ...(record.error !== undefined ? { error: record.error } : {}),
    ...(record.usage !== undefined ? { usage: record.usage } : {}),
    ...(record.conversation !== undefined ? { conversation: record.conversation } : {}),
  };
}

export function buildStatus(state: OrchestrationState, now: number): OrchestrationStatus {
  return {
    orchestrationId: state.orchestrationId,
    goal: state.goal,
    mode: state.mode,
    phase: state.paused && state.phase === 'running' ? 'paused' : state.phase,
    paused: state.paused,
    startedAt: state.startedAt,
    ...(state.deadline !== undefined ? { deadline: state.deadline } : {}),
    generation: state.generation,
    currentAgents: currentAgents(state),
    fallbackCount: fallbackCount(state),
    steps: state.steps.map((record) => stepStatus(record, now)),
    ...(state.router
      ? { routing: { dispatched: state.router.guard.dispatched, routerCalls: state.router.routerCalls } }
      : {}),
    ...(state.failure ? { failure: state.failure } : {}),
    ...(state.budget ? { budget: budgetStatus(state.budget, state.startedAt) } : {}),
  };
}

export interface VisibilityValues {
  readonly status: OrchestrationPhase;
  /** Comma-separated agents in flight; empty when none. */
  readonly currentAgent: string;
  readonly fallbackCount: number;
}

export function visibilityValues(state: OrchestrationState): VisibilityValues {
  return {
    status: state.paused && state.phase === 'running' ? 'paused' : state.phase,
    currentAgent: currentAgents(state).join(','),
    fallbackCount: fallbackCount(state),
  };
}

/** What a completed (or signal-cancelled) orchestration returns. */
export interface OrchestrationResult {
  readonly orchestrationId: string;
  readonly status: 'completed' | 'cancelled';
  /** Plan: the result of its only final step, or final results by step id. Router: the result it was done with. */
  readonly output?: unknown;
  /** Results of succeeded steps by id. */
  readonly results: Readonly<Record<string, unknown>>;
  readonly fallbackCount: number;
  readonly steps: readonly StepStatus[];
  /** Language-model spending and budget, when LLM steps ran. */
  readonly budget?: BudgetStatus;
}

export function buildResult(state: OrchestrationState, now: number): OrchestrationResult {
  return {
    orchestrationId: state.orchestrationId,
    status: state.phase === 'cancelled' ? 'cancelled' : 'completed',
    ...(state.output !== undefined ? { output: state.output } : {}),
    results: agentResults(state),
    fallbackCount: fallbackCount(state),
    steps: state.steps.map((record) => stepStatus(record, now)),
    ...(state.budget ? { budget: budgetStatus(state.budget, state.startedAt) } : {}),
  };
}
