/** Workflow id policies on the embedded server: duplicates while running, reuse after close, retried starts. */
import { randomUUID } from 'node:crypto';
import { WorkflowExecutionAlreadyStartedError, WorkflowFailedError } from '@temporalio/client';
import { startTestEnv, type TestEnv } from '../../support/test-server';
import { rejectionOf } from '../../support/rejection-of';
import * as activities from '../../fixtures/activities';

let env: TestEnv;
beforeAll(async () => {
  env = await startTestEnv();
});
afterAll(async () => env?.close());

test('a second start with the id of a running workflow fails with WorkflowExecutionAlreadyStartedError', async () => {
  const taskQueue = env.taskQueue();
  const workflowId = env.workflowId();
  const first = await env.client.workflow.start('lifecycleWaitForRelease', { taskQueue, workflowId });

  const err = await rejectionOf(env.client.workflow.start('lifecycleWaitForRelease', { taskQueue, workflowId }));
  expect(err).toBeInstanceOf(WorkflowExecutionAlreadyStartedError);
  expect((err as WorkflowExecutionAlreadyStartedError).workflowId).toBe(workflowId);
  expect((err as WorkflowExecutionAlreadyStartedError).workflowType).toBe('lifecycleWaitForRelease');

  const description = await env.client.workflow.getHandle(workflowId).describe();
  expect(description.runId).toBe(first.firstExecutionRunId);
  expect(description.status.name).toBe('RUNNING');
});

test('USE_EXISTING while the workflow runs returns the running run instead of starting another', async () => {
  const taskQueue = env.taskQueue();
  const workflowId = env.workflowId();
  const first = await env.client.workflow.start('lifecycleWaitForRelease', { taskQueue, workflowId });
  const second = await env.client.workflow.start('lifecycleWaitForRelease', {
    taskQueue,
    workflowId,
    workflowIdConflictPolicy: 'USE_EXISTING',
  });
  expect(second.firstExecutionRunId).toBe(first.firstExecutionRunId);

  const worker = await env.createWorker({ taskQueue, activities });
  const result = await worker.runUntil(async () => {
    await second.signal('lifecycleRelease', 'released through the second handle');
    return first.result();
  });
  expect(result).toBe('released through the second handle');
  // No second run was created: the workflow id's current run is still the first one.
  expect((await env.client.workflow.getHandle(workflowId).describe()).runId).toBe(first.firstExecutionRunId);
});

test('a start retried with the same request id returns the run it started, even after that run closed', async () => {
  const workflowId = env.workflowId();
  const request = {
    namespace: 'default',
    workflowId,
    workflowType: { name: 'lifecycleWaitForRelease' },
    taskQueue: { name: env.taskQueue() },
    requestId: randomUUID(),
  };
  // What the client's gRPC retry sends when the first answer was lost.
  const first = await env.client.workflowService.startWorkflowExecution(request);
  const retriedWhileRunning = await env.client.workflowService.startWorkflowExecution(request);
  expect(retriedWhileRunning.runId).toBe(first.runId);
  expect(retriedWhileRunning.started).toBe(true);

  await env.client.workflow.getHandle(workflowId).terminate('closed before the retry');
  const retriedAfterClose = await env.client.workflowService.startWorkflowExecution(request);
  expect(retriedAfterClose.runId).toBe(first.runId);
  const description = await env.client.workflow.getHandle(workflowId).describe();
  expect(description.runId).toBe(first.runId);
  expect(description.status.name).toBe('TERMINATED');
});

test('after close, REJECT_DUPLICATE refuses the id and the default policy starts a new run', async () => {
  const taskQueue = env.taskQueue();
  const workflowId = env.workflowId();
  const worker = await env.createWorker({ taskQueue, activities });
  await worker.runUntil(async () => {
    const first = await env.client.workflow.start('lifecycleGreet', { taskQueue, workflowId, args: ['once'] });
    expect(await first.result()).toBe('HELLO ONCE!');

    const err = await rejectionOf(
      env.client.workflow.start('lifecycleGreet', {
        taskQueue,
        workflowId,
        args: ['twice'],
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
      }),
    );
    expect(err).toBeInstanceOf(WorkflowExecutionAlreadyStartedError);
    expect((err as Error).message).toBe('Workflow execution already started');

    const again = await env.client.workflow.start('lifecycleGreet', { taskQueue, workflowId, args: ['again'] });
    expect(again.firstExecutionRunId).not.toBe(first.firstExecutionRunId);
    expect(await again.result()).toBe('HELLO AGAIN!');
  });
});

test('after close, ALLOW_DUPLICATE_FAILED_ONLY refuses a completed id and accepts a failed one', async () => {
  const taskQueue = env.taskQueue();
  const completedId = env.workflowId('completed');
  const failedId = env.workflowId('failed');
  const worker = await env.createWorker({ taskQueue, activities });
  await worker.runUntil(async () => {
    await env.client.workflow.execute('lifecycleGreet', { taskQueue, workflowId: completedId, args: ['done'] });
    const failedRun = await env.client.workflow.start('lifecycleFail', {
      taskQueue,
      workflowId: failedId,
      args: ['on purpose'],
    });
    expect(await rejectionOf(failedRun.result())).toBeInstanceOf(WorkflowFailedError);

    const refused = await rejectionOf(
      env.client.workflow.start('lifecycleGreet', {
        taskQueue,
        workflowId: completedId,
        args: ['retry'],
        workflowIdReusePolicy: 'ALLOW_DUPLICATE_FAILED_ONLY',
      }),
    );
    expect(refused).toBeInstanceOf(WorkflowExecutionAlreadyStartedError);

    const rerun = await env.client.workflow.start('lifecycleGreet', {
      taskQueue,
      workflowId: failedId,
      args: ['retry'],
      workflowIdReusePolicy: 'ALLOW_DUPLICATE_FAILED_ONLY',
    });
    expect(rerun.firstExecutionRunId).not.toBe(failedRun.firstExecutionRunId);
    expect(await rerun.result()).toBe('HELLO RETRY!');
  });
});
