/**
 * A workflow history as `steadfast history` shows it: per event its id, time, type (WorkflowExecutionStarted, as
 * the Temporal UI names it) and the few attributes that say what happened. Payloads are left out: they can be large.
 */
import { temporal } from '@temporalio/proto';
import { formatTable } from '../output/table';

type HistoryEvent = temporal.api.history.v1.IHistoryEvent;

export interface HistoryEventRow {
  readonly eventId: number;
  /** ISO-8601. */
  readonly time: string;
  readonly type: string;
  readonly details: Readonly<Record<string, string | number>>;
}

const { EventType, TimeoutType, WorkflowTaskFailedCause, RetryState } = temporal.api.enums.v1;

export function describeEvent(event: HistoryEvent): HistoryEventRow {
  const seconds = Number(event.eventTime?.seconds ?? 0);
  const nanos = event.eventTime?.nanos ?? 0;
  return {
    eventId: Number(event.eventId ?? 0),
    time: new Date(seconds * 1_000 + Math.floor(nanos / 1_000_000)).toISOString(),
    type: typeName(event.eventType),
    details: detailsOf(attributesOf(event)),
  };
}

/** EVENT_TYPE_ACTIVITY_TASK_SCHEDULED => ActivityTaskScheduled. */
function typeName(type: HistoryEvent['eventType']): string {
  const name = typeof type === 'number' ? EventType[type] : type;
  if (typeof name !== 'string') return `Unknown(${String(type)})`;
  return enumWords(name.replace(/^EVENT_TYPE_/, ''));
}

function enumWords(name: string): string {
  return name
    .toLowerCase()
    .split('_')
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join('');
}

/** The one `...EventAttributes` field an event carries. */
function attributesOf(event: HistoryEvent): Record<string, unknown> {
  for (const [key, value] of Object.entries(event)) {
    if (key.endsWith('EventAttributes') && value !== null && typeof value === 'object')
      return value as Record<string, unknown>;
  }
  return {};
}

/** What is worth a glance, whatever the event type: names, ids, reasons, failures, timeouts. */
function detailsOf(attributes: Record<string, unknown>): Record<string, string | number> {
  const details: Record<string, string | number> = {};
  const put = (key: string, value: unknown) => {
    if (typeof value === 'string' && value !== '') details[key] = value;
    else if (typeof value === 'number' && value !== 0) details[key] = value;
    else if (isLong(value) && Number(value) !== 0) details[key] = Number(value);
  };
  const nested = (key: string, field: string) =>
    (attributes[key] as Record<string, unknown> | null | undefined)?.[field];
  put('workflowType', nested('workflowType', 'name'));
  put('activityType', nested('activityType', 'name'));
  put('activityId', attributes.activityId);
  put('taskQueue', nested('taskQueue', 'name'));
  put('signal', attributes.signalName);
  put('update', (nested('acceptedRequest', 'input') as Record<string, unknown> | undefined)?.name);
  put('timerId', attributes.timerId);
  put('startToFire', durationText(attributes.startToFireTimeout));
  put('marker', attributes.markerName);
  put('scheduledEventId', attributes.scheduledEventId);
  put('attempt', (attributes.attempt as number | undefined) !== 1 ? attributes.attempt : undefined);
  put('reason', attributes.reason);
  put('identity', attributes.identity);
  put('newRunId', attributes.newExecutionRunId);
  put('timeoutType', enumName(TimeoutType, attributes.timeoutType, 'TIMEOUT_TYPE_'));
  put('cause', enumName(WorkflowTaskFailedCause, attributes.cause, 'WORKFLOW_TASK_FAILED_CAUSE_'));
  put('retryState', enumName(RetryState, attributes.retryState, 'RETRY_STATE_'));
  put('failure', nested('failure', 'message'));
  const searchAttributes = nested('searchAttributes', 'indexedFields');
  if (searchAttributes && typeof searchAttributes === 'object')
    put('searchAttributes', Object.keys(searchAttributes).join(','));
  return details;
}

function enumName(values: Record<number, string>, value: unknown, prefix: string): string | undefined {
  if (typeof value !== 'number' || value === 0) return undefined;
  const name = values[value];
  return name === undefined ? String(value) : enumWords(name.replace(prefix, ''));
}

function durationText(duration: unknown): string | undefined {
  const { seconds, nanos } = (duration ?? {}) as { seconds?: unknown; nanos?: number };
  if (seconds === undefined && nanos === undefined) return undefined;
  const ms = Number(seconds ?? 0) * 1_000 + Math.round((nanos ?? 0) / 1_000_000);
  return ms % 1_000 === 0 ? `${ms / 1_000}s` : `${ms}ms`;
}

function isLong(value: unknown): value is { toNumber(): number } {
  return (
    value !== null && typeof value === 'object' && typeof (value as { toNumber?: unknown }).toNumber === 'function'
  );
}

/** ID, TIME (local, with milliseconds), TYPE, DETAILS as key=value pairs. */
export function formatHistoryTable(rows: readonly HistoryEventRow[]): string[] {
  return formatTable(
    [
      { header: 'ID', value: (row: HistoryEventRow) => String(row.eventId), align: 'right' },
      { header: 'TIME', value: (row: HistoryEventRow) => localTime(row.time) },
      { header: 'TYPE', value: (row: HistoryEventRow) => row.type },
      {
        header: 'DETAILS',
        value: (row: HistoryEventRow) =>
          Object.entries(row.details)
            .map(
              ([key, value]) =>
                `${key}=${typeof value === 'string' && /\s/.test(value) ? JSON.stringify(value) : value}`,
            )
            .join(' '),
      },
    ],
    rows,
  );
}

function localTime(iso: string): string {
  const date = new Date(iso);
  const pad = (value: number, width = 2) => String(value).padStart(width, '0');
  return (
    `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ` +
    `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}.${pad(date.getMilliseconds(), 3)}`
  );
}
