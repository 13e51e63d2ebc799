/** Activity retry policies as Temporal applies them: backoff schedule, attempt counting, non-retryable failures, nextRetryDelay, and the history they leave. */
import { ActivityFailure, ApplicationFailure, WorkflowFailedError } from '@temporalio/client';
import type { ActivityOptions } from '@temporalio/common';
import { tsToMs } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { startTestEnv, type TestEnv } from '../../support/test-server';
import {
  eventAt,
  eventTypeName,
  expectEventTypes,
  historyEvents,
  historyProblems,
  type HistoryEvent,
} from '../../support/history-checks';
import { present } from '../../support/present';
import * as activities from '../../fixtures/activities';
import {
  activityBehaviourAttempts,
  type ActivityBehaviourFailOptions,
} from '../../fixtures/activities/activity-behaviour';

let env: TestEnv;
beforeAll(async () => {
  env = await startTestEnv();
});
afterAll(async () => env?.close());

const RetryState = temporal.api.enums.v1.RetryState;

interface RunOutcome {
  workflowId: string;
  result?: unknown;
  error?: unknown;
  attempts: { attempt: number; startedAt: number }[];
  activityEvents: HistoryEvent[];
}

/** Runs activityBehaviourFail under `retry` through a workflow, and collects what the activity, the client and the history saw. */
async function runFailing(
  retry: ActivityOptions['retry'],
  failOptions: ActivityBehaviourFailOptions,
): Promise<RunOutcome> {
  const taskQueue = env.taskQueue('retry');
  const workflowId = env.workflowId('retry');
  const worker = await env.createWorker({ taskQueue, activities });
  const outcome = await worker.runUntil(async () => {
    const handle = await env.client.workflow.start('activityBehaviourRun', {
      taskQueue,
      workflowId,
      args: ['activityBehaviourFail', { startToCloseTimeout: '10s', retry }, [workflowId, failOptions]],
    });
    try {
      return { result: await handle.result() };
    } catch (error) {
      return { error };
    }
  });
  const events = await historyEvents(env.client, workflowId);
  expect(historyProblems(events)).toEqual([]);
  return {
    workflowId,
    ...outcome,
    attempts: activityBehaviourAttempts.get(workflowId) ?? [],
    activityEvents: events.filter((e) => eventTypeName(e).startsWith('Activity')),
  };
}

/** The ActivityFailure the workflow failed with, checked to be one. */
function activityFailureOf(error: unknown): ActivityFailure {
  expect(error).toBeInstanceOf(WorkflowFailedError);
  const cause = (error as WorkflowFailedError).cause;
  expect(cause).toBeInstanceOf(ActivityFailure);
  return cause as ActivityFailure;
}

function gapsBetween(attempts: { startedAt: number }[]): number[] {
  return attempts.slice(1).map((a, i) => a.startedAt - present(attempts[i], `attempt ${i + 1}`).startedAt);
}

test('failed attempts back off exponentially up to maximumInterval, and maximumAttempts ends them with the last failure', async () => {
  const outcome = await runFailing(
    { initialInterval: 100, backoffCoefficient: 3, maximumInterval: 1000, maximumAttempts: 6 },
    { type: 'ActivityBehaviourTransient' },
  );

  expect(outcome.attempts.map((a) => a.attempt)).toEqual([1, 2, 3, 4, 5, 6]);
  // initial * coef^(n-1), capped at maximumInterval: 100, 300, 900, 2700->1000, 8100->1000.
  const expectedGaps = [100, 300, 900, 1000, 1000];
  const gaps = gapsBetween(outcome.attempts);
  expect(gaps).toHaveLength(expectedGaps.length);
  gaps.forEach((gap, i) => {
    const expectedGap = present(expectedGaps[i], `expected gap ${i + 1}`);
    expect(gap).toBeGreaterThanOrEqual(expectedGap);
    // Generous, for loaded machines; the last gap still shows the cap (uncapped it would be 8100).
    expect(gap).toBeLessThan(expectedGap + 3000);
  });
  const failure = activityFailureOf(outcome.error);
  expect(failure.retryState).toBe('MAXIMUM_ATTEMPTS_REACHED');
  expect(failure.activityType).toBe('activityBehaviourFail');
  expect(failure.cause).toBeInstanceOf(ApplicationFailure);
  expect((failure.cause as ApplicationFailure).type).toBe('ActivityBehaviourTransient');
  expect(failure.cause?.message).toBe('attempt 6 failed');

  // No event per retry: one scheduled, the last attempt's started, and the final failure.
  const [scheduled, started, failed] = expectEventTypes(outcome.activityEvents, [
    'ActivityTaskScheduled',
    'ActivityTaskStarted',
    'ActivityTaskFailed',
  ]);
  expect(scheduled.activityTaskScheduledEventAttributes?.retryPolicy).toMatchObject({
    backoffCoefficient: 3,
    maximumAttempts: 6,
  });
  expect(started.activityTaskStartedEventAttributes?.attempt).toBe(6);
  expect(started.activityTaskStartedEventAttributes?.lastFailure?.message).toBe('attempt 5 failed');
  const failedAttributes = present(failed.activityTaskFailedEventAttributes, 'ActivityTaskFailed attributes');
  expect(failedAttributes.retryState).toBe(RetryState.RETRY_STATE_MAXIMUM_ATTEMPTS_REACHED);
  expect(failedAttributes.failure?.message).toBe('attempt 6 failed');
  expect(failedAttributes.failure?.applicationFailureInfo?.type).toBe('ActivityBehaviourTransient');
  expect(Number(failedAttributes.scheduledEventId)).toBe(Number(scheduled.eventId));
  expect(Number(failedAttributes.startedEventId)).toBe(Number(started.eventId));
});

