/** Closing a run: its final event, status, and the end of everything still pending on it. */
import { enums, EventType, WorkflowExecutionStatus, type HistoryEvent } from '../proto/temporal-proto';
import { flushBufferedEvents } from './workflow-task-scheduling';
import type { MutableExecution } from './mutable-execution';

export const TIMER_RETENTION = 'retention';
/** The identity Temporal records on events the server writes itself. */
export const HISTORY_SERVICE_IDENTITY = 'history-service';
/** The identity Temporal's resetter writes on the termination of the run it resets. */
export const RESETTER_IDENTITY = 'history-resetter';

export function closeExecution(
  run: MutableExecution,
  status: WorkflowExecutionStatus,
  eventType: EventType,
  attributes: Partial<HistoryEvent>,
  retentionMs: number,
): number {
  const { state } = run;
  const eventId = run.appendEvent(eventType, attributes);
  state.status = status;
  state.closeTime = run.now;
  state.workflowTask = undefined;
  state.activities = {};
  state.timers = {};
  state.buffered = [];
  state.sticky = undefined;
  run.closed = true;
  run.addTimer(TIMER_RETENTION, run.now + retentionMs, {});
  return eventId;
}

/**
 * Closes a run from outside the workflow (terminate, timeout): a running workflow task is failed with
 * FORCE_CLOSE_COMMAND, buffered events are written, then the closing event.
 */
export function forceCloseExecution(
  run: MutableExecution,
  status: WorkflowExecutionStatus,
  eventType: EventType,
  attributes: Partial<HistoryEvent>,
  retentionMs: number,
): void {
  const wft = run.state.workflowTask;
  if (wft?.startedEventId !== undefined && !wft.transient) {
    run.appendEvent(EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED, {
      workflowTaskFailedEventAttributes: {
        scheduledEventId: wft.scheduledEventId,
        startedEventId: wft.startedEventId,
        cause: enums.WorkflowTaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_FORCE_CLOSE_COMMAND,
        identity: HISTORY_SERVICE_IDENTITY,
      },
    });
  }
  run.state.workflowTask = undefined;
  flushBufferedEvents(run);
  closeExecution(run, status, eventType, attributes, retentionMs);
}

export function statusName(status: number): string {
  const name = WorkflowExecutionStatus[status] ?? 'UNSPECIFIED';
  return name.replace('WORKFLOW_EXECUTION_STATUS_', '');
}
