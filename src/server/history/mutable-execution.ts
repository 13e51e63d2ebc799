/** One run's state loaded for a change: new events, queued tasks and timers are collected, then persisted together. */
import { history, type HistoryEvent, type EventType, encodeMessage } from '../proto/temporal-proto';
import { timestampFromMs } from '../proto/time';
import type { ExecutionState } from './execution-state';
import type { TaskKind } from '../store/task-store';
import type { VisibilityFields } from '../store/execution-store';
import type { ActivityDispatchDetails } from '../matching/activity-dispatch-cache';

export interface PendingTask {
  kind: TaskKind;
  taskQueue: string;
  ref: number;
  stamp: number;
}

export interface PendingTimer {
  kind: string;
  fireAt: number;
  data: unknown;
}

export class MutableExecution {
  readonly newEvents: { eventId: number; bytes: Uint8Array }[] = [];
  readonly newTasks: PendingTask[] = [];
  readonly newTimers: PendingTimer[] = [];
  /** Activities scheduled by this change, for the dispatch cache once it commits. */
  readonly newActivities: { scheduledEventId: number; details: ActivityDispatchDetails }[] = [];
  /** Set when memo or search attributes changed. */
  visibility?: VisibilityFields;
  /** Set when a command wrote an event the workflow has not seen, so completion must schedule another task. */
  needsNewWorkflowTask = false;
  /** Set when this change closed the run. */
  closed = false;
  /** Set when the run closed by continuing as a new run (its id). */
  continuedAs?: string;

  constructor(
    public state: ExecutionState,
    readonly isNew: boolean,
    readonly now: number,
  ) {}

  /** Appends an event to history now; returns its id. */
  appendEvent(eventType: EventType, attributes: Partial<HistoryEvent>, eventTime = this.now): number {
    const eventId = this.state.nextEventId++;
    const event: HistoryEvent = { eventId, eventType, eventTime: timestampFromMs(eventTime), ...attributes };
    this.observe(eventId, event);
    const bytes = encodeMessage(history.HistoryEvent, event);
    this.state.historySizeBytes += bytes.length;
    this.newEvents.push({ eventId, bytes });
    return eventId;
  }

  /** Appends an event built earlier (a buffered one), giving it the next id. */
  appendDecodedEvent(event: HistoryEvent): number {
    const eventId = this.state.nextEventId++;
    this.observe(eventId, event);
    const bytes = encodeMessage(history.HistoryEvent, { ...event, eventId });
    this.state.historySizeBytes += bytes.length;
    this.newEvents.push({ eventId, bytes });
    return eventId;
  }

  /** Events whose ids other state refers to: a child's started event. */
  private observe(eventId: number, event: HistoryEvent): void {
    const childStarted = event.childWorkflowExecutionStartedEventAttributes;
    if (childStarted) {
      const child = this.state.children?.[String(Number(childStarted.initiatedEventId))];
      if (child) child.startedEventId = eventId;
    }
  }

  get isOpen(): boolean {
    return this.state.closeTime === undefined;
  }

  /** True when a workflow task has been handed to a worker and not yet answered. */
  get workflowTaskStarted(): boolean {
    return this.state.workflowTask?.startedEventId !== undefined;
  }

  /** Adds an event that must wait for the running workflow task to finish before it is written. */
  bufferEvent(eventType: EventType, attributes: Partial<HistoryEvent>, linksPreviousAsStarted = false): void {
    const event: HistoryEvent = { eventId: 0, eventType, eventTime: timestampFromMs(this.now), ...attributes };
    this.state.buffered.push({
      event: Buffer.from(encodeMessage(history.HistoryEvent, event)).toString('base64'),
      linksPreviousAsStarted,
    });
  }

  addTask(task: PendingTask): void {
    this.newTasks.push(task);
  }

  addTimer(kind: string, fireAt: number, data: unknown): void {
    this.newTimers.push({ kind, fireAt, data });
  }
}