test('an activity that succeeds on a later attempt completes with its result, the attempt counted from 1', async () => {
  const outcome = await runFailing(
    { initialInterval: 50, backoffCoefficient: 1, maximumAttempts: 5 },
    { type: 'ActivityBehaviourTransient', succeedOnAttempt: 3 },
  );
  expect(outcome.error).toBeUndefined();
  expect(outcome.result).toBe('succeeded on attempt 3');
  expect(outcome.attempts.map((a) => a.attempt)).toEqual([1, 2, 3]);
  const [, started] = expectEventTypes(outcome.activityEvents, [
    'ActivityTaskScheduled',
    'ActivityTaskStarted',
    'ActivityTaskCompleted',
  ]);
  expect(started.activityTaskStartedEventAttributes?.attempt).toBe(3);
});

test('the started event is written when the attempt closes, but dated when that attempt started', async () => {
  const taskQueue = env.taskQueue('retry');
  const workflowId = env.workflowId('started-time');
  const worker = await env.createWorker({ taskQueue, activities });
  const sleepMs = 400;
  await worker.runUntil(
    env.client.workflow.execute('activityBehaviourRun', {
      taskQueue,
      workflowId,
      args: [
        'activityBehaviourFailThenSleep',
        { startToCloseTimeout: '10s', retry: { initialInterval: 50 } },
        [workflowId, 1, sleepMs],
      ],
    }),
  );
  const [scheduled, started, completed] = expectEventTypes(
    (await historyEvents(env.client, workflowId)).filter((e) => eventTypeName(e).startsWith('Activity')),
    ['ActivityTaskScheduled', 'ActivityTaskStarted', 'ActivityTaskCompleted'],
  );
  const [, secondAttempt] = activityBehaviourAttempts.get(workflowId) ?? [];
  expect(secondAttempt?.attempt).toBe(2);
  const startedAt = tsToMs(started.eventTime);
  // Handed to the worker before its code ran, after the first attempt's backoff...
  expect(startedAt).toBeLessThanOrEqual(present(secondAttempt, 'a second attempt').startedAt + 1);
  expect(startedAt).toBeGreaterThanOrEqual(tsToMs(scheduled.eventTime) + 50);
  // ...and not when the result arrived, a whole sleep later.
  expect(tsToMs(completed.eventTime) - startedAt).toBeGreaterThanOrEqual(sleepMs - 1);
});

test('a failure type listed in nonRetryableErrorTypes is not retried', async () => {
  const outcome = await runFailing(
    { initialInterval: 50, maximumAttempts: 5, nonRetryableErrorTypes: ['ActivityBehaviourFatal'] },
    { type: 'ActivityBehaviourFatal' },
  );
  expect(outcome.attempts.map((a) => a.attempt)).toEqual([1]);
  const failure = activityFailureOf(outcome.error);
  expect(failure.retryState).toBe('NON_RETRYABLE_FAILURE');
  expect((failure.cause as ApplicationFailure).type).toBe('ActivityBehaviourFatal');
  expect(failure.cause?.message).toBe('attempt 1 failed');
  const [, started, failed] = expectEventTypes(outcome.activityEvents, [
    'ActivityTaskScheduled',
    'ActivityTaskStarted',
    'ActivityTaskFailed',
  ]);
  expect(started.activityTaskStartedEventAttributes?.attempt).toBe(1);
  expect(failed.activityTaskFailedEventAttributes?.retryState).toBe(RetryState.RETRY_STATE_NON_RETRYABLE_FAILURE);
});

test('ApplicationFailure.nonRetryable stops an unlimited retry policy after one attempt', async () => {
  const outcome = await runFailing({ initialInterval: 50 }, { type: 'ActivityBehaviourTransient', nonRetryable: true });
  expect(outcome.attempts.map((a) => a.attempt)).toEqual([1]);
  const failure = activityFailureOf(outcome.error);
  expect(failure.retryState).toBe('NON_RETRYABLE_FAILURE');
  expect(failure.cause).toBeInstanceOf(ApplicationFailure);
  expect((failure.cause as ApplicationFailure).nonRetryable).toBe(true);
  expect((failure.cause as ApplicationFailure).type).toBe('ActivityBehaviourTransient');
  expect(
    eventAt(outcome.activityEvents, 2).activityTaskFailedEventAttributes?.failure?.applicationFailureInfo?.nonRetryable,
  ).toBe(true);
});

test('nextRetryDelay replaces the policy interval, even beyond maximumInterval', async () => {
  const outcome = await runFailing(
    { initialInterval: 20, backoffCoefficient: 1, maximumInterval: 50, maximumAttempts: 3 },
    { type: 'ActivityBehaviourTransient', nextRetryDelayMs: 500 },
  );
  expect(outcome.attempts.map((a) => a.attempt)).toEqual([1, 2, 3]);
  for (const gap of gapsBetween(outcome.attempts)) {
    expect(gap).toBeGreaterThanOrEqual(500);
    expect(gap).toBeLessThan(500 + 3000);
  }
  expect(activityFailureOf(outcome.error).retryState).toBe('MAXIMUM_ATTEMPTS_REACHED');
});

test('nextRetryDelay shorter than the policy interval retries sooner', async () => {
  const outcome = await runFailing(
    { initialInterval: 20_000, maximumAttempts: 2 },
    { type: 'ActivityBehaviourTransient', nextRetryDelayMs: 100 },
  );
  expect(outcome.attempts.map((a) => a.attempt)).toEqual([1, 2]);
  const [gap] = gapsBetween(outcome.attempts);
  expect(gap).toBeGreaterThanOrEqual(100);
  // The policy alone would wait 20s.
  expect(gap).toBeLessThan(10_000);
  expect(activityFailureOf(outcome.error).cause?.message).toBe('attempt 2 failed');
});
