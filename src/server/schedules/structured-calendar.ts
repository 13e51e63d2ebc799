/** Temporal's structured calendar specs: which wall-clock seconds match, and the next matching instant after a time. */
import type { Relaxed, temporal } from '../proto/temporal-proto';
import { instantOf, localParts } from './local-time';

export type StructuredCalendar = Relaxed<temporal.api.schedule.v1.IStructuredCalendarSpec>;
type Range = Relaxed<temporal.api.schedule.v1.IRange>;

/** A calendar spec expanded into sorted value lists; `years` undefined means every year. */
export interface CompiledCalendar {
  seconds: number[];
  minutes: number[];
  hours: number[];
  days: Set<number>;
  months: Set<number>;
  weekdays: Set<number>;
  years: Set<number> | undefined;
}

/** Searching further than this finds nothing (a calendar for 30 February, or years long past). */
const MAX_SEARCH_DAYS = 366 * 100;

function expand(
  ranges: Range[] | null | undefined,
  field: string,
  min: number,
  max: number,
  whenEmpty: number[],
): number[] {
  if (!ranges || ranges.length === 0) return whenEmpty;
  const values = new Set<number>();
  for (const range of ranges) {
    const start = range.start ?? 0;
    const end = Math.max(range.end ?? 0, start);
    const step = range.step && range.step > 0 ? range.step : 1;
    if (start < min || end > max) throw new RangeError(`${field} range ${start}-${end} is outside ${min}-${max}`);
    for (let v = start; v <= end; v += step) values.add(v);
  }
  return [...values].sort((a, b) => a - b);
}

function all(min: number, max: number): number[] {
  return Array.from({ length: max - min + 1 }, (_, i) => min + i);
}

/** Throws RangeError on values outside a field's range. Empty fields take Temporal's defaults (0 for time, * for dates). */
export function compileCalendar(spec: StructuredCalendar): CompiledCalendar {
  return {
    seconds: expand(spec.second, 'second', 0, 59, [0]),
    minutes: expand(spec.minute, 'minute', 0, 59, [0]),
    hours: expand(spec.hour, 'hour', 0, 23, [0]),
    days: new Set(expand(spec.dayOfMonth, 'day of month', 1, 31, all(1, 31))),
    months: new Set(expand(spec.month, 'month', 1, 12, all(1, 12))),
    // Sunday may be written as 0 or 7.
    weekdays: new Set(expand(spec.dayOfWeek, 'day of week', 0, 7, all(0, 6)).map((d) => d % 7)),
    years: spec.year && spec.year.length > 0 ? new Set(expand(spec.year, 'year', 1970, 9999, [])) : undefined,
  };
}

/** The first instant (whole second, ms) strictly after `afterMs` that the calendar matches, or undefined. */
export function nextCalendarTime(cal: CompiledCalendar, afterMs: number, timeZone: string): number | undefined {
  const from = (Math.floor(afterMs / 1000) + 1) * 1000;
  const start = localParts(from, timeZone);
  // Walk calendar days in UTC arithmetic (a date, not an instant), checking each against the date fields.
  let date = Date.UTC(start.year, start.month - 1, start.day);
  for (let i = 0; i < MAX_SEARCH_DAYS; i++, date += 86_400_000) {
    const d = new Date(date);
    const year = d.getUTCFullYear();
    const month = d.getUTCMonth() + 1;
    const day = d.getUTCDate();
    if (cal.years && !cal.years.has(year)) continue;
    if (!cal.months.has(month) || !cal.days.has(day) || !cal.weekdays.has(d.getUTCDay())) continue;
    const firstDay = i === 0;
    for (const hour of cal.hours) {
      if (firstDay && hour < start.hour - 1) continue;
      for (const minute of cal.minutes) {
        for (const second of cal.seconds) {
          const at = instantOf({ year, month, day, hour, minute, second }, timeZone);
          if (at >= from) return at;
        }
      }
    }
  }
  return undefined;
}
