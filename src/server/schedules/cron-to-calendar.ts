/**
 * Cron strings become structured calendars, as Temporal's server compiles them: cron-parser reads the syntax
 * (optional seconds field first, names, steps, @daily and friends), and its expanded fields become value ranges.
 */
import { CronExpressionParser } from 'cron-parser';
import type { StructuredCalendar } from './structured-calendar';

type Range = { start: number; end: number; step: number };

/** Consecutive values become one range: [0,15,30,45] stays four, [1,2,3,4,5] becomes 1-5. */
function toRanges(values: readonly (number | string)[]): Range[] {
  const numbers = values.map(Number).sort((a, b) => a - b);
  const ranges: Range[] = [];
  for (const v of numbers) {
    const last = ranges[ranges.length - 1];
    if (last && v === last.end + 1) last.end = v;
    else ranges.push({ start: v, end: v, step: 1 });
  }
  return ranges;
}

export class CronStringError extends Error {}

export function cronToCalendar(cron: string): StructuredCalendar {
  const text = cron.trim();
  if (/^CRON_TZ=|^TZ=/.test(text)) {
    throw new CronStringError(`cron string "${cron}": a CRON_TZ= prefix is not supported; set the spec's time zone`);
  }
  let fields;
  try {
    fields = CronExpressionParser.parse(text, { strict: false }).fields;
  } catch (err) {
    throw new CronStringError(`invalid cron string "${cron}": ${(err as Error).message}`);
  }
  const days = fields.dayOfMonth.values as readonly (number | string)[];
  const weekdays = fields.dayOfWeek.values as readonly (number | string)[];
  if ([...days, ...weekdays].some((v) => typeof v !== 'number')) {
    throw new CronStringError(`cron string "${cron}": L, W and # are not supported`);
  }
  return {
    second: toRanges(fields.second.values),
    minute: toRanges(fields.minute.values),
    hour: toRanges(fields.hour.values),
    dayOfMonth: toRanges(days),
    month: toRanges(fields.month.values),
    dayOfWeek: toRanges([...new Set(weekdays.map((d) => Number(d) % 7))]),
    comment: cron,
  };
}
