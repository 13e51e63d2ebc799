/** Reading a run's history in tests: event type names, and a check that its events refer to each other consistently. */
import { temporal } from '@temporalio/proto';
import type { Client } from '@temporalio/client';
import { defaultPayloadConverter, type Payload } from '@temporalio/common';

export type HistoryEvent = temporal.api.history.v1.IHistoryEvent;
const EventType = temporal.api.enums.v1.EventType;

/** 'WorkflowTaskCompleted' for EVENT_TYPE_WORKFLOW_TASK_COMPLETED. */
export function eventTypeName(event: HistoryEvent): string {
  const name = EventType[event.eventType ?? 0] ?? `Unknown(${event.eventType})`;
  return name
    .replace(/^EVENT_TYPE_/, '')
    .toLowerCase()
    .split('_')
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join('');
}

export function eventTypeNames(events: HistoryEvent[]): string[] {
  return events.map(eventTypeName);
}

/** The first value of an event's payloads (input, result), decoded as the default converter wrote it. */
export function decodeFirstPayload(payloads: temporal.api.common.v1.IPayloads | null | undefined): unknown {
  const first = payloads?.payloads?.[0];
  return first ? defaultPayloadConverter.fromPayload(first as Payload) : undefined;
}

export async function historyEvents(client: Client, workflowId: string, runId?: string): Promise<HistoryEvent[]> {
  const history = await client.workflow.getHandle(workflowId, runId).fetchHistory();
  return history.events ?? [];
}

/**
 * The events, once their types are checked to be `names` in order: a tuple a test destructures without `!`.
 * Throws, naming both lists, when the types differ.
 */
export function expectEventTypes<const Names extends readonly string[]>(
  events: readonly HistoryEvent[],
  names: Names,
): { [K in keyof Names]: HistoryEvent } {
  const actual = events.map(eventTypeName);
  if (actual.length !== names.length || actual.some((name, i) => name !== names[i])) {
    throw new Error(`expected events [${names.join(', ')}], the history has [${actual.join(', ')}]`);
  }
  return events as unknown as { [K in keyof Names]: HistoryEvent };
}

/** The event at `index` (negative counts from the end); throws, naming the history, when there is none. */
export function eventAt(events: readonly HistoryEvent[], index: number): HistoryEvent {
  const event = events.at(index);
  if (!event) throw new Error(`no event at index ${index}: the history has [${events.map(eventTypeName).join(', ')}]`);
  return event;
}

/** The first event of type `name` (as eventTypeName writes it) that `matches`; throws, naming the history, when none. */
export function findEvent(
  events: readonly HistoryEvent[],
  name: string,
  matches: (event: HistoryEvent) => boolean = () => true,
): HistoryEvent {
  const event = events.find((e) => eventTypeName(e) === name && matches(e));
  if (!event) throw new Error(`no matching ${name} event: the history has [${events.map(eventTypeName).join(', ')}]`);
  return event;
}

/** The attributes object of an event, whatever its type (the one `...EventAttributes` field that is set). */
function attributesOf(event: HistoryEvent): Record<string, unknown> {
  for (const [key, value] of Object.entries(event)) {
    if (key.endsWith('EventAttributes') && value) return value as Record<string, unknown>;
  }
  return {};
}

const WORKFLOW_TASK_ENDS = new Set(['WorkflowTaskCompleted', 'WorkflowTaskFailed', 'WorkflowTaskTimedOut']);
const ACTIVITY_OUTCOMES = new Set([
  'ActivityTaskCompleted',
  'ActivityTaskFailed',
  'ActivityTaskTimedOut',
  'ActivityTaskCanceled',
]);
const CLOSE_EVENTS = new Set([
  'WorkflowExecutionCompleted',
  'WorkflowExecutionFailed',
  'WorkflowExecutionCanceled',
  'WorkflowExecutionTerminated',
  'WorkflowExecutionTimedOut',
  'WorkflowExecutionContinuedAsNew',
]);

/**
 * Every inconsistency found, as readable sentences (an empty list means the history is consistent):
 * ids are 1..n, it opens with WorkflowExecutionStarted and a close event is last, a started workflow task is
 * followed directly by its end, and every scheduledEventId / startedEventId / workflowTaskCompletedEventId
 * names an earlier event of the right type (the workflow task completion being the latest one before it).
 */
