/** WorkflowExecutionInfo as Describe and List return it, built from a run's stored state. */
import { common, enums, failure, type temporal, type Relaxed } from '../../proto/temporal-proto';
import { durationFromMs, timestampFromMs } from '../../proto/time';
import type { ExecutionState } from '../../history/execution-state';
import type { VisibilityFields } from '../../store/execution-store';

export function executionInfo(
  state: ExecutionState,
  visibility: VisibilityFields,
): Relaxed<temporal.api.workflow.v1.IWorkflowExecutionInfo> {
  return {
    execution: { workflowId: state.workflowId, runId: state.runId },
    type: { name: state.workflowType },
    startTime: timestampFromMs(state.startTime),
    closeTime: state.closeTime !== undefined ? timestampFromMs(state.closeTime) : undefined,
    status: state.status,
    historyLength: state.nextEventId - 1,
    executionTime: timestampFromMs(state.executionTime),
    memo: visibility.memo ? common.Memo.decode(visibility.memo) : { fields: {} },
    searchAttributes: state.searchAttributes
      ? common.SearchAttributes.decode(Buffer.from(state.searchAttributes, 'base64'))
      : { indexedFields: {} },
    taskQueue: state.taskQueue,
    stateTransitionCount: state.stateTransitionCount,
    historySizeBytes: state.historySizeBytes,
    parentNamespaceId: state.parent ? state.parent.namespace : '',
    parentExecution: state.parent ? { workflowId: state.parent.workflowId, runId: state.parent.runId } : undefined,
    rootExecution: { workflowId: state.rootWorkflowId, runId: state.rootRunId },
    firstRunId: state.firstExecutionRunId,
    executionDuration:
      state.closeTime !== undefined ? durationFromMs(Math.max(0, state.closeTime - state.executionTime)) : undefined,
  };
}

export function pendingActivities(state: ExecutionState): Relaxed<temporal.api.workflow.v1.IPendingActivityInfo>[] {
  return Object.values(state.activities).map((a) => ({
    activityId: a.activityId,
    activityType: { name: a.activityType },
    state: a.cancelRequested
      ? enums.PendingActivityState.PENDING_ACTIVITY_STATE_CANCEL_REQUESTED
      : a.status === 'started'
        ? enums.PendingActivityState.PENDING_ACTIVITY_STATE_STARTED
        : enums.PendingActivityState.PENDING_ACTIVITY_STATE_SCHEDULED,
    heartbeatDetails: a.heartbeatDetails
      ? common.Payloads.decode(Buffer.from(a.heartbeatDetails, 'base64'))
      : undefined,
    lastHeartbeatTime: a.lastHeartbeatTime !== undefined ? timestampFromMs(a.lastHeartbeatTime) : undefined,
    lastStartedTime: a.startedTime !== undefined ? timestampFromMs(a.startedTime) : undefined,
    attempt: a.attempt,
    maximumAttempts: a.retryPolicy.maximumAttempts,
    scheduledTime: timestampFromMs(a.attemptScheduledTime),
    expirationTime: a.scheduleToCloseMs ? timestampFromMs(a.scheduledTime + a.scheduleToCloseMs) : undefined,
    lastFailure: a.lastFailure ? failure.Failure.decode(Buffer.from(a.lastFailure, 'base64')) : undefined,
    lastWorkerIdentity: a.lastWorkerIdentity ?? a.startedIdentity ?? '',
  }));
}

export function pendingWorkflowTask(
  state: ExecutionState,
): Relaxed<temporal.api.workflow.v1.IPendingWorkflowTaskInfo> | undefined {
  const wft = state.workflowTask;
  if (!wft) return undefined;
  return {
    state:
      wft.startedEventId !== undefined
        ? enums.PendingWorkflowTaskState.PENDING_WORKFLOW_TASK_STATE_STARTED
        : enums.PendingWorkflowTaskState.PENDING_WORKFLOW_TASK_STATE_SCHEDULED,
    scheduledTime: timestampFromMs(wft.scheduledTime),
    originalScheduledTime: timestampFromMs(wft.originalScheduledTime),
    startedTime: wft.startedTime !== undefined ? timestampFromMs(wft.startedTime) : undefined,
    attempt: wft.attempt,
  };
}
