/**
 * workerPollCompleteOnShutdown, as the server advertises it: ShutdownWorker completes the worker's open polls empty,
 * a poll that races it gets nothing, so no task is handed to a worker that is going away, and the SDK (which then
 * lets its polls finish instead of cancelling them) shuts down promptly.
 */
import { temporal } from '@temporalio/proto';
import { startTestEnv, type TestEnv } from '../../support/test-server';
import { historyEvents } from '../../support/history-checks';
import { waitUntil } from '../../support/wait-until';
import * as activities from '../../fixtures/activities';

const { EventType, TaskQueueKind } = temporal.api.enums.v1;

let env: TestEnv;
beforeAll(async () => {
  env = await startTestEnv();
});
afterAll(async () => env?.close());

function poll(taskQueue: string, workerInstanceKey: string) {
  return env.connection.workflowService.pollWorkflowTaskQueue({
    namespace: 'default',
    taskQueue: { name: taskQueue, kind: TaskQueueKind.TASK_QUEUE_KIND_NORMAL },
    identity: `worker-${workerInstanceKey}`,
    workerInstanceKey,
  });
}

test('the namespace advertises workerPollCompleteOnShutdown', async () => {
  const described = await env.connection.workflowService.describeNamespace({ namespace: 'default' });
  expect(described.namespaceInfo?.capabilities?.workerPollCompleteOnShutdown).toBe(true);
});

test('ShutdownWorker ends the worker open polls empty, and its later polls take no task', async () => {
  const taskQueue = env.taskQueue('shutdown-polls');
  const open = poll(taskQueue, 'leaving');
  const other = poll(taskQueue, 'staying');
  // The polls are open once the server lists both pollers on the queue.
  await waitUntil(
    async () => {
      const described = await env.connection.workflowService.describeTaskQueue({
        namespace: 'default',
        taskQueue: { name: taskQueue, kind: TaskQueueKind.TASK_QUEUE_KIND_NORMAL },
      });
      return (described.pollers ?? []).length >= 2;
    },
    { what: 'both polls open' },
  );
  await env.connection.workflowService.shutdownWorker({
    namespace: 'default',
    identity: 'worker-leaving',
    workerInstanceKey: 'leaving',
    stickyTaskQueue: '',
  });
  const answered = await open;
  expect(answered.taskToken ?? new Uint8Array()).toHaveLength(0);

  // A poll of the departed worker that arrives late gets nothing although a task waits; the other worker gets it.
  const late = await poll(taskQueue, 'leaving');
  expect(late.taskToken ?? new Uint8Array()).toHaveLength(0);
  const workflowId = env.workflowId('shutdown-polls');
  await env.client.workflow.start('greet', { taskQueue, workflowId, args: ['x'] });
  const taken = await other;
  expect(taken.workflowExecution?.workflowId).toBe(workflowId);
  expect(taken.attempt).toBe(1);
  await env.client.workflow.getHandle(workflowId).terminate('done');
}, 60_000);

test('an SDK worker shuts down promptly and a workflow started after it goes to the next worker at attempt 1', async () => {
  const taskQueue = env.taskQueue('shutdown-sdk');
  const first = await env.createWorker({ taskQueue, activities, identity: 'first' });
  await first.runUntil(env.client.workflow.execute('greet', { taskQueue, workflowId: env.workflowId(), args: ['a'] }));
  // With the capability the SDK does not cancel its polls: without the server completing them, shutdown would wait
  // for the server's 60 s poll timeout and this test would time out.
  const workflowId = env.workflowId('after-shutdown');
  const handle = await env.client.workflow.start('greet', { taskQueue, workflowId, args: ['b'] });
  const second = await env.createWorker({ taskQueue, activities, identity: 'second' });
  expect(await second.runUntil(handle.result())).toBe('hello b');
  const events = await historyEvents(env.client, workflowId);
  expect(events.some((e) => e.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT)).toBe(false);
}, 45_000);
