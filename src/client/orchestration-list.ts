/**
 * Listing orchestrations: the visibility query for a status, and each row's status. What Temporal says about a closed
 * execution wins (terminated, timed out, cancelled from outside); a running or completed one is told apart further by
 * the SteadfastStatus search attribute when the orchestration publishes it.
 */
import type { WorkflowExecutionInfo, WorkflowExecutionStatusName } from '@temporalio/client';
import type { EdgeDecisionMemo } from '../orchestration/edge-record';
import { WorkflowNames } from '../orchestration/names';
import type { OrchestrationListStatus, OrchestrationMode, OrchestrationPhase } from '../orchestration/types';
import { CurrentAgentKey, FallbackCountKey, StatusKey } from './visibility-keys';

export interface OrchestrationSummary {
  readonly id: string;
  readonly runId: string;
  /**
   * Paused orchestrations, and ones cancelled by signal, are told apart from running and completed ones only
   * when the request enabled visibility.searchAttributes.
   */
  readonly status: OrchestrationListStatus;
  readonly goal?: string;
  readonly mode?: OrchestrationMode;
  readonly currentAgents: readonly string[];
  readonly fallbackCount?: number;
  readonly startedAt: Date;
  readonly closedAt?: Date;
  /** Set for orchestrations decided at the edge while the server was unreachable, recorded when it returned. */
  readonly edge?: EdgeDecisionMemo;
}

/** Execution statuses each phase can show up under; rows are then filtered on their exact phase. */
const EXECUTION_STATUSES: Record<OrchestrationListStatus, readonly string[]> = {
  running: ['Running'],
  paused: ['Running'],
  awaiting_approval: ['Running'],
  completed: ['Completed'],
  cancelled: ['Completed', 'Canceled'],
  failed: ['Failed'],
  terminated: ['Terminated'],
  timed_out: ['TimedOut'],
};

export const LIST_STATUSES = Object.keys(EXECUTION_STATUSES) as readonly OrchestrationListStatus[];

/** What the workflow may publish while its execution runs, and once it completed normally. */
const PUBLISHED_WHILE_RUNNING: ReadonlySet<string> = new Set(['running', 'paused', 'awaiting_approval']);
const PUBLISHED_ON_COMPLETION: ReadonlySet<string> = new Set(['completed', 'cancelled']);

export function listQuery(status: OrchestrationListStatus | undefined): string {
  const statuses = status === undefined ? undefined : EXECUTION_STATUSES[status];
  const executionFilter =
    statuses === undefined
      ? `ExecutionStatus != 'ContinuedAsNew'`
      : `ExecutionStatus IN (${statuses.map((name) => `'${name}'`).join(', ')})`;
  return `WorkflowType IN ('${WorkflowNames.orchestrate}', '${WorkflowNames.recordedOrchestration}') AND ${executionFilter}`;
}

const PHASE_OF_EXECUTION: Partial<Record<WorkflowExecutionStatusName, OrchestrationPhase>> = {
  RUNNING: 'running',
  COMPLETED: 'completed',
  FAILED: 'failed',
  TERMINATED: 'terminated',
  TIMED_OUT: 'timed_out',
  CANCELLED: 'cancelled',
};

/**
 * The phase Temporal's execution status implies, refined by what the workflow published only where the two agree:
 * a run terminated or timed out keeps whatever it last published ("running"), so the execution status must win.
 */
export function statusOfExecution(
  execution: WorkflowExecutionStatusName,
  published: string | undefined,
): OrchestrationListStatus | undefined {
  const phase = PHASE_OF_EXECUTION[execution];
  if (phase === undefined || published === undefined) return phase;
  if (phase === 'running' && PUBLISHED_WHILE_RUNNING.has(published)) return published as OrchestrationListStatus;
  if (phase === 'completed' && PUBLISHED_ON_COMPLETION.has(published)) return published as OrchestrationListStatus;
  return phase;
}

/** Undefined for runs that are not orchestrations in their own right (continued as new). */
export function summarizeExecution(info: WorkflowExecutionInfo): OrchestrationSummary | undefined {
  const status = statusOfExecution(info.status.name, info.typedSearchAttributes.get(StatusKey));
  if (status === undefined) return undefined;
  const memo = info.memo ?? {};
  const currentAgent = info.typedSearchAttributes.get(CurrentAgentKey);
  const fallbackCount = info.typedSearchAttributes.get(FallbackCountKey);
  return {
    id: info.workflowId,
    runId: info.runId,
    status,
    ...(typeof memo.goal === 'string' ? { goal: memo.goal } : {}),
    ...(memo.mode === 'plan' || memo.mode === 'router' ? { mode: memo.mode } : {}),
    currentAgents: currentAgent ? currentAgent.split(',').filter((agent) => agent !== '') : [],
    ...(fallbackCount !== undefined ? { fallbackCount } : {}),
    startedAt: info.startTime,
    ...(isEdgeMemo(memo.edge) ? { edge: memo.edge } : {}),
    ...(info.closeTime !== undefined ? { closedAt: info.closeTime } : {}),
  };
}

function isEdgeMemo(value: unknown): value is EdgeDecisionMemo {
  return (
    value !== null &&
    typeof value === 'object' &&
    typeof (value as EdgeDecisionMemo).mode === 'string' &&
    typeof (value as EdgeDecisionMemo).reason === 'string'
  );
}
