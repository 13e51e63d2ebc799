/** Applying the commands of a completed workflow task: each becomes the events Temporal writes for it. */
import {
  common,
  enums,
  EventType,
  history,
  WorkflowExecutionStatus,
  type Command,
  encodeMessage,
} from '../proto/temporal-proto';
import { msFromDuration } from '../proto/time';
import type { ServerContext } from './server-context';
import type { MutableExecution } from './mutable-execution';
import { CommandRejection } from './command-rejection';
import { requestCancelActivity, scheduleActivity } from './activity-scheduling';
import { closeExecution } from './close-execution';
import { commitSuccessorRun, createSuccessorRun, decideSuccessor } from './run-successor';
import { mergeSearchAttributes } from './search-attribute-values';
import { continueAsNew } from './continue-as-new';
import { attributeTypeLookup, searchAttributeProblem } from './search-attribute-validation';
import { startChildWorkflow } from './child-workflows';
import { requestCancelExternalWorkflow, signalExternalWorkflow } from './external-workflows';

export const TIMER_USER = 'user-timer';

const CommandType = enums.CommandType;
const Cause = enums.WorkflowTaskFailedCause;

export interface CommandScope {
  ctx: ServerContext;
  run: MutableExecution;
  completedEventId: number;
  identity: string;
  retentionMs: number;
}

/** Commands that close the run; with buffered events pending they are refused (UNHANDLED_COMMAND). */
export const CLOSING_COMMANDS = new Set<number>([
  CommandType.COMMAND_TYPE_COMPLETE_WORKFLOW_EXECUTION,
  CommandType.COMMAND_TYPE_FAIL_WORKFLOW_EXECUTION,
  CommandType.COMMAND_TYPE_CANCEL_WORKFLOW_EXECUTION,
  CommandType.COMMAND_TYPE_CONTINUE_AS_NEW_WORKFLOW_EXECUTION,
]);

export type CommandHandler = (scope: CommandScope, command: Command) => void;

const handlers = new Map<number, CommandHandler>([
  [
    CommandType.COMMAND_TYPE_SCHEDULE_ACTIVITY_TASK,
    (s, c) => scheduleActivity(s.run, c.scheduleActivityTaskCommandAttributes ?? {}, s.completedEventId),
  ],
  [
    CommandType.COMMAND_TYPE_REQUEST_CANCEL_ACTIVITY_TASK,
    (s, c) =>
      requestCancelActivity(
        s.run,
        Number(c.requestCancelActivityTaskCommandAttributes?.scheduledEventId ?? 0),
        s.completedEventId,
        s.identity,
      ),
  ],
  [CommandType.COMMAND_TYPE_START_TIMER, startTimer],
  [CommandType.COMMAND_TYPE_CANCEL_TIMER, cancelTimer],
  [CommandType.COMMAND_TYPE_RECORD_MARKER, recordMarker],
  [CommandType.COMMAND_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES, upsertSearchAttributes],
  [CommandType.COMMAND_TYPE_MODIFY_WORKFLOW_PROPERTIES, modifyProperties],
  [CommandType.COMMAND_TYPE_COMPLETE_WORKFLOW_EXECUTION, completeWorkflow],
  [CommandType.COMMAND_TYPE_FAIL_WORKFLOW_EXECUTION, failWorkflow],
  [CommandType.COMMAND_TYPE_CANCEL_WORKFLOW_EXECUTION, cancelWorkflow],
  [CommandType.COMMAND_TYPE_CONTINUE_AS_NEW_WORKFLOW_EXECUTION, continueAsNew],
  [CommandType.COMMAND_TYPE_START_CHILD_WORKFLOW_EXECUTION, startChildWorkflow],
  [CommandType.COMMAND_TYPE_SIGNAL_EXTERNAL_WORKFLOW_EXECUTION, signalExternalWorkflow],
  [CommandType.COMMAND_TYPE_REQUEST_CANCEL_EXTERNAL_WORKFLOW_EXECUTION, requestCancelExternalWorkflow],
]);

/** Lets other modules (child workflows, continue-as-new, updates) add their command handlers. */
export function registerCommandHandler(type: number, handler: CommandHandler): void {
  handlers.set(type, handler);
}

