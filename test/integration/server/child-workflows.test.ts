import { temporal } from '@temporalio/proto';
import { startTestEnv, type TestEnv } from '../../support/test-server';
import { waitUntil } from '../../support/wait-until';
import * as activities from '../../fixtures/activities';

let env: TestEnv;
beforeAll(async () => {
  env = await startTestEnv();
});
afterAll(async () => env?.close());

const EventType = temporal.api.enums.v1.EventType;

async function eventTypes(workflowId: string): Promise<number[]> {
  const history = await env.client.workflow.getHandle(workflowId).fetchHistory();
  return (history.events ?? []).map((e) => e.eventType as number);
}

test('a parent sees its children complete and fail, with the child events in its history', async () => {
  const taskQueue = env.taskQueue();
  const workflowId = env.workflowId('parent');
  const worker = await env.createWorker({ taskQueue, activities });
  const result = await worker.runUntil(
    env.client.workflow.execute('parentOfEcho', { taskQueue, workflowId, args: ['x'] }),
  );
  expect(result).toEqual([`child:x:${workflowId}`, 'ChildWorkflowFailure:child refused x']);
  const types = await eventTypes(workflowId);
  for (const type of [
    EventType.EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_INITIATED,
    EventType.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_STARTED,
    EventType.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_COMPLETED,
    EventType.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_FAILED,
  ]) {
    expect(types).toContain(type);
  }
  const child = await env.client.workflow.getHandle(`${workflowId}-ok`).describe();
  expect(child.parentExecution?.workflowId).toBe(workflowId);
});

test('getExternalWorkflowHandle signals and cancels another workflow', async () => {
  const taskQueue = env.taskQueue();
  const worker = await env.createWorker({ taskQueue, activities });
  const signalled = env.workflowId('signaller');
  const cancelling = env.workflowId('canceller');
  const [fromSignal, fromCancel] = await worker.runUntil(
    Promise.all([
      env.client.workflow.execute('parentSignalsChild', { taskQueue, workflowId: signalled }),
      env.client.workflow.execute('parentCancelsChild', { taskQueue, workflowId: cancelling }),
    ]),
  );
  expect(fromSignal).toBe('pinged:hello');
  expect(fromCancel).toBe('cancelled');
  expect(await eventTypes(signalled)).toContain(EventType.EVENT_TYPE_EXTERNAL_WORKFLOW_EXECUTION_SIGNALED);
  expect(await eventTypes(cancelling)).toContain(EventType.EVENT_TYPE_EXTERNAL_WORKFLOW_EXECUTION_CANCEL_REQUESTED);
});

test.each([
  ['TERMINATE', 'TERMINATED'],
  ['ABANDON', 'RUNNING'],
  ['REQUEST_CANCEL', 'COMPLETED'],
] as const)('parent close policy %s leaves the child %s', async (policy, expected) => {
  const taskQueue = env.taskQueue();
  const worker = await env.createWorker({ taskQueue, activities });
  await worker.runUntil(async () => {
    const childId = await env.client.workflow.execute('parentLeavesChild', {
      taskQueue,
      workflowId: env.workflowId(),
      args: [policy],
    });
    const child = env.client.workflow.getHandle(childId);
    const status = await waitUntil(
      async () => {
        const { status } = await child.describe();
        return expected === 'RUNNING' || status.name !== 'RUNNING' ? status.name : undefined;
      },
      { what: `the child to leave RUNNING after its parent closed with ${policy}` },
    );
    expect(status).toBe(expected);
    if (policy === 'REQUEST_CANCEL') expect(await child.result()).toBe('cancelled');
    if (policy === 'ABANDON') await child.terminate('test cleanup');
  });
});
