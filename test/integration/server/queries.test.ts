/** Queries answered by a real worker: running and completed workflows, unknown query types, handlers that throw. */
import { Client, QueryNotRegisteredError, QueryRejectedError } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { startTestEnv, type TestEnv } from '../../support/test-server';
import { rejectionOf } from '../../support/rejection-of';
import * as activities from '../../fixtures/activities';
import { LIFECYCLE_QUERY_FAILURE_MESSAGE } from '../../fixtures/workflows/lifecycle';

const WorkflowExecutionStatus = temporal.api.enums.v1.WorkflowExecutionStatus;

let env: TestEnv;
beforeAll(async () => {
  env = await startTestEnv();
});
afterAll(async () => env?.close());

test('a query on a running workflow sees the signals delivered before it, and writes nothing to history', async () => {
  const taskQueue = env.taskQueue();
  const workflowId = env.workflowId();
  const worker = await env.createWorker({ taskQueue, activities });
  await worker.runUntil(async () => {
    const handle = await env.client.workflow.start('lifecycleSignalCollector', { taskQueue, workflowId, args: [3] });
    expect(await handle.query('lifecycleItems')).toEqual([]);
    await handle.signal('lifecycleItem', 'a');
    await handle.signal('lifecycleItem', 'b');
    // The query waits for the workflow task carrying the signals, so it sees both.
    expect(await handle.query('lifecycleItems')).toEqual(['a', 'b']);
    const lengthAfterFirstQuery = (await handle.describe()).historyLength;
    expect(await handle.query('lifecycleItems')).toEqual(['a', 'b']);
    expect((await handle.describe()).historyLength).toBe(lengthAfterFirstQuery);
    expect((await handle.describe()).status.name).toBe('RUNNING');
    await handle.signal('lifecycleItem', 'c');
    expect(await handle.result()).toEqual(['a', 'b', 'c']);
  });
});

test('a query on a completed workflow is answered by a fresh worker replaying its history', async () => {
  const taskQueue = env.taskQueue();
  const workflowId = env.workflowId();
  const firstWorker = await env.createWorker({ taskQueue, activities });
  const handle = await env.client.workflow.signalWithStart('lifecycleSignalCollector', {
    taskQueue,
    workflowId,
    args: [1],
    signal: 'lifecycleItem',
    signalArgs: ['only'],
  });
  expect(await firstWorker.runUntil(handle.result())).toEqual(['only']);
  expect((await handle.describe()).status.name).toBe('COMPLETED');

  // The worker that ran it is gone; a new one has no cached state and must replay the closed run.
  const secondWorker = await env.createWorker({ taskQueue, activities });
  expect(await secondWorker.runUntil(handle.query('lifecycleItems'))).toEqual(['only']);
});

test('a query with reject condition NOT_OPEN on a completed workflow is rejected with its status', async () => {
  const taskQueue = env.taskQueue();
  const workflowId = env.workflowId();
  const worker = await env.createWorker({ taskQueue, activities });
  await worker.runUntil(async () => {
    const handle = await env.client.workflow.signalWithStart('lifecycleSignalCollector', {
      taskQueue,
      workflowId,
      args: [1],
      signal: 'lifecycleItem',
      signalArgs: ['only'],
    });
    await handle.result();
    const strictClient = new Client({ connection: env.connection, workflow: { queryRejectCondition: 'NOT_OPEN' } });
    const err = await rejectionOf(strictClient.workflow.getHandle(workflowId).query('lifecycleItems'));
    expect(err).toBeInstanceOf(QueryRejectedError);
    expect((err as QueryRejectedError).status).toBe(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED);
    // Without the condition the same query is answered.
    expect(await handle.query('lifecycleItems')).toEqual(['only']);
  });
});

test("an unknown query type is refused with the worker's message naming it", async () => {
  const taskQueue = env.taskQueue();
  const workflowId = env.workflowId();
  const worker = await env.createWorker({ taskQueue, activities });
  await worker.runUntil(async () => {
    const handle = await env.client.workflow.start('lifecycleSignalCollector', { taskQueue, workflowId, args: [1] });
    const err = await rejectionOf(handle.query('lifecycleNoSuchQuery'));
    expect(err).toBeInstanceOf(QueryNotRegisteredError);
    expect((err as Error).message).toContain('lifecycleNoSuchQuery');
    expect((err as Error).message).toContain('lifecycleItems');
    // The workflow is unharmed.
    await handle.signal('lifecycleItem', 'still fine');
    expect(await handle.result()).toEqual(['still fine']);
  });
});

test("a query whose handler throws is reported as a failed query carrying the handler's message", async () => {
  const taskQueue = env.taskQueue();
  const workflowId = env.workflowId();
  const worker = await env.createWorker({ taskQueue, activities });
  await worker.runUntil(async () => {
    const handle = await env.client.workflow.start('lifecycleSignalCollector', { taskQueue, workflowId, args: [1] });
    const err = await rejectionOf(handle.query('lifecycleFailingQuery'));
    // The TypeScript client reports every INVALID_ARGUMENT query answer (Temporal's QueryFailed) with this class.
    expect(err).toBeInstanceOf(QueryNotRegisteredError);
    expect((err as Error).message).toBe(LIFECYCLE_QUERY_FAILURE_MESSAGE);
    expect(await handle.query('lifecycleItems')).toEqual([]);
    await handle.signal('lifecycleItem', 'done');
    expect(await handle.result()).toEqual(['done']);
  });
});
