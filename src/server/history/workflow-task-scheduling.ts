/** Delivering new events to a run: written at once, or buffered behind a running workflow task, and a workflow task to see them. */
import { enums, EventType, history, type HistoryEvent } from '../proto/temporal-proto';
import { durationFromMs } from '../proto/time';
import type { MutableExecution } from './mutable-execution';

export const TIMER_WORKFLOW_TASK_START_TO_CLOSE = 'workflow-task-start-to-close';
export const TIMER_WORKFLOW_TASK_SCHEDULE_TO_START = 'workflow-task-schedule-to-start';

const RETRY_BACKOFF_MIN_ATTEMPTS = 3;
const RETRY_BACKOFF_INITIAL_MS = 5_000;
const RETRY_BACKOFF_MAX_MS = 10 * 60_000;

/**
 * A workflow task's start-to-close: the run's task timeout, plus from the fourth attempt on an exponential backoff
 * (5 s doubling, at most 10 min) as Temporal adds it, so that a task that keeps failing is retried ever more slowly.
 */
export function workflowTaskRetryTimeoutMs(taskTimeoutMs: number, attempt: number): number {
  if (attempt <= RETRY_BACKOFF_MIN_ATTEMPTS) return taskTimeoutMs;
  const backoff = RETRY_BACKOFF_INITIAL_MS * Math.pow(2, attempt - RETRY_BACKOFF_MIN_ATTEMPTS - 1);
  return taskTimeoutMs + Math.min(backoff, RETRY_BACKOFF_MAX_MS);
}

/**
 * Schedules a workflow task on the sticky queue if the run has one, else on its normal queue. A speculative task
 * (for an update on an idle run) writes no events until it is known to leave a trace (see workflow-task-completion).
 */
export function scheduleWorkflowTask(run: MutableExecution, attempt = 1, speculative = false): void {
  const { state } = run;
  const stamp = ++state.workflowTaskStamp;
  const sticky = state.sticky;
  const taskQueue = sticky?.taskQueue ?? state.taskQueue;
  const transient = attempt > 1 || speculative;
  const startToCloseMs = workflowTaskRetryTimeoutMs(state.workflowTaskTimeoutMs, attempt);
  const scheduledEventId = transient
    ? state.nextEventId
    : run.appendEvent(EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED, {
        workflowTaskScheduledEventAttributes: {
          taskQueue: taskQueueProto(state.taskQueue, sticky?.taskQueue),
          startToCloseTimeout: durationFromMs(startToCloseMs),
          attempt,
        },
      });
  state.workflowTask = {
    stamp,
    scheduledEventId,
    attempt,
    taskQueue,
    transient,
    speculative: speculative || undefined,
    scheduledTime: run.now,
    originalScheduledTime: run.now,
    startToCloseMs,
  };
  run.addTask({ kind: 'workflow', taskQueue, ref: 0, stamp });
  if (sticky) {
    run.addTimer(TIMER_WORKFLOW_TASK_SCHEDULE_TO_START, run.now + sticky.scheduleToStartMs, { stamp });
  }
}

export function taskQueueProto(normalName: string, stickyName?: string) {
  return stickyName
    ? { name: stickyName, kind: enums.TaskQueueKind.TASK_QUEUE_KIND_STICKY, normalName }
    : { name: normalName, kind: enums.TaskQueueKind.TASK_QUEUE_KIND_NORMAL };
}

/** The transient workflow task's scheduled/started events, as the worker must see them. */
export function transientWorkflowTaskEvents(run: MutableExecution): HistoryEvent[] {
  const task = run.state.workflowTask;
  if (!task?.transient) return [];
  const events: HistoryEvent[] = [
    {
      eventId: task.scheduledEventId,
      eventType: EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED,
      eventTime: durationFromMs(task.scheduledTime),
      workflowTaskScheduledEventAttributes: {
        taskQueue: taskQueueProto(run.state.taskQueue, run.state.sticky?.taskQueue),
        startToCloseTimeout: durationFromMs(task.startToCloseMs),
        attempt: task.attempt,
      },
    },
  ];
  if (task.startedEventId !== undefined) {
    events.push({
      eventId: task.startedEventId,
      eventType: EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED,
      eventTime: durationFromMs(task.startedTime ?? run.now),
      workflowTaskStartedEventAttributes: startedAttributes(run),
    });
  }
  return events;
}

/** The started event's attributes; size and suggestion are fixed when the task starts (see startWorkflowTask). */
export function startedAttributes(run: MutableExecution) {
  const task = run.state.workflowTask!;
  return {
    scheduledEventId: task.scheduledEventId,
    identity: task.identity ?? '',
    requestId: task.requestId ?? '',
    historySizeBytes: task.historySizeBytes ?? run.state.historySizeBytes,
    suggestContinueAsNew: task.suggestContinueAsNew ?? false,
  };
}

