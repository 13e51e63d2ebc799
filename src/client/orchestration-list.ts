/**
 * Listing orchestrations: the visibility query for a status, and each row's status read from the SteadfastStatus
 * search attribute when the orchestration publishes it, otherwise from how its workflow execution stands.
 */
import type { WorkflowExecutionInfo, WorkflowExecutionStatusName } from '@temporalio/client';
import type { EdgeDecisionMemo } from '../orchestration/edge-record';
import { WorkflowNames } from '../orchestration/names';
import type { OrchestrationMode, OrchestrationPhase } from '../orchestration/types';
import { CurrentAgentKey, FallbackCountKey, StatusKey } from './visibility-keys';

export interface OrchestrationSummary {
  readonly id: string;
  readonly runId: string;
  /**
   * Paused orchestrations, and ones cancelled by signal, are told apart from running and completed ones only
   * when the request enabled visibility.searchAttributes.
   */
  readonly status: OrchestrationPhase;
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
const EXECUTION_STATUSES: Record<OrchestrationPhase, readonly string[]> = {
  running: ['Running'],
  paused: ['Running'],
  completed: ['Completed'],
  cancelled: ['Completed', 'Canceled'],
  failed: ['Failed', 'Terminated', 'TimedOut'],
};

const PHASES: ReadonlySet<string> = new Set(Object.keys(EXECUTION_STATUSES));

export function listQuery(status: OrchestrationPhase | undefined): string {
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
  TERMINATED: 'failed',
  TIMED_OUT: 'failed',
  CANCELLED: 'cancelled',
};

/** Undefined for runs that are not orchestrations in their own right (continued as new). */
export function summarizeExecution(info: WorkflowExecutionInfo): OrchestrationSummary | undefined {
  const published = info.typedSearchAttributes.get(StatusKey);
  const status =
    published !== undefined && PHASES.has(published)
      ? (published as OrchestrationPhase)
      : PHASE_OF_EXECUTION[info.status.name];
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
