/**
 * backlogCountHint on workflow-task poll answers, as Temporal's matching sets it: the tasks still waiting on the queue
 * that answered. sdk-core reads it on sticky answers to balance its sticky and normal pollers.
 */
import { msToTs } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { startTestEnv, type TestEnv } from '../../support/test-server';

const { TaskQueueKind } = temporal.api.enums.v1;

let env: TestEnv;
beforeAll(async () => {
  env = await startTestEnv();
});
afterAll(async () => env?.close());

function poll(taskQueue: string, kind = TaskQueueKind.TASK_QUEUE_KIND_NORMAL) {
  return env.connection.workflowService.pollWorkflowTaskQueue({
    namespace: 'default',
    taskQueue: { name: taskQueue, kind },
    identity: 'hand-written-poller',
  });
}

test('each answer counts the workflow tasks left waiting on its queue', async () => {
  const taskQueue = env.taskQueue('backlog-hint');
  const workflowIds = [0, 1, 2].map((i) => env.workflowId(`backlog-hint-${i}`));
  for (const workflowId of workflowIds)
    await env.client.workflow.start('greet', { taskQueue, workflowId, args: ['x'] });

  const hints: number[] = [];
  const taken: string[] = [];
  for (let i = 0; i < workflowIds.length; i++) {
    const answer = await poll(taskQueue);
    taken.push(answer.workflowExecution?.workflowId ?? '');
    hints.push(Number(answer.backlogCountHint ?? -1));
  }
  expect(taken).toEqual(workflowIds);
  expect(hints).toEqual([2, 1, 0]);
  for (const workflowId of workflowIds) await env.client.workflow.getHandle(workflowId).terminate('done');
}, 60_000);

test('a task handed to a waiting poller reports an empty backlog', async () => {
  const taskQueue = env.taskQueue('backlog-hint-sync');
  const waiting = poll(taskQueue);
  const workflowId = env.workflowId('backlog-hint-sync');
  // The poll may reach the server after the start: either way nothing else waits on the queue.
  await env.client.workflow.start('greet', { taskQueue, workflowId, args: ['x'] });
  const answer = await waiting;
  expect(answer.workflowExecution?.workflowId).toBe(workflowId);
  expect(Number(answer.backlogCountHint ?? -1)).toBe(0);
  await env.client.workflow.getHandle(workflowId).terminate('done');
}, 60_000);

test('answers on a sticky queue count its backlog, the figure sdk-core balances its pollers by', async () => {
  const taskQueue = env.taskQueue('backlog-hint-sticky');
  const stickyQueue = `${taskQueue}-sticky`;
  const workflowIds = [0, 1, 2, 3].map((i) => env.workflowId(`backlog-hint-sticky-${i}`));
  for (const workflowId of workflowIds) {
    await env.client.workflow.start('greet', { taskQueue, workflowId, args: ['x'] });
    const first = await poll(taskQueue);
    await env.connection.workflowService.respondWorkflowTaskCompleted({
      namespace: 'default',
      taskToken: first.taskToken,
      identity: 'hand-written-poller',
      commands: [],
      stickyAttributes: {
        workerTaskQueue: { name: stickyQueue, kind: TaskQueueKind.TASK_QUEUE_KIND_STICKY, normalName: taskQueue },
        scheduleToStartTimeout: msToTs('60s'),
      },
    });
  }
  // A poll open on the sticky queue makes it live (the server sends a sticky task to the normal queue when nobody
  // polled its sticky queue lately); it takes the first signal's task at once.
  const waiting = poll(stickyQueue, TaskQueueKind.TASK_QUEUE_KIND_STICKY);
  const [firstId, ...queuedIds] = workflowIds as [string, ...string[]];
  await env.client.workflow.getHandle(firstId).signal('unblock');
  expect((await waiting).workflowExecution?.workflowId).toBe(firstId);
  for (const workflowId of queuedIds) await env.client.workflow.getHandle(workflowId).signal('unblock');

  const hints: number[] = [];
  for (let i = 0; i < queuedIds.length; i++) {
    const answer = await poll(stickyQueue, TaskQueueKind.TASK_QUEUE_KIND_STICKY);
    expect(answer.workflowExecution?.workflowId).toBe(queuedIds[i]);
    hints.push(Number(answer.backlogCountHint ?? -1));
  }
  expect(hints).toEqual([2, 1, 0]);
  for (const workflowId of workflowIds) await env.client.workflow.getHandle(workflowId).terminate('done');
}, 60_000);
