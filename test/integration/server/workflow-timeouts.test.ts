/** Workflow run and execution timeouts: the run closes TIMED_OUT, and the client surfaces a TimeoutFailure. */
import * as grpc from '@grpc/grpc-js';
import { WorkflowFailedError } from '@temporalio/client';
import { RetryState, TimeoutFailure, TimeoutType } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { startTestEnv, type TestEnv } from '../../support/test-server';
import { eventAt, eventTypeNames, historyEvents, historyProblems } from '../../support/history-checks';
import { present } from '../../support/present';
import * as activities from '../../fixtures/activities';

const Enums = temporal.api.enums.v1;

let env: TestEnv;
beforeAll(async () => {
  env = await startTestEnv();
});
afterAll(async () => env?.close());

async function failureOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    (value) => {
      throw new Error(`expected a rejection, got ${JSON.stringify(value)}`);
    },
    (err: unknown) => err,
  );
}

function expectTimedOutError(err: unknown, retryState: RetryState): void {
  expect(err).toBeInstanceOf(WorkflowFailedError);
  const failed = err as WorkflowFailedError;
  expect(failed.message).toBe('Workflow execution timed out');
  expect(failed.retryState).toBe(retryState);
  expect(failed.cause).toBeInstanceOf(TimeoutFailure);
  expect((failed.cause as TimeoutFailure).timeoutType).toBe(TimeoutType.START_TO_CLOSE);
}

test('a run that outlives its run timeout is closed TIMED_OUT while its timer is pending', async () => {
  const taskQueue = env.taskQueue('run-timeout');
  const workflowId = env.workflowId('run-timeout');
  const worker = await env.createWorker({ taskQueue, activities });
  const handle = await env.client.workflow.start('sleeper', {
    taskQueue,
    workflowId,
    args: [60_000],
    workflowRunTimeout: '1s',
  });

  expectTimedOutError(await worker.runUntil(failureOf(handle.result())), RetryState.RETRY_POLICY_NOT_SET);

  const description = await handle.describe();
  expect(description.status.name).toBe('TIMED_OUT');
  expect(description.closeTime).toBeInstanceOf(Date);
  const events = await historyEvents(env.client, workflowId);
  expect(historyProblems(events)).toEqual([]);
  expect(eventTypeNames(events)).toEqual([
    'WorkflowExecutionStarted',
    'WorkflowTaskScheduled',
    'WorkflowTaskStarted',
    'WorkflowTaskCompleted',
    'TimerStarted',
    'WorkflowExecutionTimedOut',
  ]);
  const started = present(
    eventAt(events, 0).workflowExecutionStartedEventAttributes,
    'WorkflowExecutionStarted attributes',
  );
  expect(Number(started.workflowRunTimeout?.seconds)).toBe(1);
  expect(started.workflowExecutionTimeout).toBeFalsy();
  expect(eventAt(events, 5).workflowExecutionTimedOutEventAttributes?.retryState).toBe(
    Enums.RetryState.RETRY_STATE_RETRY_POLICY_NOT_SET,
  );
});

test('an execution timeout closes the run even when no worker ever takes its first task', async () => {
  const taskQueue = env.taskQueue('execution-timeout');
  const workflowId = env.workflowId('execution-timeout');
  const handle = await env.client.workflow.start('sleeper', {
    taskQueue,
    workflowId,
    args: [60_000],
    workflowExecutionTimeout: '800ms',
  });

  expectTimedOutError(await failureOf(handle.result()), RetryState.TIMEOUT);

  expect((await handle.describe()).status.name).toBe('TIMED_OUT');
  const events = await historyEvents(env.client, workflowId);
  expect(historyProblems(events)).toEqual([]);
  expect(eventTypeNames(events)).toEqual([
    'WorkflowExecutionStarted',
    'WorkflowTaskScheduled',
    'WorkflowExecutionTimedOut',
  ]);
  const started = present(
    eventAt(events, 0).workflowExecutionStartedEventAttributes,
    'WorkflowExecutionStarted attributes',
  );
  expect(started.workflowExecutionTimeout?.nanos).toBe(800_000_000);
  // Without a run timeout of its own, the run may last as long as the execution.
  expect(started.workflowRunTimeout?.nanos).toBe(800_000_000);
  expect(started.workflowExecutionExpirationTime).toBeTruthy();
  expect(eventAt(events, 2).workflowExecutionTimedOutEventAttributes?.retryState).toBe(
    Enums.RetryState.RETRY_STATE_TIMEOUT,
  );

  // The task that nobody took is gone with the run: a worker arriving now finds nothing to do.
  // (The server answers a long poll empty a second before the caller's deadline.)
  const poll = await env.connection.withDeadline(Date.now() + 1_500, () =>
    env.connection.workflowService.pollWorkflowTaskQueue({
      namespace: 'default',
      taskQueue: { name: taskQueue, kind: Enums.TaskQueueKind.TASK_QUEUE_KIND_NORMAL },
      identity: 'late-worker',
    }),
  );
  expect(poll.taskToken?.length ?? 0).toBe(0);
});

test('a run timeout during a workflow task fails that task (FORCE_CLOSE_COMMAND) and refuses its late completion', async () => {
  const taskQueue = env.taskQueue('timeout-mid-task');
  const workflowId = env.workflowId('timeout-mid-task');
  const handle = await env.client.workflow.start('sleeper', {
    taskQueue,
    workflowId,
    args: [60_000],
    workflowRunTimeout: '1s',
  });
  // A worker takes the task and is still working on it when the run's time is up.
  const taken = await env.connection.workflowService.pollWorkflowTaskQueue({
    namespace: 'default',
    taskQueue: { name: taskQueue, kind: Enums.TaskQueueKind.TASK_QUEUE_KIND_NORMAL },
    identity: 'slow-worker',
  });
  expect(taken.workflowExecution?.workflowId).toBe(workflowId);

  expectTimedOutError(await failureOf(handle.result()), RetryState.RETRY_POLICY_NOT_SET);

  const events = await historyEvents(env.client, workflowId);
  expect(historyProblems(events)).toEqual([]);
  expect(eventTypeNames(events)).toEqual([
    'WorkflowExecutionStarted',
    'WorkflowTaskScheduled',
    'WorkflowTaskStarted',
    'WorkflowTaskFailed',
    'WorkflowExecutionTimedOut',
  ]);
  const failed = present(eventAt(events, 3).workflowTaskFailedEventAttributes, 'WorkflowTaskFailed attributes');
  expect(failed.cause).toBe(Enums.WorkflowTaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_FORCE_CLOSE_COMMAND);
  expect(failed.identity).toBe('history-service');
  expect(Number(failed.scheduledEventId)).toBe(2);
  expect(Number(failed.startedEventId)).toBe(3);

  await expect(
    env.connection.workflowService.respondWorkflowTaskCompleted({
      namespace: 'default',
      taskToken: taken.taskToken,
      identity: 'slow-worker',
      commands: [],
    }),
  ).rejects.toMatchObject({ code: grpc.status.NOT_FOUND });
});
