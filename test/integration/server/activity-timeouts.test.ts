/** The four activity timeouts, and activity cancellation, as Temporal enforces and reports them. */
import { ActivityFailure, ApplicationFailure, TimeoutFailure, WorkflowFailedError } from '@temporalio/client';
import type { ActivityOptions } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { startTestEnv, type TestEnv } from '../../support/test-server';
import {
  eventTypeName,
  expectEventTypes,
  historyEvents,
  historyProblems,
  type HistoryEvent,
} from '../../support/history-checks';
import { present } from '../../support/present';
import { waitUntil } from '../../support/wait-until';
import * as activities from '../../fixtures/activities';
import { activityBehaviourAttempts, activityBehaviourReleases } from '../../fixtures/activities/activity-behaviour';
import { firstTaskGate } from '../../support/first-task-gate';
import {
  activityBehaviourCancelSignal,
  type ActivityBehaviourCancelOutcome,
} from '../../fixtures/workflows/activity-behaviour';

let env: TestEnv;
beforeAll(async () => {
  env = await startTestEnv();
});
afterAll(async () => env?.close());

const { RetryState, TimeoutType } = temporal.api.enums.v1;

interface Run {
  workflowId: string;
  error: unknown;
  activityEvents: HistoryEvent[];
}

/** Runs `activity` with `options` through activityBehaviourRun, which fails when the activity does, and returns that error. */
async function runToFailure(
  activity: string,
  options: ActivityOptions,
  args: (workflowId: string) => unknown[],
): Promise<Run> {
  const taskQueue = env.taskQueue('timeouts');
  const workflowId = env.workflowId('timeouts');
  const worker = await env.createWorker({ taskQueue, activities });
  const error = await worker.runUntil(async () => {
    const handle = await env.client.workflow.start('activityBehaviourRun', {
      taskQueue,
      workflowId,
      args: [activity, options, args(workflowId)],
    });
    return handle.result().then(
      (result) => new Error(`the workflow completed with ${JSON.stringify(result)}`),
      (err: unknown) => err,
    );
  });
  const events = await historyEvents(env.client, workflowId);
  expect(historyProblems(events)).toEqual([]);
  return { workflowId, error, activityEvents: events.filter((e) => eventTypeName(e).startsWith('Activity')) };
}

function activityFailureOf(error: unknown): ActivityFailure {
  expect(error).toBeInstanceOf(WorkflowFailedError);
  const cause = (error as WorkflowFailedError).cause;
  expect(cause).toBeInstanceOf(ActivityFailure);
  return cause as ActivityFailure;
}

function timeoutCauseOf(failure: ActivityFailure): TimeoutFailure {
  expect(failure.cause).toBeInstanceOf(TimeoutFailure);
  return failure.cause as TimeoutFailure;
}

function attemptsOf(workflowId: string): number[] {
  return (activityBehaviourAttempts.get(workflowId) ?? []).map((a) => a.attempt);
}

test('schedule-to-start: an activity no worker picks up times out once, without retries', async () => {
  const run = await runToFailure(
    'activityBehaviourFail',
    {
      taskQueue: env.taskQueue('nobody-polls'),
      scheduleToStartTimeout: 300,
      startToCloseTimeout: '10s',
      retry: { initialInterval: 50, maximumAttempts: 5 },
    },
    (workflowId) => [workflowId, { type: 'ActivityBehaviourTransient' }],
  );
  const failure = activityFailureOf(run.error);
  // A retried schedule-to-start timeout would end as MAXIMUM_ATTEMPTS_REACHED instead.
  expect(failure.retryState).toBe('TIMEOUT');
  expect(timeoutCauseOf(failure).timeoutType).toBe('SCHEDULE_TO_START');
  expect(attemptsOf(run.workflowId)).toEqual([]);

  const [, timedOutEvent] = expectEventTypes(run.activityEvents, ['ActivityTaskScheduled', 'ActivityTaskTimedOut']);
  const timedOut = present(timedOutEvent.activityTaskTimedOutEventAttributes, 'ActivityTaskTimedOut attributes');
  expect(timedOut.failure?.timeoutFailureInfo?.timeoutType).toBe(TimeoutType.TIMEOUT_TYPE_SCHEDULE_TO_START);
  expect(timedOut.failure?.message).toBe('activity ScheduleToStart timeout');
  expect(timedOut.retryState).toBe(RetryState.RETRY_STATE_TIMEOUT);
  expect(Number(timedOut.startedEventId)).toBe(0);
});

