/** ScheduleActivityTask and RequestCancelActivityTask commands. */
import { enums, EventType, type temporal, type Relaxed } from '../proto/temporal-proto';
import { durationFromMs, msFromDuration } from '../proto/time';
import type { MutableExecution } from './mutable-execution';
import type { ActivityState } from './execution-state';
import { normalizeRetryPolicy, retryPolicyToProto } from './retry-policy';
import { CommandRejection } from './command-rejection';
import { queueActivityAttempt, TIMER_ACTIVITY_SCHEDULE_TO_CLOSE } from './activity-attempts';
import { hasBufferedActivityOutcome } from './workflow-task-scheduling';

type ScheduleAttributes = Relaxed<temporal.api.command.v1.IScheduleActivityTaskCommandAttributes>;
const Cause = enums.WorkflowTaskFailedCause;

interface ActivityTimeouts {
  scheduleToCloseMs?: number | undefined;
  scheduleToStartMs?: number | undefined;
  startToCloseMs: number;
  heartbeatMs?: number | undefined;
}

/** Temporal's rules for filling in the activity timeouts a command leaves out. */
export function deriveActivityTimeouts(
  attributes: ScheduleAttributes,
  runTimeoutMs: number | undefined,
): ActivityTimeouts {
  let scheduleToClose = msFromDuration(attributes.scheduleToCloseTimeout);
  let scheduleToStart = msFromDuration(attributes.scheduleToStartTimeout);
  let startToClose = msFromDuration(attributes.startToCloseTimeout);
  let heartbeat = msFromDuration(attributes.heartbeatTimeout);
  for (const [name, value] of Object.entries({ scheduleToClose, scheduleToStart, startToClose, heartbeat })) {
    if (value !== undefined && value < 0) {
      throw new CommandRejection(
        Cause.WORKFLOW_TASK_FAILED_CAUSE_BAD_SCHEDULE_ACTIVITY_ATTRIBUTES,
        `Invalid ${name}Timeout.`,
      );
    }
  }
  if (scheduleToClose) {
    if (runTimeoutMs) scheduleToClose = Math.min(scheduleToClose, runTimeoutMs);
    scheduleToStart = scheduleToStart ? Math.min(scheduleToStart, scheduleToClose) : scheduleToClose;
    startToClose = startToClose ? Math.min(startToClose, scheduleToClose) : scheduleToClose;
  } else if (startToClose) {
    scheduleToClose = runTimeoutMs;
    if (!scheduleToStart) scheduleToStart = runTimeoutMs;
  } else {
    throw new CommandRejection(
      Cause.WORKFLOW_TASK_FAILED_CAUSE_BAD_SCHEDULE_ACTIVITY_ATTRIBUTES,
      'A valid StartToClose or ScheduleToCloseTimeout is not set on ScheduleActivityTaskCommand.',
    );
  }
  if (heartbeat) heartbeat = Math.min(heartbeat, startToClose);
  return {
    scheduleToCloseMs: scheduleToClose,
    scheduleToStartMs: scheduleToStart,
    startToCloseMs: startToClose,
    heartbeatMs: heartbeat,
  };
}

