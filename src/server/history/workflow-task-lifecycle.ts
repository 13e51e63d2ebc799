/** A workflow task handed to a worker, failed by it, or timed out. (Completion is in workflow-task-completion.ts.) */
import { enums, EventType, type temporal, type Relaxed } from '../proto/temporal-proto';
import { timestampFromMs } from '../proto/time';
import { notFound } from '../errors/rpc-error';
import type { ServerContext } from './server-context';
import type { MutableExecution } from './mutable-execution';
import type { QueuedTask } from '../store/task-store';
import { encodeTaskToken, type TaskToken } from './task-token';
import {
  flushBufferedEvents,
  persistTransientWorkflowTask,
  scheduleWorkflowTask,
  startedAttributes,
  taskQueueProto,
  transientWorkflowTaskEvents,
  TIMER_WORKFLOW_TASK_START_TO_CLOSE,
} from './workflow-task-scheduling';
import { encodeTail, readHistoryPage } from './history-pages';
import type { WithEncodedHistory } from '../proto/encoded-history';
import { updateRequestMessages } from './workflow-updates';

export type PollResponse = WithEncodedHistory<Relaxed<temporal.api.workflowservice.v1.IPollWorkflowTaskQueueResponse>>;

export const POLL_HISTORY_PAGE_SIZE = 1000;

/** Claims a queued workflow task for a poller; undefined when the task is stale. */
export function startWorkflowTask(
  ctx: ServerContext,
  task: QueuedTask,
  identity: string,
  requestId: string,
): PollResponse | undefined {
  const run = ctx.load(task.run_id);
  const wft = run?.state.workflowTask;
  if (!run || !run.isOpen || !wft || wft.stamp !== task.stamp || wft.startedEventId !== undefined) return undefined;
  wft.identity = identity;
  wft.requestId = requestId;
  wft.startedTime = run.now;
  wft.historySizeBytes = run.state.historySizeBytes;
  wft.suggestContinueAsNew =
    run.state.nextEventId > ctx.limits.suggestContinueAsNewEvents ||
    run.state.historySizeBytes > ctx.limits.suggestContinueAsNewBytes;
  if (wft.transient) {
    wft.startedEventId = wft.scheduledEventId + 1;
  } else {
    wft.startedEventId = run.appendEvent(EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED, {
      workflowTaskStartedEventAttributes: startedAttributes(run),
    });
  }
  run.addTimer(TIMER_WORKFLOW_TASK_START_TO_CLOSE, run.now + wft.startToCloseMs, { stamp: wft.stamp });
  ctx.save(run);
  return workflowTaskResponse(ctx, run, task.stamp);
}

function workflowTaskResponse(ctx: ServerContext, run: MutableExecution, stamp: number): PollResponse {
  const { state } = run;
  const wft = state.workflowTask!;
  const onSticky = state.sticky !== undefined && wft.taskQueue === state.sticky.taskQueue;
  const firstEventId = onSticky ? state.lastCompletedStartedEventId + 1 : 1;
  const lastEventId = state.nextEventId - 1;
  const page = readHistoryPage(
    ctx,
    { runId: state.runId, nextEventId: firstEventId, lastEventId, tail: encodeTail(transientWorkflowTaskEvents(run)) },
    lastEventId,
    POLL_HISTORY_PAGE_SIZE,
  );
  const token: TaskToken = {
    kind: 'workflow',
    namespace: state.namespace,
    runId: state.runId,
    stamp,
    attempt: wft.attempt,
  };
  return {
    taskToken: encodeTaskToken(token),
    workflowExecution: { workflowId: state.workflowId, runId: state.runId },
    workflowType: { name: state.workflowType },
    previousStartedEventId: state.lastCompletedStartedEventId,
    startedEventId: wft.startedEventId,
    attempt: wft.attempt,
    history: page.history,
    nextPageToken: page.nextPageToken,
    workflowExecutionTaskQueue: taskQueueProto(state.taskQueue),
    scheduledTime: timestampFromMs(wft.scheduledTime),
    startedTime: timestampFromMs(wft.startedTime!),
    messages: updateRequestMessages(ctx, state.runId, wft.startedEventId!),
  };
}

