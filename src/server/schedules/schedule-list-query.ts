/**
 * The part of Temporal's list-filter language ListSchedules understands here: conditions on ScheduleId,
 * WorkflowType and TemporalSchedulePaused (=, !=, STARTS_WITH), joined by AND.
 */
import type { ScheduleRecord } from './schedule-record';

type Field = 'ScheduleId' | 'WorkflowType' | 'TemporalSchedulePaused';
interface Condition {
  field: Field;
  op: '=' | '!=' | 'STARTS_WITH';
  value: string;
}

const CONDITION = /^\s*(\w+)\s*(=|!=|STARTS_WITH)\s*(?:'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)"|(true|false))\s*$/i;

export function parseScheduleQuery(query: string): Condition[] {
  if (!query.trim()) return [];
  return query.split(/\s+AND\s+/i).map((part) => {
    const match = CONDITION.exec(part);
    const field = match?.[1] as Field | undefined;
    if (!match || !field || !['ScheduleId', 'WorkflowType', 'TemporalSchedulePaused'].includes(field)) {
      throw new Error(
        `unsupported schedule list query "${part.trim()}": this server filters schedules by ScheduleId, WorkflowType ` +
          'and TemporalSchedulePaused (=, !=, STARTS_WITH), joined by AND',
      );
    }
    return { field, op: match[2]!.toUpperCase() as Condition['op'], value: match[3] ?? match[4] ?? match[5]! };
  });
}

function fieldValue(record: ScheduleRecord, field: Field): string {
  if (field === 'ScheduleId') return record.scheduleId;
  if (field === 'WorkflowType') return record.schedule.action?.startWorkflow?.workflowType?.name ?? '';
  return String(record.schedule.state?.paused ?? false);
}

export function matchesScheduleQuery(conditions: readonly Condition[], record: ScheduleRecord): boolean {
  return conditions.every(({ field, op, value }) => {
    const actual = fieldValue(record, field);
    const expected = field === 'TemporalSchedulePaused' ? value.toLowerCase() : value;
    if (op === '=') return actual === expected;
    if (op === '!=') return actual !== expected;
    return actual.startsWith(expected);
  });
}
