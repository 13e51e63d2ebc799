/** RespondWorkflowTaskCompleted: the task's completion event, its commands, then the events buffered meanwhile. */
import { enums, EventType, type temporal, type Relaxed } from '../proto/temporal-proto';
import { msFromDuration } from '../proto/time';
import { invalidArgument } from '../errors/rpc-error';
import type { ServerContext } from './server-context';
import type { TaskToken } from './task-token';
import { CommandRejection } from './command-rejection';
import { applyCommand, CLOSING_COMMANDS, type CommandScope } from './workflow-commands';
import { applyUpdateMessage } from './workflow-updates';
import { unpackProtocolBody } from './protocol-messages';
import type { MutableExecution } from './mutable-execution';
import type { ExecutionState } from './execution-state';
import { endWorkflowTaskUnsuccessfully, loadForWorkflowTask } from './workflow-task-lifecycle';
import { flushBufferedEvents, persistTransientWorkflowTask, scheduleWorkflowTask } from './workflow-task-scheduling';

type CompletedRequest = Relaxed<temporal.api.workflowservice.v1.IRespondWorkflowTaskCompletedRequest>;
type CompletedResponse = Relaxed<temporal.api.workflowservice.v1.IRespondWorkflowTaskCompletedResponse>;

const DEFAULT_STICKY_SCHEDULE_TO_START_MS = 10_000;
const Cause = enums.WorkflowTaskFailedCause;

/** Completes the task; a refused completion is recorded as a failed task, then reported as INVALID_ARGUMENT. */
export function completeWorkflowTask(
  ctx: ServerContext,
  token: TaskToken,
  request: CompletedRequest,
): CompletedResponse {
  const outcome = applyCompletion(ctx, token, request);
  if (typeof outcome === 'string') throw invalidArgument(outcome);
  // A dropped speculative task: the worker rolls its history back to the last completed task, as with Temporal.
  return outcome ? { resetHistoryEventId: outcome.resetHistoryEventId } : {};
}

function causeName(cause: number): string {
  const name = (enums.WorkflowTaskFailedCause[cause] ?? 'UNSPECIFIED').replace('WORKFLOW_TASK_FAILED_CAUSE_', '');
  return name
    .toLowerCase()
    .split('_')
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join('');
}

/**
 * Returns the refusal message when the completion was turned into a failed workflow task, or where the worker must
 * roll its history back to when the task was a speculative one dropped without a trace.
 */