export function historyProblems(events: HistoryEvent[]): string[] {
  const problems: string[] = [];
  const byId = new Map<number, HistoryEvent>();
  const name = (id: number) => (byId.has(id) ? eventTypeName(byId.get(id)!) : 'nothing');
  const expectRef = (event: HistoryEvent, field: string, id: number, type: string) => {
    if (byId.get(id) === undefined || eventTypeName(byId.get(id)!) !== type) {
      problems.push(`event ${event.eventId} ${eventTypeName(event)}: ${field} ${id} is ${name(id)}, expected ${type}`);
    }
  };
  let lastWorkflowTaskCompleted = 0;

  events.forEach((event, index) => {
    const id = Number(event.eventId);
    const type = eventTypeName(event);
    const attrs = attributesOf(event);
    const num = (field: string) => Number(attrs[field] ?? 0);
    if (id !== index + 1) problems.push(`event at position ${index + 1} has id ${id}`);
    if (index === 0 && type !== 'WorkflowExecutionStarted') problems.push(`history starts with ${type}`);
    if (CLOSE_EVENTS.has(type) && index !== events.length - 1) problems.push(`close event ${type} (${id}) is not last`);

    const previous = events[index - 1];
    if (previous && eventTypeName(previous) === 'WorkflowTaskStarted' && !WORKFLOW_TASK_ENDS.has(type)) {
      problems.push(`event ${id} ${type} sits between WorkflowTaskStarted ${previous.eventId} and that task's end`);
    }

    if (type === 'WorkflowTaskStarted')
      expectRef(event, 'scheduledEventId', num('scheduledEventId'), 'WorkflowTaskScheduled');
    if (WORKFLOW_TASK_ENDS.has(type)) {
      expectRef(event, 'scheduledEventId', num('scheduledEventId'), 'WorkflowTaskScheduled');
      const started = num('startedEventId');
      if (type !== 'WorkflowTaskTimedOut' || started !== 0) {
        expectRef(event, 'startedEventId', started, 'WorkflowTaskStarted');
        if (started !== id - 1)
          problems.push(`event ${id} ${type}: startedEventId ${started} is not the event just before it`);
        const startedAttrs = byId.get(started) ? attributesOf(byId.get(started)!) : {};
        if (Number(startedAttrs.scheduledEventId ?? 0) !== num('scheduledEventId')) {
          problems.push(`event ${id} ${type}: started event ${started} belongs to another scheduled task`);
        }
      }
    }
    if (type === 'WorkflowTaskCompleted') lastWorkflowTaskCompleted = id;
    if ('workflowTaskCompletedEventId' in attrs) {
      const ref = num('workflowTaskCompletedEventId');
      expectRef(event, 'workflowTaskCompletedEventId', ref, 'WorkflowTaskCompleted');
      if (ref !== lastWorkflowTaskCompleted) {
        problems.push(
          `event ${id} ${type}: workflowTaskCompletedEventId ${ref} is not the latest completion (${lastWorkflowTaskCompleted})`,
        );
      }
    }

    if (type === 'ActivityTaskStarted')
      expectRef(event, 'scheduledEventId', num('scheduledEventId'), 'ActivityTaskScheduled');
    if (ACTIVITY_OUTCOMES.has(type) || type === 'ActivityTaskCancelRequested') {
      expectRef(event, 'scheduledEventId', num('scheduledEventId'), 'ActivityTaskScheduled');
    }
    if (ACTIVITY_OUTCOMES.has(type) && num('startedEventId') !== 0) {
      expectRef(event, 'startedEventId', num('startedEventId'), 'ActivityTaskStarted');
      const startedAttrs = attributesOf(byId.get(num('startedEventId')) ?? {});
      if (Number(startedAttrs.scheduledEventId ?? 0) !== num('scheduledEventId')) {
        problems.push(`event ${id} ${type}: its started event belongs to another activity`);
      }
    }
    if (type === 'TimerFired' || type === 'TimerCanceled') {
      expectRef(event, 'startedEventId', num('startedEventId'), 'TimerStarted');
      const startedAttrs = attributesOf(byId.get(num('startedEventId')) ?? {});
      if (startedAttrs.timerId !== attrs.timerId)
        problems.push(`event ${id} ${type}: timer id differs from its TimerStarted`);
    }
    byId.set(id, event);
  });
  return problems;
}
