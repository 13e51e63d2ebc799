/**
 * Legacy cron (`cronSchedule` on a workflow start): the grammar Temporal accepts (five standard fields, the
 * @yearly/@monthly/@weekly/@daily/@midnight/@hourly descriptors, `@every <duration>`, an optional CRON_TZ= prefix),
 * and the wait until a run's next scheduled time, whole seconds rounded up as Temporal rounds it.
 */
import { CronExpressionParser } from 'cron-parser';

export interface CronSchedule {
  /** The next scheduled time strictly after `afterMs`, or undefined when none exists. */
  next(afterMs: number): number | undefined;
}

const DESCRIPTORS: Record<string, string> = {
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
  '@monthly': '0 0 1 * *',
  '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@hourly': '0 * * * *',
};

const GO_DURATION_UNITS_MS: Record<string, number> = {
  ns: 1e-6,
  us: 1e-3,
  µs: 1e-3,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
};

/** A Go duration ("1h30m", "2s", "1.5h"), as `@every` takes it; undefined when it is not one. */
function parseGoDurationMs(text: string): number | undefined {
  const parts = [...text.matchAll(/(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join('') !== text) return undefined;
  return parts.reduce((sum, [, value, unit]) => sum + Number(value) * GO_DURATION_UNITS_MS[unit!]!, 0);
}

/** `@every d`: every d (at least a second, whole seconds) after the time asked about, as Temporal's parser does. */
function everySchedule(delayMs: number): CronSchedule {
  const stepMs = Math.max(1000, delayMs - (delayMs % 1000));
  return { next: (afterMs) => afterMs - (afterMs % 1000) + stepMs };
}

function fieldSchedule(expression: string, tz: string): CronSchedule {
  // Parsing once validates the expression; each `next` parses again from its own starting time.
  CronExpressionParser.parse(expression, { tz, currentDate: new Date() });
  return {
    next(afterMs) {
      const parsed = CronExpressionParser.parse(expression, { tz, currentDate: new Date(afterMs) });
      if (!parsed.hasNext()) return undefined;
      return parsed.next().getTime();
    },
  };
}

/** The schedule a cronSchedule string describes, or an error message (Temporal's "invalid CronSchedule."). */
export function parseCronSchedule(text: string): CronSchedule | string {
  let rest = text.trim();
  let tz = 'UTC';
  const zone = /^(?:CRON_TZ|TZ)=(\S+)\s+/.exec(rest);
  if (zone) {
    tz = zone[1]!;
    rest = rest.slice(zone[0].length);
  }
  try {
    if (rest.startsWith('@every ')) {
      const delayMs = parseGoDurationMs(rest.slice('@every '.length).trim());
      return delayMs === undefined ? 'invalid CronSchedule.' : everySchedule(delayMs);
    }
    const expression = DESCRIPTORS[rest] ?? rest;
    if (expression.split(/\s+/).length !== 5) return 'invalid CronSchedule.';
    return fieldSchedule(expression, tz);
  } catch {
    return 'invalid CronSchedule.';
  }
}

/**
 * How long a cron run waits: until the first scheduled time after the run's own scheduled time that is not before
 * now, in whole seconds rounded up. `scheduledMs` is the run's execution time (its start plus its backoff).
 */
export function cronBackoffMs(cronSchedule: string, scheduledMs: number, nowMs: number): number | undefined {
  const schedule = parseCronSchedule(cronSchedule);
  if (typeof schedule === 'string') return undefined;
  let next: number | undefined;
  if (nowMs < scheduledMs) {
    next = scheduledMs;
  } else {
    next = schedule.next(scheduledMs);
    while (next !== undefined && next < nowMs) next = schedule.next(next);
  }
  if (next === undefined) return undefined;
  return Math.ceil((next - nowMs) / 1000) * 1000;
}
