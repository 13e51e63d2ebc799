import { temporal } from '@temporalio/proto';
import { startTestEnv, type TestEnv } from '../../support/test-server';
import { eventAt, findEvent } from '../../support/history-checks';
import { waitUntil } from '../../support/wait-until';
import * as activities from '../../fixtures/activities';

let env: TestEnv;
beforeAll(async () => {
  env = await startTestEnv();
});
afterAll(async () => env?.close());

const EventType = temporal.api.enums.v1.EventType;

test('reset to the first workflow task starts a new run that replays from there and keeps later signals', async () => {
  const taskQueue = env.taskQueue();
  const workflowId = env.workflowId();
  const worker = await env.createWorker({ taskQueue, activities });
  await worker.runUntil(async () => {
    const handle = await env.client.workflow.start('resettable', { taskQueue, workflowId });
    await waitUntil(async () => (await handle.describe()).historyLength >= 10, {
      what: 'the first activity to finish',
    });
    // The workflow now waits for resetGo. Send it, then reset to just after the first workflow task.
    const baseRunId = (await handle.describe()).runId;
    const events = (await handle.fetchHistory()).events ?? [];
    const firstCompleted = findEvent(events, 'WorkflowTaskCompleted');
    await handle.signal('resetGo');
    await handle.result();

    const { runId } = await env.client.workflowService.resetWorkflowExecution({
      namespace: 'default',
      workflowExecution: { workflowId, runId: baseRunId },
      workflowTaskFinishEventId: firstCompleted.eventId ?? null,
      reason: 'test reset',
      requestId: 'reset-1',
    });
    expect(runId).not.toBe(baseRunId);
    const resetHandle = env.client.workflow.getHandle(workflowId, runId);
    expect(await resetHandle.result()).toBe('first+second');

    const history = (await resetHandle.fetchHistory()).events ?? [];
    const resetFailure = findEvent(history, 'WorkflowTaskFailed');
    expect(Number(resetFailure.eventId)).toBe(Number(firstCompleted.eventId));
    expect(resetFailure.workflowTaskFailedEventAttributes).toMatchObject({
      cause: temporal.api.enums.v1.WorkflowTaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_RESET_WORKFLOW,
      baseRunId,
      newRunId: runId,
    });
    expect(history.filter((e) => e.eventType === EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED)).toHaveLength(1);
    expect((await env.client.workflow.getHandle(workflowId).describe()).runId).toBe(runId);
  });
});

test('reset to an event that does not follow a workflow task start is refused', async () => {
  const taskQueue = env.taskQueue();
  const workflowId = env.workflowId();
  const handle = await env.client.workflow.start('resettable', { taskQueue, workflowId });
  const scheduled = eventAt((await handle.fetchHistory()).events ?? [], 1);
  expect(scheduled.eventType).toBe(EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED);
  await expect(
    env.client.workflowService.resetWorkflowExecution({
      namespace: 'default',
      workflowExecution: { workflowId },
      workflowTaskFinishEventId: scheduled.eventId ?? null,
      reason: 'bad point',
    }),
  ).rejects.toMatchObject({
    code: 3,
    details: expect.stringContaining('is not the event after a WorkflowTaskStarted event'),
  });
  await env.client.workflow.getHandle(workflowId).terminate();
});
