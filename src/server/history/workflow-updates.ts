/** Workflow updates inside workflow tasks: request messages out to the worker, acceptance/rejection/response messages back into history. */
import { enums, EventType, type Relaxed, type temporal } from '../proto/temporal-proto';
import { protocolMessage, unpackProtocolBody } from './protocol-messages';
import type { MutableExecution } from './mutable-execution';
import type { ServerContext } from './server-context';
import { CommandRejection } from './command-rejection';

type Message = Relaxed<temporal.api.protocol.v1.IMessage>;

/** The request messages a workflow task carries: every update not yet accepted, sequenced before the task started. */
export function updateRequestMessages(ctx: ServerContext, runId: string, startedEventId: number): Message[] {
  return ctx.updates
    .unaccepted(runId)
    .map((update) =>
      protocolMessage(
        `${update.updateId}/request`,
        update.updateId,
        startedEventId - 1,
        'temporal.api.update.v1.Request',
        update.request,
      ),
    );
}

/** Applies one message from the worker: acceptance and response become history events; a rejection ends the update. */
export function applyUpdateMessage(ctx: ServerContext, run: MutableExecution, message: Message): void {
  const body = unpackProtocolBody(message);
  const runId = run.state.runId;
  const updateId = message.protocolInstanceId ?? '';
  if (body.kind === 'acceptance') {
    const eventId = run.appendEvent(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED, {
      workflowExecutionUpdateAcceptedEventAttributes: {
        protocolInstanceId: updateId,
        acceptedRequestMessageId: body.value.acceptedRequestMessageId,
        acceptedRequestSequencingEventId: body.value.acceptedRequestSequencingEventId,
        acceptedRequest: body.value.acceptedRequest,
      },
    });
    run.state.acceptedUpdates ??= {};
    run.state.acceptedUpdates[updateId] = eventId;
    ctx.afterCommit(() => ctx.updates.accept(runId, updateId));
  } else if (body.kind === 'response') {
    const acceptedEventId = run.state.acceptedUpdates?.[updateId] ?? 0;
    run.appendEvent(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_COMPLETED, {
      workflowExecutionUpdateCompletedEventAttributes: {
        meta: body.value.meta,
        acceptedEventId,
        outcome: body.value.outcome,
      },
    });
    if (run.state.acceptedUpdates) delete run.state.acceptedUpdates[updateId];
    const outcome = body.value.outcome ?? {};
    ctx.afterCommit(() => ctx.updates.complete(runId, updateId, outcome));
  } else if (body.kind === 'rejection') {
    const failure = body.value.failure ?? undefined;
    ctx.afterCommit(() => ctx.updates.complete(runId, updateId, { failure }));
  } else {
    throw new CommandRejection(
      enums.WorkflowTaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_BAD_UPDATE_WORKFLOW_EXECUTION_MESSAGE,
      `Unsupported protocol message body ${body.typeName}.`,
    );
  }
}