export function scheduleActivity(
  run: MutableExecution,
  attributes: ScheduleAttributes,
  completedEventId: number,
): void {
  const { state } = run;
  const reject = (message: string) =>
    new CommandRejection(Cause.WORKFLOW_TASK_FAILED_CAUSE_BAD_SCHEDULE_ACTIVITY_ATTRIBUTES, message);
  const activityId = attributes.activityId ?? '';
  if (!activityId) throw reject('ActivityId is not set on ScheduleActivityTaskCommand.');
  if (!attributes.activityType?.name) throw reject('ActivityType is not set on ScheduleActivityTaskCommand.');
  if (Object.values(state.activities).some((a) => a.activityId === activityId)) {
    throw reject(`Activity with id ${activityId} is already pending.`);
  }
  const taskQueue = attributes.taskQueue?.name || state.taskQueue;
  const timeouts = deriveActivityTimeouts(attributes, state.runTimeoutMs);
  const retryPolicy = normalizeRetryPolicy(attributes.retryPolicy, 'RetryPolicy');
  if (typeof retryPolicy === 'string') throw reject(retryPolicy);

  const scheduledEventId = run.appendEvent(EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED, {
    activityTaskScheduledEventAttributes: {
      activityId,
      activityType: attributes.activityType,
      taskQueue: { name: taskQueue, kind: enums.TaskQueueKind.TASK_QUEUE_KIND_NORMAL },
      header: attributes.header,
      input: attributes.input,
      scheduleToCloseTimeout: timeouts.scheduleToCloseMs ? durationFromMs(timeouts.scheduleToCloseMs) : undefined,
      scheduleToStartTimeout: timeouts.scheduleToStartMs ? durationFromMs(timeouts.scheduleToStartMs) : undefined,
      startToCloseTimeout: durationFromMs(timeouts.startToCloseMs),
      heartbeatTimeout: timeouts.heartbeatMs ? durationFromMs(timeouts.heartbeatMs) : undefined,
      workflowTaskCompletedEventId: completedEventId,
      retryPolicy: retryPolicyToProto(retryPolicy),
      useWorkflowBuildId: attributes.useWorkflowBuildId ?? false,
      priority: attributes.priority,
    },
  });
  const activity: ActivityState = {
    scheduledEventId,
    activityId,
    activityType: attributes.activityType.name,
    taskQueue,
    status: 'scheduled',
    attempt: 1,
    stamp: 0,
    scheduledTime: run.now,
    attemptScheduledTime: run.now,
    retryPolicy,
    ...timeouts,
    cancelRequested: false,
  };
  state.activities[scheduledEventId] = activity;
  run.newActivities.push({
    scheduledEventId,
    details: {
      activityType: attributes.activityType,
      header: attributes.header,
      input: attributes.input,
      priority: attributes.priority,
    },
  });
  queueActivityAttempt(run, activity);
  if (timeouts.scheduleToCloseMs) {
    run.addTimer(TIMER_ACTIVITY_SCHEDULE_TO_CLOSE, run.now + timeouts.scheduleToCloseMs, { scheduledEventId });
  }
}

/** The details Temporal gives an activity cancelled before any attempt started: the string "ACTIVITY_ID_NOT_STARTED". */
const NOT_STARTED_DETAILS = {
  payloads: [
    { metadata: { encoding: Buffer.from('json/plain') }, data: Buffer.from(JSON.stringify('ACTIVITY_ID_NOT_STARTED')) },
  ],
};

export function requestCancelActivity(
  run: MutableExecution,
  scheduledEventId: number,
  completedEventId: number,
  identity: string,
): void {
  const activity = run.state.activities[scheduledEventId];
  // An activity no longer pending may still be cancelled while its outcome waits in the buffer (it arrived during
  // this workflow task): the request is recorded before that outcome, as the worker's activity state machine
  // expects. Any other request for it, or a repeated one, Temporal refuses.
  if ((!activity && !hasBufferedActivityOutcome(run, scheduledEventId)) || activity?.cancelRequested) {
    throw new CommandRejection(
      Cause.WORKFLOW_TASK_FAILED_CAUSE_BAD_REQUEST_CANCEL_ACTIVITY_ATTRIBUTES,
      `invalid history builder state for action: add-activitytask-cancel-requested-event, ScheduledEventID: ${scheduledEventId}`,
    );
  }
  const cancelRequestedEventId = run.appendEvent(EventType.EVENT_TYPE_ACTIVITY_TASK_CANCEL_REQUESTED, {
    activityTaskCancelRequestedEventAttributes: { scheduledEventId, workflowTaskCompletedEventId: completedEventId },
  });
  if (!activity) return;
  if (activity.status === 'started') {
    activity.cancelRequested = true;
    return;
  }
  // Not running anywhere: cancelled at once, and the workflow needs a new task to see it.
  delete run.state.activities[scheduledEventId];
  run.appendEvent(EventType.EVENT_TYPE_ACTIVITY_TASK_CANCELED, {
    activityTaskCanceledEventAttributes: {
      scheduledEventId,
      startedEventId: 0,
      latestCancelRequestedEventId: cancelRequestedEventId,
      details: NOT_STARTED_DETAILS,
      identity,
    },
  });
  run.needsNewWorkflowTask = true;
}
