/** An activity's attempts: dispatch, heartbeats, results, timeouts and retries. */
import {
  common,
  enums,
  EventType,
  failure as failureProto,
  type Failure,
  type temporal,
  type Relaxed,
  encodeMessage,
} from '../proto/temporal-proto';
import { durationFromMs, timestampFromMs } from '../proto/time';
import { invalidArgument, notFound } from '../errors/rpc-error';
import type { ServerContext } from './server-context';
import type { MutableExecution } from './mutable-execution';
import type { ActivityState } from './execution-state';
import type { QueuedTask } from '../store/task-store';
import { encodeTaskToken, type TaskToken } from './task-token';
import { decideRetry, retryPolicyToProto } from './retry-policy';
import { deliverActivityOutcome } from './workflow-task-scheduling';

export const TIMER_ACTIVITY_SCHEDULE_TO_START = 'activity-schedule-to-start';
export const TIMER_ACTIVITY_START_TO_CLOSE = 'activity-start-to-close';
export const TIMER_ACTIVITY_HEARTBEAT = 'activity-heartbeat';
export const TIMER_ACTIVITY_SCHEDULE_TO_CLOSE = 'activity-schedule-to-close';
export const TIMER_ACTIVITY_RETRY = 'activity-retry';

const TimeoutType = enums.TimeoutType;
type Payloads = Relaxed<temporal.api.common.v1.IPayloads>;

export interface ActivityTimerData {
  scheduledEventId: number;
  stamp?: number;
}

/** Puts the activity's current attempt on its task queue. */
export function queueActivityAttempt(run: MutableExecution, activity: ActivityState): void {
  activity.stamp++;
  activity.status = 'scheduled';
  activity.attemptScheduledTime = run.now;
  run.addTask({
    kind: 'activity',
    taskQueue: activity.taskQueue,
    ref: activity.scheduledEventId,
    stamp: activity.stamp,
  });
  if (activity.scheduleToStartMs) {
    const data: ActivityTimerData = { scheduledEventId: activity.scheduledEventId, stamp: activity.stamp };
    run.addTimer(TIMER_ACTIVITY_SCHEDULE_TO_START, run.now + activity.scheduleToStartMs, data);
  }
}

function encodePayloads(payloads: Payloads | null | undefined): string | undefined {
  return payloads ? Buffer.from(encodeMessage(common.Payloads, payloads)).toString('base64') : undefined;
}
function decodePayloads(b64: string | undefined): Payloads | undefined {
  return b64 ? common.Payloads.decode(Buffer.from(b64, 'base64')) : undefined;
}
function encodeFailure(f: Failure): string {
  return Buffer.from(encodeMessage(failureProto.Failure, f)).toString('base64');
}
function decodeFailure(b64: string | undefined): Failure | undefined {
  return b64 ? failureProto.Failure.decode(Buffer.from(b64, 'base64')) : undefined;
}