test('start-to-close: an attempt that runs too long times out and is retried per policy', async () => {
  const run = await runToFailure(
    'activityBehaviourFailThenSleep',
    { startToCloseTimeout: 300, retry: { initialInterval: 100, maximumAttempts: 3 } },
    (workflowId) => [workflowId, 0, 10_000],
  );
  expect(attemptsOf(run.workflowId)).toEqual([1, 2, 3]);
  const failure = activityFailureOf(run.error);
  expect(failure.retryState).toBe('MAXIMUM_ATTEMPTS_REACHED');
  expect(timeoutCauseOf(failure).timeoutType).toBe('START_TO_CLOSE');

  const [, started, timedOutEvent] = expectEventTypes(run.activityEvents, [
    'ActivityTaskScheduled',
    'ActivityTaskStarted',
    'ActivityTaskTimedOut',
  ]);
  expect(started.activityTaskStartedEventAttributes?.attempt).toBe(3);
  const timedOut = present(timedOutEvent.activityTaskTimedOutEventAttributes, 'ActivityTaskTimedOut attributes');
  expect(timedOut.failure?.timeoutFailureInfo?.timeoutType).toBe(TimeoutType.TIMEOUT_TYPE_START_TO_CLOSE);
  expect(timedOut.failure?.message).toBe('activity StartToClose timeout');
  expect(timedOut.retryState).toBe(RetryState.RETRY_STATE_MAXIMUM_ATTEMPTS_REACHED);
  expect(Number(timedOut.startedEventId)).toBe(Number(started.eventId));
  // The cause is the previous attempt's failure alone: failures of earlier attempts do not pile up as nested causes.
  const previousAttemptFailure = {
    message: 'activity StartToClose timeout',
    source: 'Server',
    timeoutFailureInfo: { timeoutType: TimeoutType.TIMEOUT_TYPE_START_TO_CLOSE },
  };
  expect(timedOut.failure?.cause).toMatchObject(previousAttemptFailure);
  expect(timedOut.failure?.cause?.cause).toBeNull();
  expect(started.activityTaskStartedEventAttributes?.lastFailure).toMatchObject(previousAttemptFailure);
  expect(started.activityTaskStartedEventAttributes?.lastFailure?.cause).toBeNull();
});

test('schedule-to-close: the overall deadline ends an activity across retries, reporting the last attempt failure as cause', async () => {
  const run = await runToFailure(
    'activityBehaviourFailThenSleep',
    { scheduleToCloseTimeout: 1500, retry: { initialInterval: 100, backoffCoefficient: 1 } },
    // Attempts 1 and 2 fail at once; attempt 3 is still running when the deadline passes.
    (workflowId) => [workflowId, 2, 10_000],
  );
  expect(attemptsOf(run.workflowId)).toEqual([1, 2, 3]);
  const failure = activityFailureOf(run.error);
  expect(failure.retryState).toBe('TIMEOUT');
  expect(timeoutCauseOf(failure).timeoutType).toBe('SCHEDULE_TO_CLOSE');

  const [, started, timedOutEvent] = expectEventTypes(run.activityEvents, [
    'ActivityTaskScheduled',
    'ActivityTaskStarted',
    'ActivityTaskTimedOut',
  ]);
  expect(started.activityTaskStartedEventAttributes?.attempt).toBe(3);
  const timedOut = present(timedOutEvent.activityTaskTimedOutEventAttributes, 'ActivityTaskTimedOut attributes');
  expect(timedOut.failure?.timeoutFailureInfo?.timeoutType).toBe(TimeoutType.TIMEOUT_TYPE_SCHEDULE_TO_CLOSE);
  expect(timedOut.failure?.message).toBe('activity ScheduleToClose timeout');
  expect(timedOut.retryState).toBe(RetryState.RETRY_STATE_TIMEOUT);
  // The TypeScript SDK drops a TimeoutFailure's cause when decoding, so the last attempt's failure is checked in history.
  expect(timedOut.failure?.cause?.message).toBe('attempt 2 failed');
  expect(timedOut.failure?.cause?.applicationFailureInfo?.type).toBe('ActivityBehaviourTransient');
});