/** Writes the transient workflow task's events for real (when it completes, or when history must grow under it). */
export function persistTransientWorkflowTask(run: MutableExecution): void {
  const task = run.state.workflowTask;
  if (!task?.transient) return;
  for (const event of transientWorkflowTaskEvents(run)) {
    const { eventType, eventTime, eventId: _unused, ...attributes } = event;
    const id = run.appendEvent(eventType!, attributes, msOf(eventTime));
    if (id !== event.eventId) throw new Error(`transient workflow task event id mismatch: ${id} != ${event.eventId}`);
  }
  task.transient = false;
  task.speculative = undefined;
}

function msOf(time: HistoryEvent['eventTime']): number {
  return Number(time?.seconds ?? 0) * 1000 + Math.floor((time?.nanos ?? 0) / 1e6);
}

/**
 * True while a run waits out its first-workflow-task backoff (start delay, cron, retry) and has never had a workflow
 * task: as in Temporal, signals and updates that arrive meanwhile wait for the backoff timer instead of starting it.
 */
export function pendingOnFirstTaskBackoff(run: MutableExecution): boolean {
  const { state } = run;
  return state.executionTime > state.startTime && state.workflowTaskStamp === 0;
}

/**
 * Adds an event caused by something outside the workflow (signal, activity result, timer, cancel request).
 * While a workflow task runs the event is buffered; otherwise it is written and a workflow task scheduled if none is.
 */
export function deliverEvent(run: MutableExecution, eventType: EventType, attributes: Partial<HistoryEvent>): void {
  if (run.workflowTaskStarted) {
    run.bufferEvent(eventType, attributes);
    return;
  }
  rescheduleTransientAsNormal(run);
  run.appendEvent(eventType, attributes);
  if (!run.state.workflowTask && !pendingOnFirstTaskBackoff(run)) scheduleWorkflowTask(run);
}

/** Adds an activity's deferred started event and its outcome event, which refers to it. */
export function deliverActivityOutcome(
  run: MutableExecution,
  started: Partial<HistoryEvent> | undefined,
  outcomeType: EventType,
  outcome: (startedEventId: number) => Partial<HistoryEvent>,
): void {
  if (run.workflowTaskStarted) {
    if (started) run.bufferEvent(EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED, started);
    run.bufferEvent(outcomeType, outcome(0), started !== undefined);
    return;
  }
  rescheduleTransientAsNormal(run);
  const startedEventId = started ? run.appendEvent(EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED, started) : 0;
  run.appendEvent(outcomeType, outcome(startedEventId));
  if (!run.state.workflowTask) scheduleWorkflowTask(run);
}

/** A transient task not yet started cannot keep its virtual event ids once history grows: schedule it for real. */
function rescheduleTransientAsNormal(run: MutableExecution): void {
  const task = run.state.workflowTask;
  if (!task?.transient) return;
  run.state.workflowTask = undefined;
}

/** Writes the buffered events after a workflow task ended; returns how many were written. */
export function flushBufferedEvents(run: MutableExecution): number {
  const buffered = run.state.buffered;
  run.state.buffered = [];
  let previousEventId = 0;
  for (const entry of buffered) {
    const event = history.HistoryEvent.decode(Buffer.from(entry.event, 'base64'));
    if (entry.linksPreviousAsStarted) linkStarted(event, previousEventId);
    previousEventId = run.appendDecodedEvent(event);
  }
  return buffered.length;
}

const ACTIVITY_OUTCOME_ATTRIBUTES = [
  'activityTaskCompletedEventAttributes',
  'activityTaskFailedEventAttributes',
  'activityTaskTimedOutEventAttributes',
  'activityTaskCanceledEventAttributes',
] as const;

function linkStarted(event: HistoryEvent, startedEventId: number): void {
  for (const key of ACTIVITY_OUTCOME_ATTRIBUTES) {
    const attributes = event[key];
    if (attributes) attributes.startedEventId = startedEventId;
  }
}

/** True when the activity's outcome arrived during the running workflow task and waits in the buffer. */
export function hasBufferedActivityOutcome(run: MutableExecution, scheduledEventId: number): boolean {
  return run.state.buffered.some((entry) => {
    const event = history.HistoryEvent.decode(Buffer.from(entry.event, 'base64'));
    return ACTIVITY_OUTCOME_ATTRIBUTES.some((key) => Number(event[key]?.scheduledEventId ?? 0) === scheduledEventId);
  });
}
