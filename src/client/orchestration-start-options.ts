/**
 * How an orchestration is started on the server: its workflow options, shared by SteadfastClient.start, orchestration
 * schedules and the edge outbox's drain, so an orchestration gets the same options whichever way it starts.
 */
import { WorkflowIdReusePolicy, type WorkflowStartOptions } from '@temporalio/client';
import type { OrchestrationRequest } from '../config/orchestration-request';
import type { EdgeRecord } from '../orchestration/edge-record';
import { WorkflowNames } from '../orchestration/names';
import type { orchestrate } from '../workflows/orchestrate';
import type { recordedOrchestration } from '../workflows/recorded-orchestration';
import { FallbackCountKey, StatusKey } from './visibility-keys';

/** Where orchestrations run and how long one of their workflow tasks may take before another worker takes over. */
export interface OrchestrationPlacement {
  readonly taskQueue: string;
  readonly workflowTaskTimeoutMs: number;
}

export function orchestrationWorkflowOptions(parsed: OrchestrationRequest, placement: OrchestrationPlacement) {
  return {
    workflowType: WorkflowNames.orchestrate,
    taskQueue: placement.taskQueue,
    workflowTaskTimeout: placement.workflowTaskTimeoutMs,
    args: [parsed] as [OrchestrationRequest],
    ...(parsed.visibility.memo ? { memo: { goal: parsed.goal, mode: parsed.plan ? 'plan' : 'router' } } : {}),
    ...statusSearchAttributes(parsed, 'running', 0),
  };
}

export function orchestrateStartOptions(
  request: OrchestrationRequest,
  id: string,
  placement: OrchestrationPlacement,
): WorkflowStartOptions<typeof orchestrate> {
  const { workflowType: _workflowType, ...options } = orchestrationWorkflowOptions(request, placement);
  return { ...options, workflowId: id };
}

/**
 * Starts from the edge outbox must never make a second orchestration of one request: the id is rejected while a run
 * of it exists, running or closed (WorkflowExecutionAlreadyStarted is then the answer that the server has it).
 */
export const EDGE_ID_REUSE_POLICY = WorkflowIdReusePolicy.REJECT_DUPLICATE;

/** The memo always carries the edge decision (memo needs no registration); search attributes only when enabled. */
export function recordStartOptions(
  request: OrchestrationRequest,
  record: EdgeRecord,
  taskQueue: string,
): WorkflowStartOptions<typeof recordedOrchestration> {
  return {
    taskQueue,
    workflowId: record.status.orchestrationId,
    workflowIdReusePolicy: EDGE_ID_REUSE_POLICY,
    args: [record],
    memo: { goal: request.goal, mode: request.plan ? 'plan' : 'router', edge: record.edge },
    ...statusSearchAttributes(request, record.status.phase, record.status.fallbackCount),
  };
}

function statusSearchAttributes(request: OrchestrationRequest, status: string, fallbackCount: number) {
  return request.visibility.searchAttributes
    ? {
        typedSearchAttributes: [
          { key: StatusKey, value: status },
          { key: FallbackCountKey, value: fallbackCount },
        ],
      }
    : {};
}