test('schedule-to-close: a failure whose retry would start after the deadline ends the activity as failed with TIMEOUT', async () => {
  const run = await runToFailure(
    'activityBehaviourFail',
    { scheduleToCloseTimeout: 1000, retry: { initialInterval: 5000 } },
    (workflowId) => [workflowId, { type: 'ActivityBehaviourTransient' }],
  );
  expect(attemptsOf(run.workflowId)).toEqual([1]);
  const failure = activityFailureOf(run.error);
  expect(failure.retryState).toBe('TIMEOUT');
  expect(failure.cause).toBeInstanceOf(ApplicationFailure);
  expect(failure.cause?.message).toBe('attempt 1 failed');
  const [, , failed] = expectEventTypes(run.activityEvents, [
    'ActivityTaskScheduled',
    'ActivityTaskStarted',
    'ActivityTaskFailed',
  ]);
  expect(failed.activityTaskFailedEventAttributes?.retryState).toBe(RetryState.RETRY_STATE_TIMEOUT);
});

test('heartbeat: an attempt that stops heartbeating times out, and the next attempt sees its last heartbeat details', async () => {
  const run = await runToFailure(
    'activityBehaviourHeartbeatThenStall',
    { startToCloseTimeout: '10s', heartbeatTimeout: 500, retry: { initialInterval: 100, maximumAttempts: 2 } },
    (workflowId) => [workflowId, 10_000],
  );
  const attempts = activityBehaviourAttempts.get(run.workflowId) ?? [];
  expect(attempts.map((a) => [a.attempt, a.heartbeatDetails])).toEqual([
    [1, undefined],
    [2, 'details of attempt 1'],
  ]);
  const failure = activityFailureOf(run.error);
  expect(failure.retryState).toBe('MAXIMUM_ATTEMPTS_REACHED');
  const timeout = timeoutCauseOf(failure);
  expect(timeout.timeoutType).toBe('HEARTBEAT');
  expect(timeout.lastHeartbeatDetails).toBe('details of attempt 2');

  const [, , timedOutEvent] = expectEventTypes(run.activityEvents, [
    'ActivityTaskScheduled',
    'ActivityTaskStarted',
    'ActivityTaskTimedOut',
  ]);
  const timedOut = present(timedOutEvent.activityTaskTimedOutEventAttributes, 'ActivityTaskTimedOut attributes');
  expect(timedOut.failure?.timeoutFailureInfo?.timeoutType).toBe(TimeoutType.TIMEOUT_TYPE_HEARTBEAT);
  expect(timedOut.failure?.message).toBe('activity Heartbeat timeout');
});

function startCancellable(
  taskQueue: string,
  workflowId: string,
  activity: string,
  options: ActivityOptions,
  args: unknown[],
  hold = false,
) {
  return env.client.workflow.start('activityBehaviourCancellable', {
    taskQueue,
    workflowId,
    args: [activity, options, args, hold],
  });
}

