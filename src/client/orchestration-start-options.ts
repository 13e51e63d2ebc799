/** The workflow options an orchestration starts with, shared by SteadfastClient.start and orchestration schedules. */
import { WorkflowNames } from '../orchestration/names';
import { DEFAULT_WORKFLOW_TASK_TIMEOUT_MS } from '../config/client-config';
import type { OrchestrationRequest } from '../config/orchestration-request';
import { FallbackCountKey, StatusKey } from './visibility-keys';

export function orchestrationWorkflowOptions(
  parsed: OrchestrationRequest,
  taskQueue: string,
  workflowTaskTimeoutMs: number = DEFAULT_WORKFLOW_TASK_TIMEOUT_MS,
) {
  return {
    workflowType: WorkflowNames.orchestrate,
    taskQueue,
    workflowTaskTimeout: workflowTaskTimeoutMs,
    args: [parsed] as [OrchestrationRequest],
    ...(parsed.visibility.memo ? { memo: { goal: parsed.goal, mode: parsed.plan ? 'plan' : 'router' } } : {}),
    ...(parsed.visibility.searchAttributes
      ? {
          typedSearchAttributes: [
            { key: StatusKey, value: 'running' },
            { key: FallbackCountKey, value: 0 },
          ],
        }
      : {}),
  };
}
