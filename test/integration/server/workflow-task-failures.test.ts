/** Workflow tasks that do not complete: a worker that dies holding one, and workflow code that throws. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { bundleWorkflowCode, Worker } from '@temporalio/worker';
import { temporal } from '@temporalio/proto';
import { msToTs } from '@temporalio/common';
import { startTestEnv, type TestEnv } from '../../support/test-server';
import {
  eventAt,
  eventTypeNames,
  expectEventTypes,
  historyEvents,
  historyProblems,
} from '../../support/history-checks';
import { present } from '../../support/present';
import { waitUntil } from '../../support/wait-until';
import * as activities from '../../fixtures/activities';
import { testLogger } from '../../support/test-log';

const { EventType, TaskQueueKind, TimeoutType, WorkflowTaskFailedCause } = temporal.api.enums.v1;

let env: TestEnv;
beforeAll(async () => {
  env = await startTestEnv();
});
afterAll(async () => env?.close());

test('a workflow task whose worker dies times out START_TO_CLOSE and is retried on another worker', async () => {
  const taskQueue = env.taskQueue('wft-dies');
  const workflowId = env.workflowId('wft-dies');
  const handle = await env.client.workflow.start('greet', {
    taskQueue,
    workflowId,
    args: ['again'],
    workflowTaskTimeout: '3s', // the dead task's wait; the rescue worker must also finish within it on a loaded machine
  });

  // A worker takes the first workflow task and dies before answering: it never responds.
  const taken = await env.connection.workflowService.pollWorkflowTaskQueue({
    namespace: 'default',
    taskQueue: { name: taskQueue, kind: TaskQueueKind.TASK_QUEUE_KIND_NORMAL },
    identity: 'doomed-worker',
  });
  expect(taken.workflowExecution?.workflowId).toBe(workflowId);

  const worker = await env.createWorker({ taskQueue, activities, identity: 'rescue-worker' });
  await expect(worker.runUntil(handle.result())).resolves.toBe('hello again');

  const events = await historyEvents(env.client, workflowId);
  expect(historyProblems(events)).toEqual([]);
  const [, , deadStarted, timedOut, retryScheduled, retryStarted] = expectEventTypes(events.slice(0, 7), [
    'WorkflowExecutionStarted',
    'WorkflowTaskScheduled',
    'WorkflowTaskStarted',
    'WorkflowTaskTimedOut',
    'WorkflowTaskScheduled',
    'WorkflowTaskStarted',
    'WorkflowTaskCompleted',
  ]);
  expect(deadStarted.workflowTaskStartedEventAttributes?.identity).toBe('doomed-worker');
  const timeout = present(timedOut.workflowTaskTimedOutEventAttributes, 'WorkflowTaskTimedOut attributes');
  expect(timeout.timeoutType).toBe(TimeoutType.TIMEOUT_TYPE_START_TO_CLOSE);
  expect(Number(timeout.scheduledEventId)).toBe(2);
  expect(Number(timeout.startedEventId)).toBe(3);
  expect(retryScheduled.workflowTaskScheduledEventAttributes?.attempt).toBe(2);
  expect(retryStarted.workflowTaskStartedEventAttributes?.identity).toBe('rescue-worker');

  // Should the dead worker answer after all, its task is gone.
  await expect(
    env.connection.workflowService.respondWorkflowTaskCompleted({
      namespace: 'default',
      taskToken: taken.taskToken,
      identity: 'doomed-worker',
      commands: [],
    }),
  ).rejects.toMatchObject({ code: grpc.status.NOT_FOUND });
});

test('a task that dies on a sticky worker is retried as a fresh first attempt on the normal queue', async () => {
  const taskQueue = env.taskQueue('wft-sticky-dies');
  const workflowId = env.workflowId('wft-sticky-dies');
  const stickyQueue = `${taskQueue}-sticky`;
  const logPath = path.join(os.tmpdir(), `${workflowId}.log`);
  // The first task only waits for crashRelease, so it has no commands: a raw worker can answer it as the SDK would.
  const handle = await env.client.workflow.start('crashStepsWorkflow', {
    taskQueue,
    workflowId,
    args: [{ logPath, steps: 1, gateAfter: 0 }],
    workflowTaskTimeout: '3s',
  });
  const first = await env.connection.workflowService.pollWorkflowTaskQueue({
    namespace: 'default',
    taskQueue: { name: taskQueue, kind: TaskQueueKind.TASK_QUEUE_KIND_NORMAL },
    identity: 'sticky-worker',
  });
  await env.connection.workflowService.respondWorkflowTaskCompleted({
    namespace: 'default',
    taskToken: first.taskToken,
    identity: 'sticky-worker',
    commands: [],
    stickyAttributes: {
      workerTaskQueue: { name: stickyQueue, kind: TaskQueueKind.TASK_QUEUE_KIND_STICKY, normalName: taskQueue },
      scheduleToStartTimeout: msToTs('10s'),
    },
  });

  // The signal's task goes to the sticky queue, which the worker is polling as a real one does, with the history
  // after the worker's last started task (the worker has the rest cached); the worker dies holding it.
  const stickyPoll = env.connection.workflowService.pollWorkflowTaskQueue({
    namespace: 'default',
    taskQueue: { name: stickyQueue, kind: TaskQueueKind.TASK_QUEUE_KIND_STICKY, normalName: taskQueue },
    identity: 'sticky-worker',
  });
  await waitUntil(
    async () => {
      const { pollers } = await env.connection.workflowService.describeTaskQueue({
        namespace: 'default',
        taskQueue: { name: stickyQueue, kind: TaskQueueKind.TASK_QUEUE_KIND_STICKY },
      });
      return pollers.some((p) => p.identity === 'sticky-worker');
    },
    { what: 'the sticky poll to reach the server' },
  );
  await handle.signal('crashRelease');
  const onSticky = await stickyPoll;
  expect(Number(onSticky.previousStartedEventId)).toBe(3);
  expect(eventTypeNames(onSticky.history?.events ?? [])).toEqual([
    'WorkflowTaskCompleted',
    'WorkflowExecutionSignaled',
    'WorkflowTaskScheduled',
    'WorkflowTaskStarted',
  ]);

  const worker = await env.createWorker({ taskQueue, activities, identity: 'rescue-worker' });
  const result = await worker.runUntil(handle.result());
  expect(result).toEqual([expect.stringMatching(/^step-1@/)]);

  const events = await historyEvents(env.client, workflowId);
  expect(historyProblems(events)).toEqual([]);
  const [, stickyScheduled, , timedOut, retryScheduled, retryStarted] = expectEventTypes(events.slice(4, 11), [
    'WorkflowExecutionSignaled',
    'WorkflowTaskScheduled',
    'WorkflowTaskStarted',
    'WorkflowTaskTimedOut',
    'WorkflowTaskScheduled',
    'WorkflowTaskStarted',
    'WorkflowTaskCompleted',
  ]);
  expect(stickyScheduled.workflowTaskScheduledEventAttributes?.taskQueue).toMatchObject({
    name: stickyQueue,
    kind: TaskQueueKind.TASK_QUEUE_KIND_STICKY,
  });
  expect(timedOut.workflowTaskTimedOutEventAttributes?.timeoutType).toBe(TimeoutType.TIMEOUT_TYPE_START_TO_CLOSE);
  // As in Temporal: a failure on a sticky queue drops stickiness and does not count as a repeated failure.
  expect(retryScheduled.workflowTaskScheduledEventAttributes?.attempt).toBe(1);
  expect(retryScheduled.workflowTaskScheduledEventAttributes?.taskQueue).toMatchObject({
    name: taskQueue,
    kind: TaskQueueKind.TASK_QUEUE_KIND_NORMAL,
  });
  expect(retryStarted.workflowTaskStartedEventAttributes?.identity).toBe('rescue-worker');
  fs.rmSync(logPath, { force: true });
});

test('workflow code that throws fails its workflow task, not the workflow, until a fixed release completes it', async () => {
  const taskQueue = env.taskQueue('wft-bug');
  const workflowId = env.workflowId('wft-bug');
  // Release 1.0 of crashDeployedWorkflow throws a TypeError; release 1.1 (the usual test bundle) is fixed.
  const buggyBundle = await bundleWorkflowCode({
    workflowsPath: path.resolve(__dirname, '../../fixtures/workflows/crash-buggy-release.ts'),
    logger: testLogger('bundler'),
  });
  const buggy = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowBundle: buggyBundle,
    activities,
    identity: 'release-1.0',
  });
  const handle = await env.client.workflow.start('crashDeployedWorkflow', {
    taskQueue,
    workflowId,
    args: ['world'],
    workflowTaskTimeout: '1s',
  });

  const failed = await buggy.runUntil(async () => {
    const event = await waitUntil(
      async () =>
        (await historyEvents(env.client, workflowId)).find(
          (e) => e.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED,
        ),
      { what: 'WorkflowTaskFailed in history' },
    );
    // The failed task is retried, and the run stays open meanwhile.
    await waitUntil(async () => ((await handle.describe()).raw.pendingWorkflowTask?.attempt ?? 0) >= 2, {
      what: 'the workflow task retried',
    });
    expect((await handle.describe()).status.name).toBe('RUNNING');
    return event.workflowTaskFailedEventAttributes!;
  });
  expect(failed.cause).toBe(WorkflowTaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_WORKFLOW_WORKER_UNHANDLED_FAILURE);
  expect(failed.failure?.message).toContain('greeting template is undefined');
  expect(failed.identity).toBe('release-1.0');
  expect(Number(failed.scheduledEventId)).toBe(2);
  expect(Number(failed.startedEventId)).toBe(3);

  const fixed = await env.createWorker({ taskQueue, activities, identity: 'release-1.1' });
  await expect(fixed.runUntil(handle.result())).resolves.toBe('hello world');

  const events = await historyEvents(env.client, workflowId);
  expect(historyProblems(events)).toEqual([]);
  const names = eventTypeNames(events);
  // Retries of a failing task are transient: only the first failure is in history, then the attempt that completed.
  expect(names.filter((n) => n === 'WorkflowTaskFailed')).toHaveLength(1);
  expect(names.slice(0, 7)).toEqual([
    'WorkflowExecutionStarted',
    'WorkflowTaskScheduled',
    'WorkflowTaskStarted',
    'WorkflowTaskFailed',
    'WorkflowTaskScheduled',
    'WorkflowTaskStarted',
    'WorkflowTaskCompleted',
  ]);
  expect(eventAt(events, 4).workflowTaskScheduledEventAttributes?.attempt).toBeGreaterThanOrEqual(2);
  expect(eventAt(events, 4).workflowTaskScheduledEventAttributes?.taskQueue?.kind).toBe(
    TaskQueueKind.TASK_QUEUE_KIND_NORMAL,
  );
  expect(eventAt(events, 5).workflowTaskStartedEventAttributes?.identity).toBe('release-1.1');
  expect(names[names.length - 1]).toBe('WorkflowExecutionCompleted');
});

test('a task for a sticky queue nobody polls any more goes straight to the normal queue with full history', async () => {
  const taskQueue = env.taskQueue('wft-sticky-gone');
  const workflowId = env.workflowId('wft-sticky-gone');
  const handle = await env.client.workflow.start('crashStepsWorkflow', {
    taskQueue,
    workflowId,
    args: [{ logPath: path.join(os.tmpdir(), `${workflowId}.log`), steps: 1, gateAfter: 0 }],
  });
  const first = await env.connection.workflowService.pollWorkflowTaskQueue({
    namespace: 'default',
    taskQueue: { name: taskQueue, kind: TaskQueueKind.TASK_QUEUE_KIND_NORMAL },
    identity: 'departed-worker',
  });
  await env.connection.workflowService.respondWorkflowTaskCompleted({
    namespace: 'default',
    taskToken: first.taskToken,
    identity: 'departed-worker',
    commands: [],
    stickyAttributes: {
      workerTaskQueue: {
        name: `${taskQueue}-sticky`,
        kind: TaskQueueKind.TASK_QUEUE_KIND_STICKY,
        normalName: taskQueue,
      },
      scheduleToStartTimeout: msToTs('10s'),
    },
  });
  // The worker never polls its sticky queue: the signal's task must not wait out the 10 s sticky timeout.
  await handle.signal('crashRelease');
  const onNormal = await env.connection.workflowService.pollWorkflowTaskQueue({
    namespace: 'default',
    taskQueue: { name: taskQueue, kind: TaskQueueKind.TASK_QUEUE_KIND_NORMAL },
    identity: 'other-worker',
  });
  expect(Number(onNormal.history?.events?.[0]?.eventId)).toBe(1);
  expect(eventTypeNames(onNormal.history?.events ?? [])).not.toContain('WorkflowTaskTimedOut');
  await handle.terminate('test done');
});

test('a worker that shuts down gives up its sticky queue (ShutdownWorker): the next task goes to the normal queue at once', async () => {
  const taskQueue = env.taskQueue('wft-sticky-shutdown');
  const workflowId = env.workflowId('wft-sticky-shutdown');
  const handle = await env.client.workflow.start('collector', { taskQueue, workflowId, args: [60_000] });
  const leaving = await env.createWorker({ taskQueue, activities, identity: 'leaving-worker' });
  await leaving.runUntil(async () => {
    await handle.signal('addItem', 'before');
    // The query rides on the signal's workflow task, so its answer means that task ran here and set the sticky queue.
    await expect(handle.query<string[]>('items')).resolves.toEqual(['before']);
  });
  // The worker polled its sticky queue moments ago, but has said it is gone: the signal's task must not wait for it.
  await handle.signal('addItem', 'after');
  await handle.signal('finish');
  const staying = await env.createWorker({ taskQueue, activities, identity: 'staying-worker' });
  await expect(staying.runUntil(handle.result())).resolves.toEqual(['before', 'after']);
  const events = await historyEvents(env.client, workflowId);
  expect(historyProblems(events)).toEqual([]);
  expect(eventTypeNames(events)).not.toContain('WorkflowTaskTimedOut');
});
