/**
 * Many concurrent updates against a busy workflow: each is accepted and completed exactly once, every caller gets its
 * result, and the history replays clean (an update re-delivered after its acceptance was accepted twice, TMPRL1100).
 */
import { temporal } from '@temporalio/proto';
import { Client, Connection, WorkflowUpdateStage } from '@temporalio/client';
import { Worker } from '@temporalio/worker';
import { startTestEnv, type TestEnv } from '../../support/test-server';
import { workflowBundle } from '../../support/workflow-bundle';
import * as activities from '../../fixtures/activities';
import { lockedAdd } from '../../fixtures/workflows/updates';

let env: TestEnv;
const extraConnections: Connection[] = [];
beforeAll(async () => {
  env = await startTestEnv();
});
afterAll(async () => {
  for (const connection of extraConnections) await connection.close();
  await env?.close();
});

const EventType = temporal.api.enums.v1.EventType;
const UPDATES = 30;
const CLIENTS = 3;

function countBy<T>(items: T[], key: (item: T) => string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return counts;
}

test('30 concurrent updates from 3 clients on a busy workflow are each accepted and completed once', async () => {
  const taskQueue = env.taskQueue();
  const workflowId = env.workflowId('locked');
  const clients = [env.client];
  for (let i = 1; i < CLIENTS; i++) {
    const connection = await Connection.connect({ address: env.server.address });
    extraConnections.push(connection);
    clients.push(new Client({ connection }));
  }
  // No workflow cache: every workflow task carries the whole history, as after an eviction or on another worker. A
  // re-sent request for an update the history already accepts is then accepted again by the SDK.
  const worker = await env.createWorker({
    taskQueue,
    activities,
    maxCachedWorkflows: 0,
    maxConcurrentActivityTaskExecutions: 4,
  });
  await worker.runUntil(async () => {
    const handle = await env.client.workflow.start('lockedUpdateCounter', {
      taskQueue,
      workflowId,
      args: [UPDATES],
    });
    const amounts = Array.from({ length: UPDATES }, (_, i) => i + 1);
    // Each client sends its updates one after another as soon as the previous one is accepted, so updates keep
    // arriving while workflow tasks are in flight and handlers are busy; the three clients run at once.
    const resultsByClient = await Promise.all(
      clients.map(async (client, index) => {
        const clientHandle = client.workflow.getHandle(workflowId);
        const pending: Promise<number>[] = [];
        for (const amount of amounts.filter((a) => a % CLIENTS === index)) {
          const update = await clientHandle.startUpdate(lockedAdd, {
            args: [amount],
            updateId: `update-${amount}`,
            waitForStage: WorkflowUpdateStage.ACCEPTED,
          });
          pending.push(update.result());
        }
        return Promise.all(pending);
      }),
    );
    const results = resultsByClient.flat();
    const expectedTotal = (UPDATES * (UPDATES + 1)) / 2;
    expect(await handle.result()).toBe(expectedTotal);
    // Each caller got the running total after its own addition: distinct, and the largest is the final total.
    expect(new Set(results).size).toBe(UPDATES);
    expect(Math.max(...results)).toBe(expectedTotal);

    const history = await handle.fetchHistory();
    const events = history.events ?? [];
    const accepted = events.filter((e) => e.eventType === EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED);
    const completed = events.filter((e) => e.eventType === EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_COMPLETED);
    const acceptedCounts = countBy(
      accepted,
      (e) => e.workflowExecutionUpdateAcceptedEventAttributes!.protocolInstanceId!,
    );
    const completedCounts = countBy(
      completed,
      (e) => e.workflowExecutionUpdateCompletedEventAttributes!.meta!.updateId!,
    );
    const ids = amounts.map((amount) => `update-${amount}`);
    expect(ids.map((id) => acceptedCounts.get(id))).toEqual(ids.map(() => 1));
    expect(ids.map((id) => completedCounts.get(id))).toEqual(ids.map(() => 1));
    for (const event of completed) {
      const attributes = event.workflowExecutionUpdateCompletedEventAttributes!;
      const acceptedEvent = accepted.find((a) => Number(a.eventId) === Number(attributes.acceptedEventId));
      expect(acceptedEvent?.workflowExecutionUpdateAcceptedEventAttributes?.protocolInstanceId).toBe(
        attributes.meta?.updateId,
      );
    }
    const failedTasks = events.filter((e) => e.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED);
    expect(failedTasks).toEqual([]);

    await Worker.runReplayHistory({ workflowBundle: await workflowBundle() }, history, workflowId);
  });
}, 120_000);
