/**
 * Updates sent to an idle workflow run in a speculative workflow task, as in Temporal: when the worker only rejects
 * them, the task is dropped and history is left exactly as it was; an accepted update writes the task as usual.
 */
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { Worker } from '@temporalio/worker';
import { startTestEnv, type TestEnv } from '../../support/test-server';
import { eventTypeNames, historyProblems } from '../../support/history-checks';
import { waitUntil } from '../../support/wait-until';
import { workflowBundle } from '../../support/workflow-bundle';
import * as activities from '../../fixtures/activities';

let env: TestEnv;
beforeAll(async () => {
  env = await startTestEnv();
});
afterAll(async () => env?.close());

test('a rejected update leaves no trace in history; an accepted one still works; the run completes and replays', async () => {
  const taskQueue = env.taskQueue('speculative');
  const workflowId = env.workflowId('speculative');
  const worker = await env.createWorker({ taskQueue, activities });
  await worker.runUntil(async () => {
    const handle = await env.client.workflow.start('updatableCounter', { taskQueue, workflowId });
    const idle = async () => {
      const events = (await handle.fetchHistory()).events ?? [];
      return eventTypeNames(events).at(-1) === 'WorkflowTaskCompleted' && events;
    };
    const before = eventTypeNames(await waitUntil(idle, { what: 'the first workflow task to complete' }));

    await expect(handle.executeUpdate('addToTotal', { args: [-1] })).rejects.toThrow(WorkflowUpdateFailedError);
    expect(eventTypeNames((await handle.fetchHistory()).events ?? [])).toEqual(before);

    // The next task reuses the dropped task's event ids; the worker rolled back to them and accepts this one.
    expect(await handle.executeUpdate('addToTotal', { args: [5] })).toBe(5);
    const afterAccepted = eventTypeNames((await handle.fetchHistory()).events ?? []);
    expect(afterAccepted.slice(before.length)).toEqual([
      'WorkflowTaskScheduled',
      'WorkflowTaskStarted',
      'WorkflowTaskCompleted',
      'WorkflowExecutionUpdateAccepted',
      'WorkflowExecutionUpdateCompleted',
    ]);

    await expect(handle.executeUpdate('addToTotal', { args: [-2] })).rejects.toMatchObject({
      cause: { message: expect.stringContaining('must not be negative') },
    });
    expect(eventTypeNames((await handle.fetchHistory()).events ?? [])).toEqual(afterAccepted);

    await handle.signal('stopCounting');
    expect(await handle.result()).toBe(5);
    const history = await handle.fetchHistory();
    const events = history.events ?? [];
    expect(historyProblems(events)).toEqual([]);
    expect(eventTypeNames(events)).not.toContain('WorkflowTaskFailed');
    expect(eventTypeNames(events).filter((name) => name === 'WorkflowTaskScheduled')).toHaveLength(3);
    await Worker.runReplayHistory({ workflowBundle: await workflowBundle() }, history, workflowId);
  });
}, 120_000);