export function applyCommand(scope: CommandScope, command: Command): void {
  if (!scope.run.isOpen) {
    throw new CommandRejection(
      Cause.WORKFLOW_TASK_FAILED_CAUSE_UNHANDLED_COMMAND,
      'A command followed the command that closed the workflow.',
    );
  }
  const handler = handlers.get(command.commandType ?? 0);
  if (!handler) {
    throw new CommandRejection(
      Cause.WORKFLOW_TASK_FAILED_CAUSE_UNHANDLED_COMMAND,
      `Command ${CommandType[command.commandType ?? 0] ?? command.commandType} is not supported by the Steadfast development server.`,
    );
  }
  handler(scope, command);
}

function startTimer({ run, completedEventId }: CommandScope, command: Command): void {
  const attributes = command.startTimerCommandAttributes ?? {};
  const timerId = attributes.timerId ?? '';
  const fireInMs = msFromDuration(attributes.startToFireTimeout);
  const reject = (message: string) =>
    new CommandRejection(Cause.WORKFLOW_TASK_FAILED_CAUSE_BAD_START_TIMER_ATTRIBUTES, message);
  if (!timerId) throw reject('TimerId is not set on StartTimerCommand.');
  if (!fireInMs || fireInMs <= 0) throw reject('A valid StartToFireTimeout is not set on StartTimerCommand.');
  if (run.state.timers[timerId]) throw reject(`Timer with id ${timerId} is already started.`);
  const startedEventId = run.appendEvent(EventType.EVENT_TYPE_TIMER_STARTED, {
    timerStartedEventAttributes: {
      timerId,
      startToFireTimeout: attributes.startToFireTimeout,
      workflowTaskCompletedEventId: completedEventId,
    },
  });
  run.state.timers[timerId] = { startedEventId, fireAt: run.now + fireInMs };
  run.addTimer(TIMER_USER, run.now + fireInMs, { timerId, startedEventId });
}

function cancelTimer({ run, completedEventId, identity }: CommandScope, command: Command): void {
  const timerId = command.cancelTimerCommandAttributes?.timerId ?? '';
  let timer = run.state.timers[timerId];
  if (!timer) {
    // The timer fired while this task ran: drop its buffered TimerFired event, as Temporal does.
    const startedEventId = removeBufferedTimerFired(run, timerId);
    if (startedEventId === undefined) {
      throw new CommandRejection(
        Cause.WORKFLOW_TASK_FAILED_CAUSE_BAD_CANCEL_TIMER_ATTRIBUTES,
        `Timer ${timerId} is not running.`,
      );
    }
    timer = { startedEventId, fireAt: run.now };
  }
  delete run.state.timers[timerId];
  run.appendEvent(EventType.EVENT_TYPE_TIMER_CANCELED, {
    timerCanceledEventAttributes: {
      timerId,
      startedEventId: timer.startedEventId,
      workflowTaskCompletedEventId: completedEventId,
      identity,
    },
  });
}

function removeBufferedTimerFired(run: MutableExecution, timerId: string): number | undefined {
  for (const [i, buffered] of run.state.buffered.entries()) {
    const event = history.HistoryEvent.decode(Buffer.from(buffered.event, 'base64'));
    if (event.timerFiredEventAttributes?.timerId === timerId) {
      run.state.buffered.splice(i, 1);
      return Number(event.timerFiredEventAttributes.startedEventId);
    }
  }
  return undefined;
}

function recordMarker({ run, completedEventId }: CommandScope, command: Command): void {
  const attributes = command.recordMarkerCommandAttributes ?? {};
  if (!attributes.markerName) {
    throw new CommandRejection(
      Cause.WORKFLOW_TASK_FAILED_CAUSE_BAD_RECORD_MARKER_ATTRIBUTES,
      'MarkerName is not set on RecordMarkerCommand.',
    );
  }
  run.appendEvent(EventType.EVENT_TYPE_MARKER_RECORDED, {
    markerRecordedEventAttributes: { ...attributes, workflowTaskCompletedEventId: completedEventId },
  });
}

