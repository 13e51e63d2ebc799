/**
 * A workflow task whose completion the server refuses: the first refusal is recorded as WorkflowTaskFailed with its
 * cause; a retried task refused again is dropped, as Temporal drops it, and comes back only after its start-to-close
 * timeout, which grows from the fourth attempt on. No hot redispatch loop.
 */
import { temporal } from '@temporalio/proto';
import { defaultPayloadConverter } from '@temporalio/common';
import { startTestEnv, type TestEnv } from '../../support/test-server';
import { historyEvents } from '../../support/history-checks';

const { EventType, TaskQueueKind, WorkflowTaskFailedCause, CommandType, PendingWorkflowTaskState } =
  temporal.api.enums.v1;

let env: TestEnv;
beforeAll(async () => {
  env = await startTestEnv();
});
afterAll(async () => env?.close());

function poll(taskQueue: string) {
  return env.connection.workflowService.pollWorkflowTaskQueue({
    namespace: 'default',
    taskQueue: { name: taskQueue, kind: TaskQueueKind.TASK_QUEUE_KIND_NORMAL },
    identity: 'bad-worker',
  });
}

/** A completion with a search attribute nobody registered: the server refuses it. */
function respondWithBadSearchAttribute(taskToken: Uint8Array) {
  return env.connection.workflowService.respondWorkflowTaskCompleted({
    namespace: 'default',
    taskToken,
    identity: 'bad-worker',
    commands: [
      {
        commandType: CommandType.COMMAND_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES,
        upsertWorkflowSearchAttributesCommandAttributes: {
          searchAttributes: { indexedFields: { NoSuchAttribute: defaultPayloadConverter.toPayload('x') } },
        },
      },
    ],
  });
}

const secondsOf = (d: { seconds?: unknown } | null | undefined) => Number(d?.seconds ?? 0);

test('a refused completion fails the task once, then retries wait for the task timeout, growing', async () => {
  const taskQueue = env.taskQueue('wft-refused');
  const workflowId = env.workflowId('wft-refused');
  const handle = await env.client.workflow.start('greet', {
    taskQueue,
    workflowId,
    args: ['x'],
    workflowTaskTimeout: '1s',
  });

  const first = await poll(taskQueue);
  await expect(respondWithBadSearchAttribute(first.taskToken!)).rejects.toThrow(/BadSearchAttributes/);
  const second = await poll(taskQueue);
  expect(second.attempt).toBe(2);
  await expect(respondWithBadSearchAttribute(second.taskToken!)).rejects.toThrow(/BadSearchAttributes/);

  // Dropped, not failed again: the second attempt stays started until its timeout.
  const pending = (await handle.describe()).raw.pendingWorkflowTask;
  expect(pending?.attempt).toBe(2);
  expect(pending?.state).toBe(PendingWorkflowTaskState.PENDING_WORKFLOW_TASK_STATE_STARTED);
  const droppedAt = Date.now();
  const third = await poll(taskQueue);
  expect(third.attempt).toBe(3);
  expect(Date.now() - droppedAt).toBeGreaterThanOrEqual(900);
  await expect(respondWithBadSearchAttribute(third.taskToken!)).rejects.toThrow(/BadSearchAttributes/);

  // From the fourth attempt the start-to-close grows by Temporal's retry backoff (5 s first).
  const fourth = await poll(taskQueue);
  expect(fourth.attempt).toBe(4);
  const transientScheduled = fourth.history!.events!.find(
    (e) =>
      e.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED &&
      e.workflowTaskScheduledEventAttributes?.attempt === 4,
  );
  expect(secondsOf(transientScheduled?.workflowTaskScheduledEventAttributes?.startToCloseTimeout)).toBe(6);

  // Recorded as Temporal records it: one WorkflowTaskFailed with the cause; retries are transient.
  const events = await historyEvents(env.client, workflowId);
  const failed = events.filter((e) => e.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED);
  expect(failed.map((e) => e.workflowTaskFailedEventAttributes?.cause)).toEqual([
    WorkflowTaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_BAD_SEARCH_ATTRIBUTES,
  ]);
  expect(failed[0]!.workflowTaskFailedEventAttributes?.failure?.message).toMatch(/NoSuchAttribute/);
  await handle.terminate('done');
}, 60_000);