/** Loads the run a workflow task token names, if that task is still the one running. */
export function loadForWorkflowTask(ctx: ServerContext, token: TaskToken): MutableExecution {
  if (token.kind !== 'workflow') throw notFound('Workflow task not found.');
  const run = ctx.load(token.runId);
  const wft = run?.state.workflowTask;
  if (!run || !run.isOpen || !wft || wft.stamp !== token.stamp || wft.startedEventId === undefined) {
    throw notFound('Workflow task not found.');
  }
  return run;
}

/** Ends the running workflow task without completion, then schedules the next attempt. */
export function endWorkflowTaskUnsuccessfully(
  run: MutableExecution,
  outcome:
    | { kind: 'failed'; attributes: Relaxed<temporal.api.history.v1.IWorkflowTaskFailedEventAttributes> }
    | { kind: 'timedOut'; timeoutType: number },
): void {
  const { state } = run;
  const wft = state.workflowTask!;
  // A speculative task that fails or times out is written, as Temporal converts it to a normal one.
  if (wft.speculative) persistTransientWorkflowTask(run);
  if (!wft.transient) {
    if (outcome.kind === 'failed') {
      run.appendEvent(EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED, {
        workflowTaskFailedEventAttributes: {
          ...outcome.attributes,
          scheduledEventId: wft.scheduledEventId,
          startedEventId: wft.startedEventId,
        },
      });
    } else {
      run.appendEvent(EventType.EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT, {
        workflowTaskTimedOutEventAttributes: {
          scheduledEventId: wft.scheduledEventId,
          startedEventId: wft.startedEventId ?? 0,
          timeoutType: outcome.timeoutType,
        },
      });
    }
  }
  state.workflowTask = undefined;
  const wasSticky = state.sticky !== undefined;
  state.sticky = undefined;
  const flushed = flushBufferedEvents(run);
  // As in Temporal, only a repeat of the same task on the normal queue counts up (and is transient); a task that
  // failed on a sticky worker or on new events starts again at attempt 1.
  scheduleWorkflowTask(run, flushed > 0 || wasSticky ? 1 : wft.attempt + 1);
}

export function failWorkflowTask(
  ctx: ServerContext,
  token: TaskToken,
  request: Relaxed<temporal.api.workflowservice.v1.IRespondWorkflowTaskFailedRequest>,
): void {
  ctx.transact(() => {
    const run = loadForWorkflowTask(ctx, token);
    endWorkflowTaskUnsuccessfully(run, {
      kind: 'failed',
      attributes: {
        cause: request.cause ?? 0,
        failure: request.failure,
        identity: request.identity ?? '',
        binaryChecksum: request.binaryChecksum ?? '',
      },
    });
    ctx.save(run);
  });
}

/** Start-to-close of a started task, or schedule-to-start of one waiting on a sticky queue. */
export function timeOutWorkflowTask(ctx: ServerContext, runId: string, stamp: number, timeoutType: number): void {
  const run = ctx.load(runId);
  const wft = run?.state.workflowTask;
  if (!run || !run.isOpen || !wft || wft.stamp !== stamp) return;
  if (timeoutType === enums.TimeoutType.TIMEOUT_TYPE_SCHEDULE_TO_START) {
    // Started already, or sent to the normal queue because its sticky worker was gone: nothing to move.
    if (wft.startedEventId !== undefined || run.state.sticky?.taskQueue !== wft.taskQueue) return;
    // The sticky worker did not pick it up: move the task to the normal queue, as Temporal does.
    if (!wft.transient) {
      run.appendEvent(EventType.EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT, {
        workflowTaskTimedOutEventAttributes: { scheduledEventId: wft.scheduledEventId, startedEventId: 0, timeoutType },
      });
    }
    run.state.workflowTask = undefined;
    run.state.sticky = undefined;
    scheduleWorkflowTask(run, wft.attempt, wft.speculative === true);
  } else {
    if (wft.startedEventId === undefined) return;
    endWorkflowTaskUnsuccessfully(run, { kind: 'timedOut', timeoutType });
  }
  ctx.save(run);
}
