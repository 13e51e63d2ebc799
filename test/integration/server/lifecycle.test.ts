/** A workflow's life on the embedded server: start and result, describe, terminate and cancel. (Id policies: workflow-id-policies.test.ts.) */
import { CancelledFailure, TerminatedFailure, WorkflowFailedError } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { startTestEnv, type TestEnv } from '../../support/test-server';
import {
  decodeFirstPayload,
  eventAt,
  eventTypeNames,
  expectEventTypes,
  historyEvents,
  historyProblems,
} from '../../support/history-checks';
import { present } from '../../support/present';
import { firstTaskGate } from '../../support/first-task-gate';
import { rejectionOf } from '../../support/rejection-of';
import { waitUntil } from '../../support/wait-until';
import * as activities from '../../fixtures/activities';

const PendingActivityState = temporal.api.enums.v1.PendingActivityState;
const WorkflowTaskFailedCause = temporal.api.enums.v1.WorkflowTaskFailedCause;

let env: TestEnv;
beforeAll(async () => {
  env = await startTestEnv();
});
afterAll(async () => env?.close());

test('a started workflow runs its activity, and result() long-polls until the close event', async () => {
  const taskQueue = env.taskQueue();
  const workflowId = env.workflowId();
  const handle = await env.client.workflow.start('lifecycleGreet', { taskQueue, workflowId, args: ['world'] });
  // Asked before any worker exists: the answer can only come from the history long poll.
  const result = handle.result();
  const worker = await env.createWorker({ taskQueue, activities });
  await expect(worker.runUntil(result)).resolves.toBe('HELLO WORLD!');

  const events = await historyEvents(env.client, workflowId);
  const [
    started,
    wftScheduled,
    wftStarted,
    wftCompleted,
    actScheduled,
    actStarted,
    actCompleted,
    ,
    secondWftStarted,
    secondWftCompleted,
    closed,
  ] = expectEventTypes(events, [
    'WorkflowExecutionStarted',
    'WorkflowTaskScheduled',
    'WorkflowTaskStarted',
    'WorkflowTaskCompleted',
    'ActivityTaskScheduled',
    'ActivityTaskStarted',
    'ActivityTaskCompleted',
    'WorkflowTaskScheduled',
    'WorkflowTaskStarted',
    'WorkflowTaskCompleted',
    'WorkflowExecutionCompleted',
  ]);
  expect(historyProblems(events)).toEqual([]);

  expect(started.workflowExecutionStartedEventAttributes?.workflowType?.name).toBe('lifecycleGreet');
  expect(started.workflowExecutionStartedEventAttributes?.taskQueue?.name).toBe(taskQueue);
  expect(decodeFirstPayload(started.workflowExecutionStartedEventAttributes?.input)).toBe('world');
  expect(started.workflowExecutionStartedEventAttributes?.attempt).toBe(1);
  expect(started.workflowExecutionStartedEventAttributes?.firstExecutionRunId).toBe(handle.firstExecutionRunId);
  expect(started.workflowExecutionStartedEventAttributes?.originalExecutionRunId).toBe(handle.firstExecutionRunId);
  expect(Number(started.workflowExecutionStartedEventAttributes?.workflowTaskTimeout?.seconds)).toBe(10);
  expect(wftScheduled.workflowTaskScheduledEventAttributes?.taskQueue?.name).toBe(taskQueue);
  expect(wftScheduled.workflowTaskScheduledEventAttributes?.attempt).toBe(1);
  expect(Number(wftScheduled.workflowTaskScheduledEventAttributes?.startToCloseTimeout?.seconds)).toBe(10);
  expect(Number(wftStarted.workflowTaskStartedEventAttributes?.scheduledEventId)).toBe(2);
  expect(wftStarted.workflowTaskStartedEventAttributes?.identity).toBe(worker.options.identity);
  expect(wftStarted.workflowTaskStartedEventAttributes?.requestId).toBeTruthy();
  expect(Number(wftCompleted.workflowTaskCompletedEventAttributes?.scheduledEventId)).toBe(2);
  expect(Number(wftCompleted.workflowTaskCompletedEventAttributes?.startedEventId)).toBe(3);
  expect(wftCompleted.workflowTaskCompletedEventAttributes?.identity).toBe(worker.options.identity);
  const scheduled = present(actScheduled.activityTaskScheduledEventAttributes, 'ActivityTaskScheduled attributes');
  expect(scheduled.activityType?.name).toBe('lifecycleShout');
  expect(scheduled.taskQueue?.name).toBe(taskQueue);
  expect(Number(scheduled.workflowTaskCompletedEventId)).toBe(4);
  expect(decodeFirstPayload(scheduled.input)).toBe('hello world');
  expect(Number(actStarted.activityTaskStartedEventAttributes?.scheduledEventId)).toBe(5);
  expect(actStarted.activityTaskStartedEventAttributes?.attempt).toBe(1);
  expect(actStarted.activityTaskStartedEventAttributes?.identity).toBe(worker.options.identity);
  expect(Number(actCompleted.activityTaskCompletedEventAttributes?.scheduledEventId)).toBe(5);
  expect(Number(actCompleted.activityTaskCompletedEventAttributes?.startedEventId)).toBe(6);
  expect(decodeFirstPayload(actCompleted.activityTaskCompletedEventAttributes?.result)).toBe('HELLO WORLD!');
  expect(Number(secondWftStarted.workflowTaskStartedEventAttributes?.scheduledEventId)).toBe(8);
  expect(Number(secondWftCompleted.workflowTaskCompletedEventAttributes?.startedEventId)).toBe(9);
  const completed = present(closed.workflowExecutionCompletedEventAttributes, 'WorkflowExecutionCompleted attributes');
  expect(Number(completed.workflowTaskCompletedEventId)).toBe(10);
  expect(decodeFirstPayload(completed.result)).toBe('HELLO WORLD!');
});