function applyCompletion(
  ctx: ServerContext,
  token: TaskToken,
  request: CompletedRequest,
): string | { resetHistoryEventId: number } | undefined {
  return ctx.transact(() => {
    const run = loadForWorkflowTask(ctx, token);
    const attempt = run.state.workflowTask!.attempt;
    const identity = request.identity ?? '';
    const retentionMs = ctx.namespaces.get(run.state.namespace)?.retentionMs ?? 0;
    const commands = request.commands ?? [];

    const updateUndos: (() => void)[] = [];
    const failTask = (cause: number, message: string) => {
      for (const undo of updateUndos.reverse()) undo();
      const fresh = loadForWorkflowTask(ctx, token);
      endWorkflowTaskUnsuccessfully(fresh, {
        kind: 'failed',
        attributes: { cause, identity, failure: { message, serverFailureInfo: {} } },
      });
      ctx.save(fresh);
      return message;
    };

    // As Temporal: a retried task (attempt > 1) refused again is dropped rather than failed again. It stays started
    // and times out; its start-to-close grows with the attempts (workflowTaskRetryTimeoutMs), which is the backoff.
    // Throwing rolls back everything this completion changed.
    const refuse = (cause: number, message: string) => {
      if (attempt > 1 && cause !== Cause.WORKFLOW_TASK_FAILED_CAUSE_UNHANDLED_COMMAND) {
        throw invalidArgument(message);
      }
      return failTask(cause, message);
    };

    if (run.state.buffered.length > 0 && commands.some((c) => CLOSING_COMMANDS.has(c.commandType ?? 0))) {
      return failTask(enums.WorkflowTaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_UNHANDLED_COMMAND, 'UnhandledCommand');
    }

    const wft = run.state.workflowTask!;
    const stickyQueue = request.stickyAttributes?.workerTaskQueue?.name;
    const sticky = stickyQueue
      ? {
          taskQueue: stickyQueue,
          scheduleToStartMs:
            msFromDuration(request.stickyAttributes?.scheduleToStartTimeout) ?? DEFAULT_STICKY_SCHEDULE_TO_START_MS,
        }
      : undefined;
    if (canDiscardSpeculativeTask(run, request) && discardSpeculativeTask(ctx, run, request, sticky)) {
      return { resetHistoryEventId: run.state.lastCompletedStartedEventId };
    }
    persistTransientWorkflowTask(run);
    const completedEventId = run.appendEvent(EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED, {
      workflowTaskCompletedEventAttributes: {
        scheduledEventId: wft.scheduledEventId,
        startedEventId: wft.startedEventId,
        identity,
        binaryChecksum: request.binaryChecksum ?? '',
        workerVersion: request.workerVersionStamp,
        sdkMetadata: request.sdkMetadata,
        meteringMetadata: request.meteringMetadata,
        deployment: request.deployment,
        versioningBehavior: request.versioningBehavior ?? 0,
        workerDeploymentName: request.deploymentOptions?.deploymentName ?? '',
      },
    });
    run.state.lastCompletedStartedEventId = wft.startedEventId!;
    run.state.workflowTask = undefined;
    run.state.sticky = sticky;

    const scope: CommandScope = { ctx, run, completedEventId, identity, retentionMs };
    const messages = new Map((request.messages ?? []).map((m) => [m.id ?? '', m]));
    const answeredUpdates = new Set((request.messages ?? []).map((m) => m.protocolInstanceId ?? ''));
    try {
      for (const command of commands) {
        if (command.commandType === enums.CommandType.COMMAND_TYPE_PROTOCOL_MESSAGE) {
          const id = command.protocolMessageCommandAttributes?.messageId ?? '';
          const message = messages.get(id);
          if (!message) {
            throw new CommandRejection(
              enums.WorkflowTaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_BAD_UPDATE_WORKFLOW_EXECUTION_MESSAGE,
              `ProtocolMessageCommand refers to message ${id}, which the completion does not carry.`,
            );
          }
          messages.delete(id);
          applyUpdateMessage(ctx, run, message, updateUndos);
        } else {
          applyCommand(scope, command);
        }
      }
      // Messages no command placed are applied after the commands.
      for (const message of messages.values()) applyUpdateMessage(ctx, run, message, updateUndos);
    } catch (err) {
      if (err instanceof CommandRejection) return refuse(err.cause, `${causeName(err.cause)}: ${err.message}`);
      throw err;
    }

    if (run.isOpen) {
      const flushed = flushBufferedEvents(run);
      const updatesWaiting = ctx.updates.unaccepted(run.state.runId).some((u) => !answeredUpdates.has(u.updateId));
      if (flushed > 0 || run.needsNewWorkflowTask || request.forceCreateNewWorkflowTask || updatesWaiting) {
        scheduleWorkflowTask(run);
      }
    }
    ctx.save(run);
    return undefined;
  });
}

/**
 * Temporal's rule for dropping a speculative workflow task: no commands, no forced new task, nothing that arrived
 * meanwhile waiting to be written, and only update rejections in its messages.
 */
function canDiscardSpeculativeTask(run: MutableExecution, request: CompletedRequest): boolean {
  const messages = request.messages ?? [];
  return (
    run.state.workflowTask?.speculative === true &&
    (request.commands ?? []).length === 0 &&
    !request.forceCreateNewWorkflowTask &&
    run.state.buffered.length === 0 &&
    messages.length > 0 &&
    messages.every((m) => unpackProtocolBody(m).kind === 'rejection')
  );
}

/**
 * Records the rejections and forgets the task: no WorkflowTaskScheduled/Started/Completed is written. Updates still
 * waiting get a new speculative task. False (and nothing changed) when a rejection is not allowed in its update's
 * state: the completion then goes the normal way, which refuses it.
 */
function discardSpeculativeTask(
  ctx: ServerContext,
  run: MutableExecution,
  request: CompletedRequest,
  sticky: ExecutionState['sticky'],
): boolean {
  const undos: (() => void)[] = [];
  try {
    for (const message of request.messages ?? []) applyUpdateMessage(ctx, run, message, undos);
  } catch (err) {
    if (!(err instanceof CommandRejection)) throw err;
    for (const undo of undos.reverse()) undo();
    return false;
  }
  run.state.workflowTask = undefined;
  run.state.sticky = sticky;
  const answered = new Set((request.messages ?? []).map((m) => m.protocolInstanceId ?? ''));
  if (ctx.updates.unaccepted(run.state.runId).some((u) => !answered.has(u.updateId))) {
    scheduleWorkflowTask(run, 1, true);
  }
  ctx.save(run);
  return true;
}