/** Claims a queued activity attempt for a poller; undefined when the task is stale. */
export function startActivity(
  ctx: ServerContext,
  task: QueuedTask,
  identity: string,
  requestId: string,
): Relaxed<temporal.api.workflowservice.v1.IPollActivityTaskQueueResponse> | undefined {
  const run = ctx.load(task.run_id);
  const activity = run?.state.activities[task.ref];
  if (!run || !run.isOpen || !activity || activity.stamp !== task.stamp || activity.status !== 'scheduled')
    return undefined;
  activity.status = 'started';
  activity.startedTime = run.now;
  activity.startedIdentity = identity;
  activity.startedRequestId = requestId;
  activity.lastHeartbeatTime = undefined;
  const data: ActivityTimerData = { scheduledEventId: activity.scheduledEventId, stamp: activity.stamp };
  run.addTimer(TIMER_ACTIVITY_START_TO_CLOSE, run.now + activity.startToCloseMs, data);
  if (activity.heartbeatMs) run.addTimer(TIMER_ACTIVITY_HEARTBEAT, run.now + activity.heartbeatMs, data);
  ctx.save(run);

  const scheduled =
    ctx.activityDispatches.take(run.state.runId, activity.scheduledEventId) ??
    ctx.executions.readEvent(run.state.runId, activity.scheduledEventId)!.activityTaskScheduledEventAttributes!;
  const token: TaskToken = {
    kind: 'activity',
    namespace: run.state.namespace,
    runId: run.state.runId,
    scheduledEventId: activity.scheduledEventId,
    stamp: activity.stamp,
    attempt: activity.attempt,
  };
  return {
    taskToken: encodeTaskToken(token),
    workflowNamespace: run.state.namespace,
    workflowType: { name: run.state.workflowType },
    workflowExecution: { workflowId: run.state.workflowId, runId: run.state.runId },
    activityType: scheduled.activityType,
    activityId: activity.activityId,
    header: scheduled.header,
    input: scheduled.input,
    heartbeatDetails: decodePayloads(activity.heartbeatDetails),
    scheduledTime: timestampFromMs(activity.scheduledTime),
    currentAttemptScheduledTime: timestampFromMs(activity.attemptScheduledTime),
    startedTime: timestampFromMs(run.now),
    attempt: activity.attempt,
    // The TypeScript worker requires every timeout to be present; zero means none.
    scheduleToCloseTimeout: durationFromMs(activity.scheduleToCloseMs ?? 0),
    startToCloseTimeout: durationFromMs(activity.startToCloseMs),
    heartbeatTimeout: durationFromMs(activity.heartbeatMs ?? 0),
    retryPolicy: retryPolicyToProto(activity.retryPolicy),
    priority: scheduled.priority,
  };
}

/** Loads the run and the started attempt that an activity task token names. */
function loadStartedAttempt(ctx: ServerContext, token: TaskToken): { run: MutableExecution; activity: ActivityState } {
  if (token.kind !== 'activity') throw notFound('Activity task not found.');
  const run = ctx.load(token.runId);
  const activity = run?.state.activities[token.scheduledEventId];
  if (!run || !run.isOpen) throw notFound('workflow execution already completed');
  if (!activity || activity.stamp !== token.stamp || activity.status !== 'started') {
    throw notFound('Activity task not found.');
  }
  return { run, activity };
}

export function recordHeartbeat(ctx: ServerContext, token: TaskToken, details: Payloads | null | undefined): boolean {
  return ctx.transact(() => {
    const { run, activity } = loadStartedAttempt(ctx, token);
    activity.lastHeartbeatTime = run.now;
    if (details) activity.heartbeatDetails = encodePayloads(details);
    ctx.save(run);
    return activity.cancelRequested;
  });
}

/** Written when the attempt closes, as Temporal does, but dated when the attempt started. */
function startedEventAttributes(activity: ActivityState): Relaxed<temporal.api.history.v1.IHistoryEvent> {
  return {
    ...(activity.startedTime !== undefined ? { eventTime: timestampFromMs(activity.startedTime) } : {}),
    activityTaskStartedEventAttributes: {
      scheduledEventId: activity.scheduledEventId,
      identity: activity.startedIdentity ?? '',
      requestId: activity.startedRequestId ?? '',
      attempt: activity.attempt,
      lastFailure: decodeFailure(activity.lastFailure),
    },
  };
}

export function completeActivity(
  ctx: ServerContext,
  token: TaskToken,
  result: Payloads | null | undefined,
  identity: string,
): void {
  ctx.transact(() => {
    const { run, activity } = loadStartedAttempt(ctx, token);
    delete run.state.activities[activity.scheduledEventId];
    deliverActivityOutcome(
      run,
      startedEventAttributes(activity),
      EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED,
      (startedEventId) => ({
        activityTaskCompletedEventAttributes: {
          result,
          scheduledEventId: activity.scheduledEventId,
          startedEventId,
          identity,
        },
      }),
    );
    ctx.save(run);
  });
}