test('describe reports status, type, task queue, history length and the pending activity', async () => {
  const taskQueue = env.taskQueue();
  const workflowId = env.workflowId();
  const worker = await env.createWorker({ taskQueue, activities });
  await worker.runUntil(async () => {
    const handle = await env.client.workflow.start('lifecycleActivityUntilCancelled', { taskQueue, workflowId });
    const running = await waitUntil(
      async () => {
        const d = await handle.describe();
        return d.raw.pendingActivities?.[0]?.state === PendingActivityState.PENDING_ACTIVITY_STATE_STARTED && d;
      },
      { what: 'the activity to be started' },
    );
    expect(running.status.name).toBe('RUNNING');
    expect(running.type).toBe('lifecycleActivityUntilCancelled');
    expect(running.taskQueue).toBe(taskQueue);
    expect(running.workflowId).toBe(workflowId);
    expect(running.runId).toBe(handle.firstExecutionRunId);
    expect(running.closeTime).toBeUndefined();
    const events = await historyEvents(env.client, workflowId);
    expect(running.historyLength).toBe(events.length);
    expect(eventTypeNames(events).at(-1)).toBe('ActivityTaskScheduled');
    const pending = running.raw.pendingActivities ?? [];
    expect(pending).toHaveLength(1);
    const activity = present(pending[0], 'a pending activity');
    expect(activity.activityType?.name).toBe('lifecycleBlockUntilCancelled');
    expect(activity.activityId).toBe(eventAt(events, -1).activityTaskScheduledEventAttributes?.activityId);
    expect(activity.attempt).toBe(1);
    expect(activity.lastStartedTime).toBeTruthy();

    await handle.terminate('describe test is done');
  });
});

test('terminate closes the run as TERMINATED and result() rejects with a TerminatedFailure cause', async () => {
  const taskQueue = env.taskQueue();
  const workflowId = env.workflowId();
  const worker = await env.createWorker({ taskQueue, activities });
  await worker.runUntil(async () => {
    const handle = await env.client.workflow.start('lifecycleActivityUntilCancelled', { taskQueue, workflowId });
    await waitUntil(async () => ((await handle.describe()).raw.pendingActivities?.length ?? 0) > 0, {
      what: 'the activity to be scheduled',
    });
    // Waiting before the terminate: the history long poll must wake for the close event.
    const outcome = rejectionOf(handle.result());
    await handle.terminate('enough of this');

    const err = await outcome;
    expect(err).toBeInstanceOf(WorkflowFailedError);
    expect((err as WorkflowFailedError).cause).toBeInstanceOf(TerminatedFailure);
    expect((err as WorkflowFailedError).cause?.message).toBe('enough of this');

    const description = await handle.describe();
    expect(description.status.name).toBe('TERMINATED');
    expect(description.closeTime).toBeInstanceOf(Date);
    expect(description.raw.pendingActivities ?? []).toEqual([]);
    const events = await historyEvents(env.client, workflowId);
    expect(description.historyLength).toBe(events.length);
    expect(historyProblems(events)).toEqual([]);
    const last = events.at(-1)!;
    expect(eventTypeNames([last])).toEqual(['WorkflowExecutionTerminated']);
    expect(last.workflowExecutionTerminatedEventAttributes?.reason).toBe('enough of this');
  });
});