test('cancelling a running activity reaches it through the heartbeat response; WAIT_CANCELLATION_COMPLETED waits for ActivityTaskCanceled', async () => {
  const taskQueue = env.taskQueue('cancel');
  const workflowId = env.workflowId('cancel');
  const worker = await env.createWorker({ taskQueue, activities });
  const outcome = await worker.runUntil(async () => {
    const handle = await startCancellable(
      taskQueue,
      workflowId,
      'activityBehaviourHeartbeatUntilCancelled',
      { startToCloseTimeout: '30s', heartbeatTimeout: 5000, cancellationType: 'WAIT_CANCELLATION_COMPLETED' },
      [workflowId, 50],
    );
    await waitUntil(() => activityBehaviourAttempts.get(workflowId)?.length === 1, { what: 'the activity to start' });
    await handle.signal(activityBehaviourCancelSignal);
    return (await handle.result()) as ActivityBehaviourCancelOutcome;
  });

  expect(outcome).toEqual({
    isCancellation: true,
    errorName: 'ActivityFailure',
    causeName: 'CancelledFailure',
    cancelledDetails: [],
  });
  const [attempt] = activityBehaviourAttempts.get(workflowId) ?? [];
  expect(attempt?.cancellation).toEqual({ failure: 'CancelledFailure', message: 'CANCELLED', signalAborted: true });

  const events = await historyEvents(env.client, workflowId);
  expect(historyProblems(events)).toEqual([]);
  const activityEvents = events.filter((e) => eventTypeName(e).startsWith('Activity'));
  const [scheduled, cancelRequested, started, canceled] = expectEventTypes(activityEvents, [
    'ActivityTaskScheduled',
    'ActivityTaskCancelRequested',
    'ActivityTaskStarted',
    'ActivityTaskCanceled',
  ]);
  const canceledAttributes = present(canceled.activityTaskCanceledEventAttributes, 'ActivityTaskCanceled attributes');
  expect(Number(canceledAttributes.scheduledEventId)).toBe(Number(scheduled.eventId));
  expect(Number(canceledAttributes.startedEventId)).toBe(Number(started.eventId));
  expect(Number(canceledAttributes.latestCancelRequestedEventId)).toBe(Number(cancelRequested.eventId));
  expect(Number(cancelRequested.activityTaskCancelRequestedEventAttributes?.scheduledEventId)).toBe(
    Number(scheduled.eventId),
  );
});

test('cancelling an activity that has not started cancels it at once', async () => {
  const taskQueue = env.taskQueue('cancel');
  const workflowId = env.workflowId('cancel');
  const worker = await env.createWorker({ taskQueue, activities });
  const outcome = await worker.runUntil(async () => {
    const handle = await startCancellable(
      taskQueue,
      workflowId,
      'activityBehaviourHeartbeatUntilCancelled',
      {
        taskQueue: env.taskQueue('nobody-polls'),
        startToCloseTimeout: '30s',
        cancellationType: 'WAIT_CANCELLATION_COMPLETED',
      },
      [workflowId, 50],
    );
    await waitUntil(
      async () =>
        (await historyEvents(env.client, workflowId)).some((e) => eventTypeName(e) === 'ActivityTaskScheduled'),
      { what: 'the activity to be scheduled' },
    );
    await handle.signal(activityBehaviourCancelSignal);
    return (await handle.result()) as ActivityBehaviourCancelOutcome;
  });

  // Temporal's marker for an activity cancelled before any attempt started.
  expect(outcome).toEqual({
    isCancellation: true,
    errorName: 'ActivityFailure',
    causeName: 'CancelledFailure',
    cancelledDetails: ['ACTIVITY_ID_NOT_STARTED'],
  });
  expect(activityBehaviourAttempts.get(workflowId)).toBeUndefined();
  const events = await historyEvents(env.client, workflowId);
  expect(historyProblems(events)).toEqual([]);
  const activityEvents = events.filter((e) => eventTypeName(e).startsWith('Activity'));
  const [scheduled, cancelRequested, canceled] = expectEventTypes(activityEvents, [
    'ActivityTaskScheduled',
    'ActivityTaskCancelRequested',
    'ActivityTaskCanceled',
  ]);
  const canceledAttributes = present(canceled.activityTaskCanceledEventAttributes, 'ActivityTaskCanceled attributes');
  expect(Number(canceledAttributes.scheduledEventId)).toBe(Number(scheduled.eventId));
  expect(Number(canceledAttributes.startedEventId)).toBe(0);
  expect(Number(canceledAttributes.latestCancelRequestedEventId)).toBe(Number(cancelRequested.eventId));
  // Written by the workflow task that asked for the cancellation, under its worker's identity.
  expect(canceledAttributes.identity).toBe(worker.options.identity);
});

