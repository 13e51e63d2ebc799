import { temporal } from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import { startTestEnv, type TestEnv } from '../../support/test-server';
import { eventTypeNames, findEvent, historyProblems, type HistoryEvent } from '../../support/history-checks';
import { waitUntil } from '../../support/wait-until';
import { workflowBundle } from '../../support/workflow-bundle';

let env: TestEnv;
beforeAll(async () => {
  env = await startTestEnv();
});
afterAll(async () => env?.close());

const { WorkflowExecutionStatus, WorkflowTaskFailedCause } = temporal.api.enums.v1;

/** Starts parentAwaitsWaiter and returns, once its child has started, the workflow task completion after that. */
async function startParentWithPendingChild(taskQueue: string, workflowId: string) {
  const handle = await env.client.workflow.start('parentAwaitsWaiter', { taskQueue, workflowId });
  const { initiated, started, resetPoint } = await waitUntil(
    async () => {
      const events = (await handle.fetchHistory()).events ?? [];
      const childStarted = events.find((e) => e.childWorkflowExecutionStartedEventAttributes);
      if (!childStarted) return undefined;
      const after = events.find(
        (e) => e.workflowTaskCompletedEventAttributes && Number(e.eventId) > Number(childStarted.eventId),
      );
      if (!after) return undefined;
      return {
        initiated: findEvent(events, 'StartChildWorkflowExecutionInitiated'),
        started: childStarted,
        resetPoint: after,
      };
    },
    { what: 'the child to start and the parent to finish the workflow task after it', timeoutMs: 30_000 },
  );
  const baseRunId = (await handle.describe()).runId;
  return { handle, baseRunId, initiated, started, resetPoint };
}

function resetTo(workflowId: string, runId: string, event: HistoryEvent, requestId: string) {
  return env.client.workflowService.resetWorkflowExecution({
    namespace: 'default',
    workflowExecution: { workflowId, runId },
    workflowTaskFinishEventId: event.eventId ?? null,
    reason: 'reset with a pending child',
    requestId,
  });
}

test('reset past a pending child keeps the child running; its outcome reaches the new run, which completes and replays', async () => {
  const taskQueue = env.taskQueue();
  const workflowId = env.workflowId('reset-child');
  const worker = await env.createWorker({ taskQueue });
  await worker.runUntil(async () => {
    const { baseRunId, initiated, started, resetPoint } = await startParentWithPendingChild(taskQueue, workflowId);
    const childId = `${workflowId}-waiter`;

    const { runId } = await resetTo(workflowId, baseRunId, resetPoint, 'reset-pending-child');
    expect(runId).not.toBe(baseRunId);

    // The base run is terminated by the resetter, and its TERMINATE parent close policy is not applied.
    const baseEvents = (await env.client.workflow.getHandle(workflowId, baseRunId).fetchHistory()).events ?? [];
    expect(
      findEvent(baseEvents, 'WorkflowExecutionTerminated').workflowExecutionTerminatedEventAttributes,
    ).toMatchObject({ identity: 'history-resetter' });
    const child = env.client.workflow.getHandle(childId);
    expect((await child.describe()).status.name).toBe('RUNNING');

    await child.signal('childPing', 'after-reset');
    const resetHandle = env.client.workflow.getHandle(workflowId, runId);
    expect(await resetHandle.result()).toBe('parent got pinged:after-reset');

    const history = await resetHandle.fetchHistory();
    const events = history.events ?? [];
    expect(historyProblems(events)).toEqual([]);
    const resetAt = Number(resetPoint.eventId);
    expect(eventTypeNames(events.slice(0, resetAt - 1))).toEqual(eventTypeNames(baseEvents.slice(0, resetAt - 1)));
    expect(findEvent(events, 'WorkflowTaskFailed').workflowTaskFailedEventAttributes).toMatchObject({
      cause: WorkflowTaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_RESET_WORKFLOW,
      baseRunId,
      newRunId: runId,
      identity: 'history-service',
    });
    expect(Number(findEvent(events, 'WorkflowTaskFailed').eventId)).toBe(resetAt);
    const completed = findEvent(events, 'ChildWorkflowExecutionCompleted');
    expect(Number(completed.eventId)).toBeGreaterThan(resetAt);
    expect(completed.childWorkflowExecutionCompletedEventAttributes).toMatchObject({
      workflowExecution: { workflowId: childId },
    });
    expect(Number(completed.childWorkflowExecutionCompletedEventAttributes?.initiatedEventId)).toBe(
      Number(initiated.eventId),
    );
    expect(Number(completed.childWorkflowExecutionCompletedEventAttributes?.startedEventId)).toBe(
      Number(started.eventId),
    );
    // The base run, terminated, never learnt the outcome.
    expect(eventTypeNames(baseEvents)).not.toContain('ChildWorkflowExecutionCompleted');

    await Worker.runReplayHistory({ workflowBundle: await workflowBundle() }, history, workflowId);
  });
}, 120_000);

test('a child outcome written after the reset point is carried into the new run, which completes without the child', async () => {
  const taskQueue = env.taskQueue();
  const workflowId = env.workflowId('reset-child-done');
  const worker = await env.createWorker({ taskQueue });
  await worker.runUntil(async () => {
    const { handle, baseRunId, started, resetPoint } = await startParentWithPendingChild(taskQueue, workflowId);
    await env.client.workflow.getHandle(`${workflowId}-waiter`).signal('childPing', 'before-reset');
    expect(await handle.result()).toBe('parent got pinged:before-reset');

    const { runId } = await resetTo(workflowId, baseRunId, resetPoint, 'reset-finished-child');
    const resetHandle = env.client.workflow.getHandle(workflowId, runId);
    expect(await resetHandle.result()).toBe('parent got pinged:before-reset');
    expect((await resetHandle.describe()).status.code).toBe(
      WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED,
    );

    const history = await resetHandle.fetchHistory();
    const events = history.events ?? [];
    expect(historyProblems(events)).toEqual([]);
    const resetAt = Number(resetPoint.eventId);
    // After the RESET_WORKFLOW failure comes the reapplied outcome, linked to the kept ChildWorkflowExecutionStarted.
    expect(eventTypeNames(events.slice(resetAt - 1, resetAt + 1))).toEqual([
      'WorkflowTaskFailed',
      'ChildWorkflowExecutionCompleted',
    ]);
    expect(Number(events[resetAt]?.childWorkflowExecutionCompletedEventAttributes?.startedEventId)).toBe(
      Number(started.eventId),
    );
    expect(eventTypeNames(events).filter((name) => name === 'ChildWorkflowExecutionCompleted')).toHaveLength(1);

    await Worker.runReplayHistory({ workflowBundle: await workflowBundle() }, history, workflowId);
  });
}, 120_000);