test('terminate during a running workflow task fails that task, writes the buffered signal, then the terminated event', async () => {
  const taskQueue = env.taskQueue();
  const workflowId = env.workflowId();
  const gate = firstTaskGate();
  const worker = await env.createWorker({ taskQueue, activities, sinks: gate.sinks });
  await worker.runUntil(async () => {
    const handle = await env.client.workflow.start('lifecycleSignalCollector', {
      taskQueue,
      workflowId,
      args: [5, true],
    });
    try {
      await gate.running;
      await handle.signal('lifecycleItem', 'buffered');
      await handle.terminate('terminated mid-task');
    } finally {
      gate.release();
    }
    const err = await rejectionOf(handle.result());
    expect((err as WorkflowFailedError).cause).toBeInstanceOf(TerminatedFailure);
  });

  const events = await historyEvents(env.client, workflowId);
  expect(historyProblems(events)).toEqual([]);
  const [, , , taskFailed, , terminated] = expectEventTypes(events, [
    'WorkflowExecutionStarted',
    'WorkflowTaskScheduled',
    'WorkflowTaskStarted',
    'WorkflowTaskFailed',
    'WorkflowExecutionSignaled',
    'WorkflowExecutionTerminated',
  ]);
  const failed = present(taskFailed.workflowTaskFailedEventAttributes, 'WorkflowTaskFailed attributes');
  expect(failed.cause).toBe(WorkflowTaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_FORCE_CLOSE_COMMAND);
  expect(failed.identity).toBe('history-service');
  expect(terminated.workflowExecutionTerminatedEventAttributes?.reason).toBe('terminated mid-task');
  // The worker's completion arrived after the run closed and changed nothing.
  expect((await env.client.workflow.getHandle(workflowId).describe()).historyLength).toBe(events.length);
});

test('cancel reaches the workflow as CancelledFailure and the client sees a WorkflowFailedError caused by it', async () => {
  const taskQueue = env.taskQueue();
  const workflowId = env.workflowId();
  const worker = await env.createWorker({ taskQueue, activities });
  await worker.runUntil(async () => {
    const handle = await env.client.workflow.start('lifecycleAwaitCancellation', { taskQueue, workflowId });
    await waitUntil(async () => eventTypeNames(await historyEvents(env.client, workflowId)).includes('TimerStarted'), {
      what: 'the workflow to start its timer',
    });
    const outcome = rejectionOf(handle.result());
    await handle.cancel();

    const err = await outcome;
    expect(err).toBeInstanceOf(WorkflowFailedError);
    expect((err as WorkflowFailedError).cause).toBeInstanceOf(CancelledFailure);
    expect((await handle.describe()).status.name).toBe('CANCELLED');

    const events = await historyEvents(env.client, workflowId);
    expect(historyProblems(events)).toEqual([]);
    const types = eventTypeNames(events);
    const requested = types.indexOf('WorkflowExecutionCancelRequested');
    expect(requested).toBeGreaterThan(types.indexOf('TimerStarted'));
    // After the request the workflow cancels its timer and runs a cleanup activity that records the error it saw.
    const afterRequest = events.slice(requested);
    expect(eventTypeNames(afterRequest)).toEqual([
      'WorkflowExecutionCancelRequested',
      'WorkflowTaskScheduled',
      'WorkflowTaskStarted',
      'WorkflowTaskCompleted',
      'TimerCanceled',
      'ActivityTaskScheduled',
      'ActivityTaskStarted',
      'ActivityTaskCompleted',
      'WorkflowTaskScheduled',
      'WorkflowTaskStarted',
      'WorkflowTaskCompleted',
      'WorkflowExecutionCanceled',
    ]);
    const cleanup = afterRequest.find((e) => e.activityTaskScheduledEventAttributes)!;
    expect(decodeFirstPayload(cleanup.activityTaskScheduledEventAttributes?.input)).toBe(
      'cleanup after CancelledFailure',
    );
  });
});

test('a cancel request that arrives during a workflow task is written after that task completes', async () => {
  const taskQueue = env.taskQueue();
  const workflowId = env.workflowId();
  const gate = firstTaskGate();
  const worker = await env.createWorker({ taskQueue, activities, sinks: gate.sinks });
  await worker.runUntil(async () => {
    const handle = await env.client.workflow.start('lifecycleSignalCollector', {
      taskQueue,
      workflowId,
      args: [5, true],
    });
    try {
      await gate.running;
      await handle.cancel();
      expect(eventTypeNames(await historyEvents(env.client, workflowId)).at(-1)).toBe('WorkflowTaskStarted');
    } finally {
      gate.release();
    }
    const err = await rejectionOf(handle.result());
    expect((err as WorkflowFailedError).cause).toBeInstanceOf(CancelledFailure);
  });

  const events = await historyEvents(env.client, workflowId);
  expect(historyProblems(events)).toEqual([]);
  expect(eventTypeNames(events)).toEqual([
    'WorkflowExecutionStarted',
    'WorkflowTaskScheduled',
    'WorkflowTaskStarted',
    'WorkflowTaskCompleted',
    'WorkflowExecutionCancelRequested',
    'WorkflowTaskScheduled',
    'WorkflowTaskStarted',
    'WorkflowTaskCompleted',
    'WorkflowExecutionCanceled',
  ]);
});
