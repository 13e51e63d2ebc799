/**
 * The base run's events after a reset point that Temporal carries into the new run: signals, and what happened to
 * the children the new run still waits for (their start, their outcome), rewritten to the new run's event ids.
 */
import { EventType, type HistoryEvent } from '../proto/temporal-proto';
import { timestampFromMs, toNumber } from '../proto/time';
import type { MutableExecution } from './mutable-execution';
import { childResultOf } from './state-from-history';

export interface ReapplyOptions {
  signals: boolean;
}

/** The outcome event with its startedEventId pointing at the new run's ChildWorkflowExecutionStarted. */
function withStartedEventId(event: HistoryEvent, startedEventId: number): HistoryEvent {
  const copy: HistoryEvent = { ...event };
  for (const key of [
    'childWorkflowExecutionCompletedEventAttributes',
    'childWorkflowExecutionFailedEventAttributes',
    'childWorkflowExecutionCanceledEventAttributes',
    'childWorkflowExecutionTimedOutEventAttributes',
    'childWorkflowExecutionTerminatedEventAttributes',
  ] as const) {
    const attributes = event[key];
    if (attributes) (copy as Record<string, unknown>)[key] = { ...attributes, startedEventId };
  }
  return copy;
}

/** Appends to `run` (the new run) the reapplicable events among `events` (the base run's, after the reset point). */
export function reapplyAfterReset(run: MutableExecution, events: HistoryEvent[], options: ReapplyOptions): void {
  const children = run.state.children ?? {};
  const append = (event: HistoryEvent) => run.appendDecodedEvent({ ...event, eventTime: timestampFromMs(run.now) });
  for (const event of events) {
    if (event.eventType === EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED) {
      if (options.signals) append(event);
      continue;
    }
    const started = event.childWorkflowExecutionStartedEventAttributes;
    if (started) {
      const child = children[String(toNumber(started.initiatedEventId))];
      if (!child || child.startedEventId !== undefined) continue;
      child.runId = started.workflowExecution?.runId ?? '';
      append(event); // records the child's startedEventId as it is written
      continue;
    }
    const initiatedEventId = childResultOf(event);
    const child = initiatedEventId === undefined ? undefined : children[String(initiatedEventId)];
    if (!child) continue;
    delete children[String(initiatedEventId)];
    append(child.startedEventId === undefined ? event : withStartedEventId(event, child.startedEventId));
  }
}
