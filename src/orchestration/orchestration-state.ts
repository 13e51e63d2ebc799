/** The whole durable state of one orchestration; carried intact across continue-as-new. */
import type { AgentPolicy } from './agent-policy';
import type { OrchestrationFailure } from './failure-types';
import type { BudgetLedger } from './llm-allowance';
import { sinkStepIds, type PlanStepRef } from './plan-graph';
import { initialRouterGuard, type RouterGuardState } from './router-guard';
import { usedFallback } from './step-records';
import type { ApprovalDecision, OrchestrationMode, OrchestrationPhase, StepRecord } from './types';

export interface OrchestrationState {
  readonly orchestrationId: string;
  readonly goal: string;
  readonly mode: OrchestrationMode;
  readonly startedAt: number;
  /** Absolute deadline of the whole orchestration (epoch ms), if it has one. */
  readonly deadline?: number;
  /** How many times the orchestration continued as new. */
  generation: number;
  phase: OrchestrationPhase;
  paused: boolean;
  steps: StepRecord[];
  /** Approval decisions by step id; may arrive before the approval step starts. */
  approvals: Record<string, ApprovalDecision>;
  /** Resolved dispatch policy of every agent seen so far. */
  policies: Record<string, AgentPolicy>;
  /** Agents seen so far that have an autonomous handler on the orchestrator worker. */
  autonomousAgents: string[];
  router?: { guard: RouterGuardState; routerCalls: number };
  /** Language-model spending and the allowances of conversations in flight; set by the first LLM step. */
  budget?: BudgetLedger;
  output?: unknown;
  failure?: OrchestrationFailure;
}

export function initialOrchestrationState(args: {
  orchestrationId: string;
  goal: string;
  mode: OrchestrationMode;
  startedAt: number;
  deadlineMs?: number;
  steps?: StepRecord[];
}): OrchestrationState {
  return {
    orchestrationId: args.orchestrationId,
    goal: args.goal,
    mode: args.mode,
    startedAt: args.startedAt,
    ...(args.deadlineMs !== undefined ? { deadline: args.startedAt + args.deadlineMs } : {}),
    generation: 0,
    phase: 'running',
    paused: false,
    steps: args.steps ?? [],
    approvals: {},
    policies: {},
    autonomousAgents: [],
    ...(args.mode === 'router' ? { router: { guard: initialRouterGuard(), routerCalls: 0 } } : {}),
  };
}

export function findStep(state: OrchestrationState, stepId: string): StepRecord | undefined {
  return state.steps.find((step) => step.id === stepId);
}

/** Number of steps that settled on something other than their primary agent. */
export function fallbackCount(state: OrchestrationState): number {
  return state.steps.filter(usedFallback).length;
}

/** Agents with a branch in flight right now, in step order, without duplicates. */
export function currentAgents(state: OrchestrationState): string[] {
  const agents: string[] = [];
  for (const step of state.steps) {
    for (const attempt of step.branches) {
      if (attempt.outcome === 'running' && !agents.includes(attempt.agent)) agents.push(attempt.agent);
    }
  }
  return agents;
}

/** `wanted` if no step has it yet, otherwise `wanted-2`, `wanted-3`, ... */
export function uniqueStepId(state: OrchestrationState, wanted: string): string {
  const taken = new Set(state.steps.map((step) => step.id));
  if (!taken.has(wanted)) return wanted;
  for (let n = 2; ; n++) {
    const candidate = `${wanted}-${n}`;
    if (!taken.has(candidate)) return candidate;
  }
}

/** Results of succeeded agent steps by id: what a router and router-chosen steps see. */
export function agentResults(state: OrchestrationState): Record<string, unknown> {
  const results: Record<string, unknown> = {};
  for (const step of state.steps) {
    if (step.kind !== 'router' && step.state === 'succeeded') results[step.id] = step.result;
  }
  return results;
}

/** A plan's output: the result of its only final step, or the final steps' results by id. */
export function planOutput(state: OrchestrationState, planSteps: readonly PlanStepRef[]): unknown {
  const finals = sinkStepIds(planSteps)
    .map((id) => findStep(state, id))
    .filter((step): step is StepRecord => step !== undefined);
  if (finals.length === 1) return finals[0]!.state === 'succeeded' ? finals[0]!.result : undefined;
  return Object.fromEntries(finals.filter((step) => step.state === 'succeeded').map((step) => [step.id, step.result]));
}