function upsertSearchAttributes({ ctx, run, completedEventId }: CommandScope, command: Command): void {
  const searchAttributes = command.upsertWorkflowSearchAttributesCommandAttributes?.searchAttributes ?? {};
  const problem = searchAttributeProblem(ctx, run.state.namespace, searchAttributes.indexedFields);
  if (problem) throw new CommandRejection(Cause.WORKFLOW_TASK_FAILED_CAUSE_BAD_SEARCH_ATTRIBUTES, problem);
  run.appendEvent(EventType.EVENT_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES, {
    upsertWorkflowSearchAttributesEventAttributes: { searchAttributes, workflowTaskCompletedEventId: completedEventId },
  });
  const current = run.state.searchAttributes
    ? common.SearchAttributes.decode(Buffer.from(run.state.searchAttributes, 'base64')).indexedFields
    : {};
  const merged = { ...current, ...searchAttributes.indexedFields };
  for (const [name, payload] of Object.entries(merged)) {
    if (!payload.data || payload.data.length === 0 || Buffer.from(payload.data).toString() === '[]')
      delete merged[name];
  }
  run.state.searchAttributes = Buffer.from(encodeMessage(common.SearchAttributes, { indexedFields: merged })).toString(
    'base64',
  );
  const visibility = run.visibility ?? ctx.executions.loadVisibility(run.state.runId);
  const typeOf = attributeTypeLookup(ctx, run.state.namespace);
  run.visibility = {
    ...visibility,
    searchAttributes: mergeSearchAttributes(visibility.searchAttributes, searchAttributes.indexedFields, typeOf),
  };
}

function modifyProperties({ ctx, run, completedEventId }: CommandScope, command: Command): void {
  const upsertedMemo = command.modifyWorkflowPropertiesCommandAttributes?.upsertedMemo ?? {};
  run.appendEvent(EventType.EVENT_TYPE_WORKFLOW_PROPERTIES_MODIFIED, {
    workflowPropertiesModifiedEventAttributes: { upsertedMemo, workflowTaskCompletedEventId: completedEventId },
  });
  const visibility = run.visibility ?? ctx.executions.loadVisibility(run.state.runId);
  const memo = visibility.memo ? common.Memo.decode(visibility.memo) : { fields: {} };
  const fields = { ...memo.fields, ...upsertedMemo.fields };
  for (const [name, payload] of Object.entries(fields))
    if (!payload.data || payload.data.length === 0) delete fields[name];
  run.visibility = { ...visibility, memo: encodeMessage(common.Memo, { fields }) };
}

/** Completion and failure close the run; its cron schedule or retry policy may start the next run (run-successor.ts). */
function completeWorkflow(scope: CommandScope, command: Command): void {
  const { ctx, run } = scope;
  const result = command.completeWorkflowExecutionCommandAttributes?.result;
  const { successor } = decideSuccessor(ctx, run, { kind: 'completed', result });
  const next = successor ? createSuccessorRun(ctx, run, successor) : undefined;
  closeExecution(
    run,
    WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED,
    EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED,
    {
      workflowExecutionCompletedEventAttributes: {
        result,
        workflowTaskCompletedEventId: scope.completedEventId,
        newExecutionRunId: next?.state.runId ?? '',
      },
    },
    scope.retentionMs,
  );
  if (next) commitSuccessorRun(ctx, run, next);
}

function failWorkflow(scope: CommandScope, command: Command): void {
  const { ctx, run } = scope;
  const failure = command.failWorkflowExecutionCommandAttributes?.failure ?? {};
  const { successor, retryState } = decideSuccessor(ctx, run, { kind: 'failed', failure });
  const next = successor ? createSuccessorRun(ctx, run, successor) : undefined;
  closeExecution(
    run,
    WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_FAILED,
    EventType.EVENT_TYPE_WORKFLOW_EXECUTION_FAILED,
    {
      workflowExecutionFailedEventAttributes: {
        failure: command.failWorkflowExecutionCommandAttributes?.failure,
        retryState,
        workflowTaskCompletedEventId: scope.completedEventId,
        newExecutionRunId: next?.state.runId ?? '',
      },
    },
    scope.retentionMs,
  );
  if (next) commitSuccessorRun(ctx, run, next);
}

function cancelWorkflow(scope: CommandScope, command: Command): void {
  closeExecution(
    scope.run,
    WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_CANCELED,
    EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CANCELED,
    {
      workflowExecutionCanceledEventAttributes: {
        details: command.cancelWorkflowExecutionCommandAttributes?.details,
        workflowTaskCompletedEventId: scope.completedEventId,
      },
    },
    scope.retentionMs,
  );
}