export function cancelActivity(
  ctx: ServerContext,
  token: TaskToken,
  details: Payloads | null | undefined,
  identity: string,
): void {
  ctx.transact(() => {
    const { run, activity } = loadStartedAttempt(ctx, token);
    if (!activity.cancelRequested)
      throw invalidArgument('Unable to mark activity as canceled without activity being requested for cancellation.');
    delete run.state.activities[activity.scheduledEventId];
    const latestCancelRequestedEventId = findCancelRequestedEventId(ctx, run, activity.scheduledEventId);
    deliverActivityOutcome(
      run,
      startedEventAttributes(activity),
      EventType.EVENT_TYPE_ACTIVITY_TASK_CANCELED,
      (startedEventId) => ({
        activityTaskCanceledEventAttributes: {
          details,
          latestCancelRequestedEventId,
          scheduledEventId: activity.scheduledEventId,
          startedEventId,
          identity,
        },
      }),
    );
    ctx.save(run);
  });
}

function findCancelRequestedEventId(ctx: ServerContext, run: MutableExecution, scheduledEventId: number): number {
  const events = ctx.executions.readEvents(run.state.runId, scheduledEventId + 1, run.state.nextEventId - 1);
  const latest = [...events]
    .reverse()
    .find(
      (event) => Number(event.activityTaskCancelRequestedEventAttributes?.scheduledEventId ?? 0) === scheduledEventId,
    );
  return latest ? Number(latest.eventId) : 0;
}

export function failActivity(
  ctx: ServerContext,
  token: TaskToken,
  failure: Failure,
  identity: string,
  lastHeartbeatDetails: Payloads | null | undefined,
): void {
  ctx.transact(() => {
    const { run, activity } = loadStartedAttempt(ctx, token);
    if (lastHeartbeatDetails) activity.heartbeatDetails = encodePayloads(lastHeartbeatDetails);
    activity.lastWorkerIdentity = identity;
    endAttempt(run, activity, failure, (retryState, startedEventId) => ({
      eventType: EventType.EVENT_TYPE_ACTIVITY_TASK_FAILED,
      attributes: {
        activityTaskFailedEventAttributes: {
          failure,
          scheduledEventId: activity.scheduledEventId,
          startedEventId,
          identity,
          retryState,
        },
      },
    }));
    ctx.save(run);
  });
}

type FinalEvent = (
  retryState: number,
  startedEventId: number,
) => { eventType: EventType; attributes: Relaxed<temporal.api.history.v1.IHistoryEvent> };

/** After a failed or timed-out attempt: retry after backoff, or write the final outcome. */
function endAttempt(run: MutableExecution, activity: ActivityState, failure: Failure, finalEvent: FinalEvent): void {
  const expirationTime = activity.scheduleToCloseMs ? activity.scheduledTime + activity.scheduleToCloseMs : undefined;
  const decision = decideRetry({
    policy: activity.retryPolicy,
    attempt: activity.attempt,
    failure,
    now: run.now,
    expirationTime,
    cancelRequested: activity.cancelRequested,
  });
  if (decision.retry) {
    const wasStarted = activity.status === 'started';
    activity.lastFailure = encodeFailure(failure);
    activity.attempt++;
    activity.status = 'backoff';
    activity.startedTime = undefined;
    // Describe shows when the next attempt is due, as Temporal does.
    activity.attemptScheduledTime = run.now + decision.delayMs;
    if (!wasStarted) activity.lastWorkerIdentity = undefined;
    const data: ActivityTimerData = { scheduledEventId: activity.scheduledEventId, stamp: activity.stamp };
    run.addTimer(TIMER_ACTIVITY_RETRY, run.now + decision.delayMs, data);
    return;
  }
  delete run.state.activities[activity.scheduledEventId];
  const started = activity.status === 'started' ? startedEventAttributes(activity) : undefined;
  const { eventType } = finalEvent(decision.retryState, 0);
  deliverActivityOutcome(
    run,
    started,
    eventType,
    (startedEventId) => finalEvent(decision.retryState, startedEventId).attributes,
  );
}

