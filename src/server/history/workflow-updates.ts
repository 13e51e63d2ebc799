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

const STAGE_NAMES = { admitted: 'Admitted', accepted: 'Accepted', completed: 'Completed' } as const;

/**
 * Applies one message from the worker: acceptance and response become history events; a rejection ends the update.
 * As in Temporal, a message the update's state does not allow (a second acceptance, a response before acceptance) is
 * refused, which fails the workflow task. The registry changes at once (see UpdateRegistry.transition); `undos`
 * collects how to take those changes back should the completion be refused later on.
 */
export function applyUpdateMessage(
  ctx: ServerContext,
  run: MutableExecution,
  message: Message,
  undos: (() => void)[],
): void {
  const body = unpackProtocolBody(message);
  const runId = run.state.runId;
  const updateId = message.protocolInstanceId ?? '';
  const acceptedEventId = run.state.acceptedUpdates?.[updateId];
  const known = ctx.updates.get(runId, updateId);
  const stage = acceptedEventId !== undefined ? 'accepted' : (known?.stage ?? 'admitted');
  const refuse = (messageType: string) =>
    new CommandRejection(
      enums.WorkflowTaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_BAD_UPDATE_WORKFLOW_EXECUTION_MESSAGE,
      `invalid state transition attempted for Update ${updateId}: received ${messageType} message while in state ${STAGE_NAMES[stage]}.`,
    );
  const record = (next: 'accepted' | 'completed', details: Parameters<typeof ctx.updates.transition>[3]) => {
    const undo = ctx.updates.transition(runId, updateId, next, details);
    undos.push(undo);
    ctx.onRollback(undo);
    ctx.afterCommit(() => ctx.updates.announce(runId, updateId));
  };
  if (body.kind === 'acceptance') {
    if (stage !== 'admitted') throw refuse('Acceptance');
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
    record('accepted', { request: body.value.acceptedRequest ?? undefined });
  } else if (body.kind === 'response') {
    if (acceptedEventId === undefined) throw refuse('Response');
    run.appendEvent(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_COMPLETED, {
      workflowExecutionUpdateCompletedEventAttributes: {
        meta: body.value.meta,
        acceptedEventId,
        outcome: body.value.outcome,
      },
    });
    delete run.state.acceptedUpdates![updateId];
    record('completed', { outcome: body.value.outcome ?? {} });
  } else if (body.kind === 'rejection') {
    if (stage !== 'admitted') throw refuse('Rejection');
    record('completed', { outcome: { failure: body.value.failure ?? undefined } });
  } else {
    throw new CommandRejection(
      enums.WorkflowTaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_BAD_UPDATE_WORKFLOW_EXECUTION_MESSAGE,
      `Unsupported protocol message body ${body.typeName}.`,
    );
  }
}
