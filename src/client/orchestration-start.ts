/** How an orchestration is started on the server: its workflow options, shared by start() and the edge outbox's drain. */
import { WorkflowIdReusePolicy, type WorkflowStartOptions } from '@temporalio/client';
import type { OrchestrationRequest } from '../config/orchestration-request';
import type { EdgeRecord } from '../orchestration/edge-record';
import { WorkflowNames } from '../orchestration/names';
import type { orchestrate } from '../workflows/orchestrate';
import type { recordedOrchestration } from '../workflows/recorded-orchestration';
import { orchestrationWorkflowOptions } from './orchestration-start-options';
import { FallbackCountKey, StatusKey } from './visibility-keys';

export function orchestrateStartOptions(
  request: OrchestrationRequest,
  id: string,
  taskQueue: string,
): WorkflowStartOptions<typeof orchestrate> {
  const { workflowType: _workflowType, ...options } = orchestrationWorkflowOptions(request, taskQueue);
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
    ...(request.visibility.searchAttributes
      ? {
          typedSearchAttributes: [
            { key: StatusKey, value: record.status.phase },
            { key: FallbackCountKey, value: record.status.fallbackCount },
          ],
        }
      : {}),
  };
}

export const RECORDED_WORKFLOW = WorkflowNames.recordedOrchestration;
