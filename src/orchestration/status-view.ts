/** What the `status` query and the visibility search attributes show about an orchestration. */
import type { OrchestrationFailure } from './failure-types';
import { budgetStatus, type BudgetStatus } from './budget-status';
import type { StepConversationStats } from './conversation-api';
import type { LlmUsage } from './llm-usage';
import { agentResults, currentAgents, fallbackCount, type OrchestrationState } from './orchestration-state';
import { decisionOf } from './operator-checks';
import type {
  ApprovalDecision,
  BranchAttempt,
  FallbackReason,
  OrchestrationListStatus,
  OrchestrationMode,
  OrchestrationPhase,
  StepKind,
  StepMode,
  StepRecord,
  StepState,
} from './types';

/** What a person is asked on an approval step, and what they (or its timeout) decided. */
export interface ApprovalView {
  readonly prompt?: string;
  /** What is to be approved: the `summaryFrom` dependency's result, or every succeeded dependency's result by id. */
  readonly subject?: unknown;
  /** When the wait times out (epoch ms); set once the step waits. */
  readonly expiresAt?: number;
  /** Who decided, when, with what comment; absent until someone (or the timeout) decides. */
  readonly decision?: ApprovalDecision;
}

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
  /** Approval steps only. */
  readonly approval?: ApprovalView;
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

/** `state` is needed for approval steps: their subject and a decision not yet applied live outside the record. */
export function stepStatus(record: StepRecord, now: number, state?: OrchestrationState): StepStatus {
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
    ...(record.kind === 'approval' ? { approval: approvalView(record, state) } : {}),
  };
}

export function approvalView(record: StepRecord, state: OrchestrationState | undefined): ApprovalView {
  const prompt = typeof record.input === 'string' ? record.input : undefined;
  const decision = decisionOf(record) ?? state?.approvals[record.id];
  const subject = state === undefined || record.state === 'pending' ? undefined : approvalSubject(record, state);
  return {
    ...(prompt !== undefined ? { prompt } : {}),
    ...(subject !== undefined ? { subject } : {}),
    ...(record.approvalExpiresAt !== undefined ? { expiresAt: record.approvalExpiresAt } : {}),
    ...(decision !== undefined ? { decision } : {}),
  };
}

function approvalSubject(record: StepRecord, state: OrchestrationState): unknown {
  const results = agentResults(state);
  if (record.summaryFrom !== undefined) return results[record.summaryFrom];
  const subject = Object.fromEntries(
    record.dependsOn.filter((id) => id in results).map((id) => [id, results[id]] as const),
  );
  return Object.keys(subject).length > 0 ? subject : undefined;
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
    steps: state.steps.map((record) => stepStatus(record, now, state)),
    ...(state.router
      ? { routing: { dispatched: state.router.guard.dispatched, routerCalls: state.router.routerCalls } }
      : {}),
    ...(state.failure ? { failure: state.failure } : {}),
    ...(state.budget ? { budget: budgetStatus(state.budget, state.startedAt) } : {}),
  };
}

export interface VisibilityValues {
  readonly status: OrchestrationListStatus;
  /** Comma-separated agents in flight; empty when none. */
  readonly currentAgent: string;
  readonly fallbackCount: number;
}

/** With `awaitingApproval` (the operator-updates patch), a running orchestration whose approval waits says so. */
export function visibilityValues(
  state: OrchestrationState,
  options: { readonly awaitingApproval?: boolean } = {},
): VisibilityValues {
  const phase = state.paused && state.phase === 'running' ? 'paused' : state.phase;
  return {
    status: phase === 'running' && options.awaitingApproval && awaitsApproval(state) ? 'awaiting_approval' : phase,
    currentAgent: currentAgents(state).join(','),
    fallbackCount: fallbackCount(state),
  };
}

/** An approval step waits and nobody has decided it yet. */
export function awaitsApproval(state: OrchestrationState): boolean {
  return state.steps.some((step) => step.state === 'awaiting_approval' && state.approvals[step.id] === undefined);
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
    steps: state.steps.map((record) => stepStatus(record, now, state)),
    ...(state.budget ? { budget: budgetStatus(state.budget, state.startedAt) } : {}),
  };
}
