/** What each kind of durable timer does when it fires. */
import { enums, EventType, WorkflowExecutionStatus } from '../proto/temporal-proto';
import type { ServerContext } from './server-context';
import type { TimerRow } from '../store/timer-store';
import {
  onActivityTimer,
  type ActivityTimerData,
  TIMER_ACTIVITY_HEARTBEAT,
  TIMER_ACTIVITY_RETRY,
  TIMER_ACTIVITY_SCHEDULE_TO_CLOSE,
  TIMER_ACTIVITY_SCHEDULE_TO_START,
  TIMER_ACTIVITY_START_TO_CLOSE,
} from './activity-attempts';
import { timeOutWorkflowTask } from './workflow-task-lifecycle';
import {
  deliverEvent,
  scheduleWorkflowTask,
  TIMER_WORKFLOW_TASK_SCHEDULE_TO_START,
  TIMER_WORKFLOW_TASK_START_TO_CLOSE,
} from './workflow-task-scheduling';
import { TIMER_USER } from './workflow-commands';
import { TIMER_FIRST_WORKFLOW_TASK, TIMER_WORKFLOW_EXECUTION_TIMEOUT, TIMER_WORKFLOW_RUN_TIMEOUT } from './new-run';
import { forceCloseExecution, TIMER_RETENTION } from './close-execution';
import { commitSuccessorRun, createSuccessorRun, decideSuccessor } from './run-successor';

/** Each handler names the data its kind of timer carries; `never` here lets each take its own. */
type Handler = (ctx: ServerContext, runId: string, data: never) => void;
type WorkflowTaskTimerData = { stamp: number };

const handlers: Record<string, Handler> = {
  [TIMER_ACTIVITY_SCHEDULE_TO_START]: (ctx, runId, data: ActivityTimerData) =>
    onActivityTimer(ctx, runId, TIMER_ACTIVITY_SCHEDULE_TO_START, data),
  [TIMER_ACTIVITY_START_TO_CLOSE]: (ctx, runId, data: ActivityTimerData) =>
    onActivityTimer(ctx, runId, TIMER_ACTIVITY_START_TO_CLOSE, data),
  [TIMER_ACTIVITY_HEARTBEAT]: (ctx, runId, data: ActivityTimerData) =>
    onActivityTimer(ctx, runId, TIMER_ACTIVITY_HEARTBEAT, data),
  [TIMER_ACTIVITY_SCHEDULE_TO_CLOSE]: (ctx, runId, data: ActivityTimerData) =>
    onActivityTimer(ctx, runId, TIMER_ACTIVITY_SCHEDULE_TO_CLOSE, data),
  [TIMER_ACTIVITY_RETRY]: (ctx, runId, data: ActivityTimerData) =>
    onActivityTimer(ctx, runId, TIMER_ACTIVITY_RETRY, data),
  [TIMER_WORKFLOW_TASK_START_TO_CLOSE]: (ctx, runId, data: WorkflowTaskTimerData) =>
    timeOutWorkflowTask(ctx, runId, data.stamp, enums.TimeoutType.TIMEOUT_TYPE_START_TO_CLOSE),
  [TIMER_WORKFLOW_TASK_SCHEDULE_TO_START]: (ctx, runId, data: WorkflowTaskTimerData) =>
    timeOutWorkflowTask(ctx, runId, data.stamp, enums.TimeoutType.TIMEOUT_TYPE_SCHEDULE_TO_START),
  [TIMER_USER]: fireUserTimer,
  [TIMER_FIRST_WORKFLOW_TASK]: (ctx, runId) => {
    const run = ctx.load(runId);
    if (!run || !run.isOpen || run.state.workflowTask) return;
    scheduleWorkflowTask(run);
    ctx.save(run);
  },
  [TIMER_WORKFLOW_RUN_TIMEOUT]: timeOutRun,
  [TIMER_WORKFLOW_EXECUTION_TIMEOUT]: timeOutRun,
  [TIMER_RETENTION]: (ctx, runId) => {
    const state = ctx.executions.loadState(runId);
    if (state && state.closeTime !== undefined) ctx.executions.deleteExecution(runId);
  },
};

function fireUserTimer(ctx: ServerContext, runId: string, data: { timerId: string; startedEventId: number }): void {
  const run = ctx.load(runId);
  const timer = run?.state.timers[data.timerId];
  if (!run || !run.isOpen || !timer || timer.startedEventId !== data.startedEventId) return;
  delete run.state.timers[data.timerId];
  deliverEvent(run, EventType.EVENT_TYPE_TIMER_FIRED, {
    timerFiredEventAttributes: { timerId: data.timerId, startedEventId: data.startedEventId },
  });
  ctx.save(run);
}

function timeOutRun(ctx: ServerContext, runId: string): void {
  const run = ctx.load(runId);
  if (!run || !run.isOpen) return;
  const failure = {
    message: 'workflow timeout',
    timeoutFailureInfo: { timeoutType: enums.TimeoutType.TIMEOUT_TYPE_START_TO_CLOSE },
  };
  // A run timeout may be retried by the workflow's retry policy, or followed by its next cron run.
  const { successor, retryState } = decideSuccessor(ctx, run, { kind: 'timedOut', failure });
  const next = successor ? createSuccessorRun(ctx, run, successor) : undefined;
  forceCloseExecution(
    run,
    WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_TIMED_OUT,
    EventType.EVENT_TYPE_WORKFLOW_EXECUTION_TIMED_OUT,
    {
      workflowExecutionTimedOutEventAttributes: { retryState, newExecutionRunId: next?.state.runId ?? '' },
    },
    ctx.namespaces.get(run.state.namespace)?.retentionMs ?? 0,
  );
  if (next) commitSuccessorRun(ctx, run, next);
  ctx.save(run);
}

/** Runs the handler of one due timer row inside the caller's transaction. */
export function fireTimer(ctx: ServerContext, row: TimerRow): void {
  const handler = handlers[row.kind];
  // The data is JSON this server wrote when it set a timer of this kind (MutableExecution.addTimer).
  if (handler) handler(ctx, row.run_id, JSON.parse(row.data) as never);
}
