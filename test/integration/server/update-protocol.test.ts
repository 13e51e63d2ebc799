/**
 * The update protocol as the server enforces it, driven by a hand-written worker over the real gRPC API: an accepted
 * update is never sent again, a second acceptance is refused (failed workflow task), and an acceptance in a refused
 * completion is undone, so the update is delivered again and can still be accepted once.
 */
import { temporal } from '@temporalio/proto';
import { defaultPayloadConverter } from '@temporalio/common';
import { startTestEnv, type TestEnv } from '../../support/test-server';
import { historyEvents } from '../../support/history-checks';

const { EventType, TaskQueueKind, UpdateWorkflowExecutionLifecycleStage, WorkflowTaskFailedCause, CommandType } =
  temporal.api.enums.v1;
const { Acceptance, Response } = temporal.api.update.v1;

let env: TestEnv;
beforeAll(async () => {
  env = await startTestEnv();
});
afterAll(async () => env?.close());

function poll(taskQueue: string) {
  return env.connection.workflowService.pollWorkflowTaskQueue({
    namespace: 'default',
    taskQueue: { name: taskQueue, kind: TaskQueueKind.TASK_QUEUE_KIND_NORMAL },
    identity: 'hand-written-worker',
  });
}

type Message = temporal.api.protocol.v1.IMessage;

function acceptance(updateId: string, suffix: string, request: Message): Message {
  const body = Acceptance.encode({
    acceptedRequestMessageId: request.id!,
    acceptedRequestSequencingEventId: request.eventId!,
  }).finish();
  return {
    id: `${updateId}/accept/${suffix}`,
    protocolInstanceId: updateId,
    body: { type_url: 'type.googleapis.com/temporal.api.update.v1.Acceptance', value: body },
  };
}

function response(updateId: string, value: unknown): Message {
  const body = Response.encode({
    meta: { updateId },
    outcome: { success: { payloads: [defaultPayloadConverter.toPayload(value)] } },
  }).finish();
  return {
    id: `${updateId}/complete`,
    protocolInstanceId: updateId,
    body: { type_url: 'type.googleapis.com/temporal.api.update.v1.Response', value: body },
  };
}

function placing(messages: Message[]) {
  return messages.map((m) => ({
    commandType: CommandType.COMMAND_TYPE_PROTOCOL_MESSAGE,
    protocolMessageCommandAttributes: { messageId: m.id ?? null },
  }));
}

function respond(taskToken: Uint8Array, messages: Message[]) {
  return env.connection.workflowService.respondWorkflowTaskCompleted({
    namespace: 'default',
    taskToken,
    identity: 'hand-written-worker',
    commands: placing(messages),
    messages,
  });
}

function sendUpdate(workflowId: string, updateId: string) {
  return env.connection.workflowService.updateWorkflowExecution({
    namespace: 'default',
    workflowExecution: { workflowId },
    waitPolicy: {
      lifecycleStage: UpdateWorkflowExecutionLifecycleStage.UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_ADMITTED,
    },
    request: { meta: { updateId, identity: 'test' }, input: { name: 'anUpdate' } },
  });
}

test('a duplicate acceptance fails the task, the update comes again, and an accepted update is never re-sent', async () => {
  const taskQueue = env.taskQueue('update-protocol');
  const workflowId = env.workflowId('update-protocol');
  await env.client.workflow.start('updatableCounter', { taskQueue, workflowId });
  const first = await poll(taskQueue);
  await respond(first.taskToken!, []);

  await sendUpdate(workflowId, 'u1');
  const carrying = await poll(taskQueue);
  const request = carrying.messages!.find((m) => m.protocolInstanceId === 'u1')!;
  expect(request).toBeDefined();

  // Two acceptances of one update in one completion: refused, recorded as Temporal records it.
  await expect(
    respond(carrying.taskToken!, [acceptance('u1', 'a', request), acceptance('u1', 'b', request)]),
  ).rejects.toThrow(/invalid state transition attempted for Update u1/);
  let events = await historyEvents(env.client, workflowId);
  const failed = events.filter((e) => e.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED);
  expect(failed.map((e) => e.workflowTaskFailedEventAttributes?.cause)).toEqual([
    WorkflowTaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_BAD_UPDATE_WORKFLOW_EXECUTION_MESSAGE,
  ]);
  expect(events.some((e) => e.eventType === EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED)).toBe(false);

  // The refused acceptance was undone: the retried task carries the update again, and it is accepted once.
  const retried = await poll(taskQueue);
  const again = retried.messages!.find((m) => m.protocolInstanceId === 'u1')!;
  expect(again).toBeDefined();
  await respond(retried.taskToken!, [acceptance('u1', 'c', again)]);

  // A signal makes a new task; the accepted update is not in it, and a late second acceptance is refused.
  await env.client.workflow.getHandle(workflowId).signal('anySignal');
  const next = await poll(taskQueue);
  expect((next.messages ?? []).map((m) => m.protocolInstanceId)).toEqual([]);
  await expect(respond(next.taskToken!, [acceptance('u1', 'd', again)])).rejects.toThrow(
    /received Acceptance message while in state Accepted/,
  );
  const afterRefusal = await poll(taskQueue);
  await respond(afterRefusal.taskToken!, [response('u1', 42)]);

  const outcome = await env.connection.workflowService.pollWorkflowExecutionUpdate({
    namespace: 'default',
    updateRef: { workflowExecution: { workflowId }, updateId: 'u1' },
    waitPolicy: {
      lifecycleStage: UpdateWorkflowExecutionLifecycleStage.UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_COMPLETED,
    },
  });
  expect(defaultPayloadConverter.fromPayload(outcome.outcome!.success!.payloads![0]!)).toBe(42);
  events = await historyEvents(env.client, workflowId);
  const count = (type: number) => events.filter((e) => e.eventType === type).length;
  expect(count(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED)).toBe(1);
  expect(count(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_COMPLETED)).toBe(1);
}, 60_000);

test('a response for an update never accepted is refused', async () => {
  const taskQueue = env.taskQueue('update-protocol');
  const workflowId = env.workflowId('update-protocol');
  await env.client.workflow.start('updatableCounter', { taskQueue, workflowId });
  const first = await poll(taskQueue);
  await respond(first.taskToken!, []);
  await sendUpdate(workflowId, 'u2');
  const carrying = await poll(taskQueue);
  await expect(respond(carrying.taskToken!, [response('u2', 1)])).rejects.toThrow(
    /received Response message while in state Admitted/,
  );
  const events = await historyEvents(env.client, workflowId);
  expect(events.some((e) => e.eventType === EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_COMPLETED)).toBe(false);
}, 60_000);
