/** Rebuilds a run's pending work (activities, timers, children, updates) from its history, for reset. */
import { EventType, type HistoryEvent } from '../proto/temporal-proto';
import { msFromDuration, msFromTimestamp, toNumber } from '../proto/time';
import type { ActivityState, ChildState, TimerState } from './execution-state';
import { normalizeRetryPolicy } from './retry-policy';

export interface PendingWork {
  activities: Record<string, ActivityState>;
  timers: Record<string, TimerState>;
  children: Record<string, ChildState>;
  acceptedUpdates: Record<string, number>;
  cancelRequested: boolean;
  lastCompletedStartedEventId: number;
}

function activityFromScheduled(event: HistoryEvent): ActivityState {
  const attributes = event.activityTaskScheduledEventAttributes!;
  const policy = normalizeRetryPolicy(attributes.retryPolicy, 'RetryPolicy');
  // The server wrote this policy itself, normalized, when the activity was scheduled.
  if (typeof policy === 'string') throw new Error(`history holds an invalid retry policy: ${policy}`);
  const scheduledTime = msFromTimestamp(event.eventTime) ?? 0;
  return {
    scheduledEventId: toNumber(event.eventId),
    activityId: attributes.activityId ?? '',
    activityType: attributes.activityType?.name ?? '',
    taskQueue: attributes.taskQueue?.name ?? '',
    status: 'scheduled',
    attempt: 1,
    stamp: 0,
    scheduledTime,
    attemptScheduledTime: scheduledTime,
    retryPolicy: policy,
    scheduleToCloseMs: msFromDuration(attributes.scheduleToCloseTimeout),
    scheduleToStartMs: msFromDuration(attributes.scheduleToStartTimeout),
    startToCloseMs: msFromDuration(attributes.startToCloseTimeout) ?? 0,
    heartbeatMs: msFromDuration(attributes.heartbeatTimeout),
    cancelRequested: false,
  };
}

/** Scheduled event id an activity result event refers to, if the event is one. */
function activityResultOf(event: HistoryEvent): number | undefined {
  const attributes =
    event.activityTaskCompletedEventAttributes ??
    event.activityTaskFailedEventAttributes ??
    event.activityTaskTimedOutEventAttributes ??
    event.activityTaskCanceledEventAttributes;
  return attributes ? toNumber(attributes.scheduledEventId) : undefined;
}

/** Initiated event id a child outcome event (or a failed child start) refers to, if the event is one. */
export function childResultOf(event: HistoryEvent): number | undefined {
  const attributes =
    event.childWorkflowExecutionCompletedEventAttributes ??
    event.childWorkflowExecutionFailedEventAttributes ??
    event.childWorkflowExecutionCanceledEventAttributes ??
    event.childWorkflowExecutionTimedOutEventAttributes ??
    event.childWorkflowExecutionTerminatedEventAttributes ??
    event.startChildWorkflowExecutionFailedEventAttributes;
  return attributes ? toNumber(attributes.initiatedEventId) : undefined;
}

export function pendingWorkFromHistory(events: HistoryEvent[]): PendingWork {
  const work: PendingWork = {
    activities: {},
    timers: {},
    children: {},
    acceptedUpdates: {},
    cancelRequested: false,
    lastCompletedStartedEventId: 0,
  };
  for (const event of events) {
    const eventId = toNumber(event.eventId);
    switch (event.eventType) {
      case EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED:
        work.activities[eventId] = activityFromScheduled(event);
        break;
      case EventType.EVENT_TYPE_ACTIVITY_TASK_CANCEL_REQUESTED: {
        const activity = work.activities[toNumber(event.activityTaskCancelRequestedEventAttributes?.scheduledEventId)];
        if (activity) activity.cancelRequested = true;
        break;
      }
      case EventType.EVENT_TYPE_TIMER_STARTED: {
        const attributes = event.timerStartedEventAttributes!;
        const fireAt = (msFromTimestamp(event.eventTime) ?? 0) + (msFromDuration(attributes.startToFireTimeout) ?? 0);
        work.timers[attributes.timerId ?? ''] = { startedEventId: eventId, fireAt };
        break;
      }
      case EventType.EVENT_TYPE_TIMER_FIRED:
        delete work.timers[event.timerFiredEventAttributes?.timerId ?? ''];
        break;
      case EventType.EVENT_TYPE_TIMER_CANCELED:
        delete work.timers[event.timerCanceledEventAttributes?.timerId ?? ''];
        break;
      case EventType.EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_INITIATED: {
        const attributes = event.startChildWorkflowExecutionInitiatedEventAttributes!;
        work.children[eventId] = {
          namespace: attributes.namespace ?? '',
          workflowId: attributes.workflowId ?? '',
          runId: '',
          workflowType: attributes.workflowType?.name ?? '',
          parentClosePolicy: attributes.parentClosePolicy ?? 0,
        };
        break;
      }
      case EventType.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_STARTED: {
        const attributes = event.childWorkflowExecutionStartedEventAttributes!;
        const child = work.children[toNumber(attributes.initiatedEventId)];
        if (child) {
          child.runId = attributes.workflowExecution?.runId ?? '';
          child.startedEventId = eventId;
        }
        break;
      }
      case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CANCEL_REQUESTED:
        work.cancelRequested = true;
        break;
      case EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED:
        work.lastCompletedStartedEventId = toNumber(event.workflowTaskCompletedEventAttributes?.startedEventId);
        break;
      case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED:
        work.acceptedUpdates[event.workflowExecutionUpdateAcceptedEventAttributes?.protocolInstanceId ?? ''] = eventId;
        break;
      case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_COMPLETED:
        delete work.acceptedUpdates[event.workflowExecutionUpdateCompletedEventAttributes?.meta?.updateId ?? ''];
        break;
      default: {
        const activity = activityResultOf(event);
        if (activity !== undefined) delete work.activities[activity];
        const child = childResultOf(event);
        if (child !== undefined) delete work.children[child];
      }
    }
  }
  return work;
}
