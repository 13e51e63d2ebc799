import { temporal } from '@temporalio/proto';
import { WithStartWorkflowOperation, WorkflowUpdateFailedError } from '@temporalio/client';
import { startTestEnv, type TestEnv } from '../../support/test-server';
import * as activities from '../../fixtures/activities';

let env: TestEnv;
beforeAll(async () => {
  env = await startTestEnv();
});
afterAll(async () => env?.close());

const EventType = temporal.api.enums.v1.EventType;

test('updates are validated, accepted, completed and recorded in history', async () => {
  const taskQueue = env.taskQueue();
  const worker = await env.createWorker({ taskQueue, activities });
  await worker.runUntil(async () => {
    const handle = await env.client.workflow.start('updatableCounter', { taskQueue, workflowId: env.workflowId() });
    expect(await handle.executeUpdate('addToTotal', { args: [5] })).toBe(5);
    expect(await handle.executeUpdate('addToTotal', { args: [7] })).toBe(12);
    await expect(handle.executeUpdate('addToTotal', { args: [-1] })).rejects.toThrow(WorkflowUpdateFailedError);

    const started = await handle.startUpdate('slowAdd', { args: [10], waitForStage: 'ACCEPTED' });
    expect(await started.result()).toBe(22);

    await handle.signal('stopCounting');
    expect(await handle.result()).toBe(22);

    const events = (await handle.fetchHistory()).events ?? [];
    const accepted = events.filter((e) => e.eventType === EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED);
    const completed = events.filter((e) => e.eventType === EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_COMPLETED);
    expect(accepted).toHaveLength(3);
    expect(completed).toHaveLength(3);
    for (const event of completed) {
      const attributes = event.workflowExecutionUpdateCompletedEventAttributes!;
      const acceptedEvent = accepted.find((a) => Number(a.eventId) === Number(attributes.acceptedEventId));
      expect(acceptedEvent?.workflowExecutionUpdateAcceptedEventAttributes?.protocolInstanceId).toBe(
        attributes.meta?.updateId,
      );
    }
  });
});

test('an update to a workflow that has closed is refused', async () => {
  const taskQueue = env.taskQueue();
  const worker = await env.createWorker({ taskQueue, activities });
  await worker.runUntil(async () => {
    const handle = await env.client.workflow.start('updatableCounter', { taskQueue, workflowId: env.workflowId() });
    await handle.signal('stopCounting');
    await handle.result();
    await expect(handle.executeUpdate('addToTotal', { args: [1] })).rejects.toThrow(/already completed|not found/);
  });
});

test('update-with-start starts the workflow when absent and reuses it when running', async () => {
  const taskQueue = env.taskQueue();
  const workflowId = env.workflowId();
  const worker = await env.createWorker({ taskQueue, activities });
  await worker.runUntil(async () => {
    const startOperation = () =>
      new WithStartWorkflowOperation('updatableCounter', {
        taskQueue,
        workflowId,
        workflowIdConflictPolicy: 'USE_EXISTING',
      });
    const first = startOperation();
    expect(
      await env.client.workflow.executeUpdateWithStart('addToTotal', { args: [3], startWorkflowOperation: first }),
    ).toBe(3);
    const firstHandle = await first.workflowHandle();
    const second = startOperation();
    expect(
      await env.client.workflow.executeUpdateWithStart('addToTotal', { args: [4], startWorkflowOperation: second }),
    ).toBe(7);
    const [firstRun, secondRun] = await Promise.all([
      firstHandle.describe(),
      (await second.workflowHandle()).describe(),
    ]);
    expect(secondRun.runId).toBe(firstRun.runId);
    await firstHandle.signal('stopCounting');
    expect(await firstHandle.result()).toBe(7);
  });
});