test('cancelling an activity that is waiting between attempts cancels it at once', async () => {
  const taskQueue = env.taskQueue('cancel');
  const workflowId = env.workflowId('cancel');
  const worker = await env.createWorker({ taskQueue, activities });
  const outcome = await worker.runUntil(async () => {
    const handle = await startCancellable(
      taskQueue,
      workflowId,
      'activityBehaviourFail',
      {
        startToCloseTimeout: '30s',
        retry: { initialInterval: '1 minute' },
        cancellationType: 'WAIT_CANCELLATION_COMPLETED',
      },
      [workflowId, { type: 'ActivityBehaviourTransient' }],
    );
    await waitUntil(async () => (await handle.describe()).raw.pendingActivities?.[0]?.attempt === 2, {
      what: 'the activity to wait for its second attempt',
    });
    await handle.signal(activityBehaviourCancelSignal);
    return (await handle.result()) as ActivityBehaviourCancelOutcome;
  });

  expect(outcome).toMatchObject({
    isCancellation: true,
    causeName: 'CancelledFailure',
    cancelledDetails: ['ACTIVITY_ID_NOT_STARTED'],
  });
  expect(attemptsOf(workflowId)).toEqual([1]);
  const events = await historyEvents(env.client, workflowId);
  expect(historyProblems(events)).toEqual([]);
  const activityEvents = events.filter((e) => eventTypeName(e).startsWith('Activity'));
  const [, , canceled] = expectEventTypes(activityEvents, [
    'ActivityTaskScheduled',
    'ActivityTaskCancelRequested',
    'ActivityTaskCanceled',
  ]);
  expect(Number(canceled.activityTaskCanceledEventAttributes?.startedEventId)).toBe(0);
});

test('a cancel request for an activity whose completion arrived during the cancelling workflow task is recorded before that completion', async () => {
  const taskQueue = env.taskQueue('cancel');
  const workflowId = env.workflowId('cancel');
  const gate = firstTaskGate();
  const worker = await env.createWorker({ taskQueue, activities, sinks: gate.sinks });
  const outcome = await worker.runUntil(async () => {
    const handle = await startCancellable(
      taskQueue,
      workflowId,
      'activityBehaviourWaitForRelease',
      { startToCloseTimeout: '30s', cancellationType: 'WAIT_CANCELLATION_COMPLETED' },
      [workflowId],
      true,
    );
    const releaseActivity = await waitUntil(() => activityBehaviourReleases.get(workflowId), {
      what: 'the activity to start',
    });
    await handle.signal(activityBehaviourCancelSignal);
    await gate.running;
    try {
      releaseActivity('finished anyway');
      await waitUntil(async () => (await handle.describe()).raw.pendingActivities?.length === 0, {
        what: 'the activity completion',
      });
    } finally {
      gate.release();
    }
    return await handle.result();
  });

  expect(outcome).toEqual({ result: 'finished anyway' });
  const events = await historyEvents(env.client, workflowId);
  expect(historyProblems(events)).toEqual([]);
  expect(events.filter((e) => eventTypeName(e).startsWith('Activity')).map(eventTypeName)).toEqual([
    'ActivityTaskScheduled',
    'ActivityTaskCancelRequested',
    'ActivityTaskStarted',
    'ActivityTaskCompleted',
  ]);
});