/** The failure of a timed-out attempt; it is what the next attempt sees as its last failure. */
function timeoutFailure(timeoutType: number): Failure {
  const name = (TimeoutType[timeoutType] ?? '').replace('TIMEOUT_TYPE_', '');
  const camel = name
    .toLowerCase()
    .split('_')
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join('');
  return { message: `activity ${camel} timeout`, source: 'Server', timeoutFailureInfo: { timeoutType } };
}

/**
 * The failure of the event that ends the activity with a timeout: it also carries the last heartbeat details and,
 * as cause, the previous attempt's failure. A retryable timeout whose next attempt would not fit before
 * schedule-to-close is reported as a schedule-to-close timeout, with Temporal's message.
 */
function finalTimeoutFailure(timeoutType: number, retryState: number, activity: ActivityState): Failure {
  const retryable =
    timeoutType === TimeoutType.TIMEOUT_TYPE_START_TO_CLOSE || timeoutType === TimeoutType.TIMEOUT_TYPE_HEARTBEAT;
  const outOfTime = retryable && retryState === enums.RetryState.RETRY_STATE_TIMEOUT;
  const failure = outOfTime
    ? {
        ...timeoutFailure(TimeoutType.TIMEOUT_TYPE_SCHEDULE_TO_CLOSE),
        message: 'Not enough time to schedule next retry before activity ScheduleToClose timeout, giving up retrying',
      }
    : timeoutFailure(timeoutType);
  return {
    ...failure,
    cause: decodeFailure(activity.lastFailure),
    timeoutFailureInfo: {
      ...failure.timeoutFailureInfo,
      lastHeartbeatDetails: decodePayloads(activity.heartbeatDetails),
    },
  };
}

/** Fires one of the activity's timers; stale ones (for an earlier attempt) do nothing. */
export function onActivityTimer(ctx: ServerContext, runId: string, kind: string, data: ActivityTimerData): void {
  const run = ctx.load(runId);
  const activity = run?.state.activities[data.scheduledEventId];
  if (!run || !run.isOpen || !activity) return;
  if (kind !== TIMER_ACTIVITY_SCHEDULE_TO_CLOSE && activity.stamp !== data.stamp) return;

  if (kind === TIMER_ACTIVITY_RETRY) {
    if (activity.status !== 'backoff') return;
    queueActivityAttempt(run, activity);
    ctx.save(run);
    return;
  }
  if (kind === TIMER_ACTIVITY_HEARTBEAT) {
    if (activity.status !== 'started') return;
    const deadline = (activity.lastHeartbeatTime ?? activity.startedTime!) + activity.heartbeatMs!;
    if (deadline > run.now) {
      run.addTimer(TIMER_ACTIVITY_HEARTBEAT, deadline, data);
      ctx.save(run);
      return;
    }
  }
  if (kind === TIMER_ACTIVITY_START_TO_CLOSE && activity.status !== 'started') return;
  if (kind === TIMER_ACTIVITY_SCHEDULE_TO_START && activity.status !== 'scheduled') return;

  const timeoutType = {
    [TIMER_ACTIVITY_SCHEDULE_TO_START]: TimeoutType.TIMEOUT_TYPE_SCHEDULE_TO_START,
    [TIMER_ACTIVITY_START_TO_CLOSE]: TimeoutType.TIMEOUT_TYPE_START_TO_CLOSE,
    [TIMER_ACTIVITY_HEARTBEAT]: TimeoutType.TIMEOUT_TYPE_HEARTBEAT,
    [TIMER_ACTIVITY_SCHEDULE_TO_CLOSE]: TimeoutType.TIMEOUT_TYPE_SCHEDULE_TO_CLOSE,
  }[kind];
  if (timeoutType === undefined) return;
  endAttempt(run, activity, timeoutFailure(timeoutType), (retryState, startedEventId) => ({
    eventType: EventType.EVENT_TYPE_ACTIVITY_TASK_TIMED_OUT,
    attributes: {
      activityTaskTimedOutEventAttributes: {
        failure: finalTimeoutFailure(timeoutType, retryState, activity),
        scheduledEventId: activity.scheduledEventId,
        startedEventId,
        retryState,
      },
    },
  }));
  ctx.save(run);
}
