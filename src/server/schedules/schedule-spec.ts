/**
 * A schedule's spec compiled for computing action times: calendars (cron strings included), intervals with phase,
 * exclusions, start/end time, time zone and jitter, with Temporal's semantics (whole seconds, inclusive start).
 */
import { createHash } from 'node:crypto';
import type { Relaxed, temporal } from '../proto/temporal-proto';
import { msFromDuration, msFromTimestamp, durationFromMs } from '../proto/time';
import { assertTimeZone } from './local-time';
import { compileCalendar, nextCalendarTime, type CompiledCalendar } from './structured-calendar';
import { cronToCalendar } from './cron-to-calendar';

export type ScheduleSpec = Relaxed<temporal.api.schedule.v1.IScheduleSpec>;

export class ScheduleSpecError extends Error {}

export interface CompiledSpec {
  calendars: CompiledCalendar[];
  intervals: { everyMs: number; phaseMs: number }[];
  excludes: CompiledCalendar[];
  startMs: number | undefined;
  endMs: number | undefined;
  jitterMs: number;
  timeZone: string;
}

/** A time the schedule acts at: `nominal` as the spec says, `next` with jitter added. */
export interface ActionTime {
  nominal: number;
  next: number;
}

/** The spec as Temporal's server stores and describes it: cron strings turned into structured calendars. */
export function canonicalSpec(spec: ScheduleSpec): ScheduleSpec {
  const fromCron = (spec.cronString ?? []).map((c) => {
    try {
      return cronToCalendar(c);
    } catch (err) {
      throw new ScheduleSpecError((err as Error).message);
    }
  });
  if ((spec.calendar ?? []).length > 0) {
    throw new ScheduleSpecError('string calendar specs (spec.calendar) are not supported; use structuredCalendar');
  }
  return {
    ...spec,
    cronString: [],
    calendar: [],
    structuredCalendar: [...(spec.structuredCalendar ?? []), ...fromCron],
    timezoneName: spec.timezoneName || undefined,
  };
}

export function compileSpec(spec: ScheduleSpec): CompiledSpec {
  const canonical = canonicalSpec(spec);
  const timeZone = canonical.timezoneName || 'UTC';
  try {
    assertTimeZone(timeZone);
  } catch {
    throw new ScheduleSpecError(`unknown time zone "${timeZone}"`);
  }
  const calendar = (c: Relaxed<temporal.api.schedule.v1.IStructuredCalendarSpec>) => {
    try {
      return compileCalendar(c);
    } catch (err) {
      throw new ScheduleSpecError(`invalid calendar spec: ${(err as Error).message}`);
    }
  };
  const intervals = (canonical.interval ?? []).map((i) => {
    const everyMs = msFromDuration(i.interval) ?? 0;
    const phaseMs = msFromDuration(i.phase) ?? 0;
    if (everyMs < 1000) throw new ScheduleSpecError('interval must be at least one second');
    if (phaseMs < 0 || phaseMs >= everyMs)
      throw new ScheduleSpecError('phase must be at least 0 and below the interval');
    return { everyMs: Math.floor(everyMs / 1000) * 1000, phaseMs: Math.floor(phaseMs / 1000) * 1000 };
  });
  const jitterMs = msFromDuration(canonical.jitter) ?? 0;
  if (jitterMs < 0) throw new ScheduleSpecError('jitter must not be negative');
  return {
    calendars: (canonical.structuredCalendar ?? []).map(calendar),
    intervals,
    excludes: (canonical.excludeStructuredCalendar ?? []).map(calendar),
    startMs: msFromTimestamp(canonical.startTime) || undefined,
    endMs: msFromTimestamp(canonical.endTime) || undefined,
    jitterMs,
    timeZone,
  };
}

function nextInterval(everyMs: number, phaseMs: number, afterMs: number): number {
  const after = Math.floor(afterMs / 1000) * 1000;
  return (Math.floor((after - phaseMs) / everyMs) + 1) * everyMs + phaseMs;
}

/** Searching past this many excluded times gives up (an exclusion that covers everything). */
const MAX_EXCLUDED = 10_000;

/** The next nominal time strictly after `afterMs`, before jitter; undefined when the spec matches no later time. */
export function nextNominalTime(spec: CompiledSpec, afterMs: number): number | undefined {
  let after = afterMs;
  // The start time is inclusive.
  if (spec.startMs !== undefined && after < spec.startMs) after = spec.startMs - 1;
  for (let i = 0; i < MAX_EXCLUDED; i++) {
    let best: number | undefined;
    for (const cal of spec.calendars) {
      const t = nextCalendarTime(cal, after, spec.timeZone);
      if (t !== undefined && (best === undefined || t < best)) best = t;
    }
    for (const iv of spec.intervals) {
      const t = nextInterval(iv.everyMs, iv.phaseMs, after);
      if (best === undefined || t < best) best = t;
    }
    if (best === undefined) return undefined;
    if (spec.endMs !== undefined && best > spec.endMs) return undefined;
    const excluded = spec.excludes.some((cal) => nextCalendarTime(cal, best - 1, spec.timeZone) === best);
    if (!excluded) return best;
    after = best;
  }
  return undefined;
}

/** Deterministic jitter: the same schedule and nominal time always get the same delay, as in Temporal. */
function jitterFor(seed: string, nominal: number, maxJitterMs: number): number {
  if (maxJitterMs <= 0) return 0;
  const hash = createHash('sha256').update(`${seed}:${nominal}`).digest();
  return Math.floor((hash.readUInt32BE(0) / 2 ** 32) * maxJitterMs);
}

export function nextActionTime(spec: CompiledSpec, seed: string, afterMs: number): ActionTime | undefined {
  const nominal = nextNominalTime(spec, afterMs);
  if (nominal === undefined) return undefined;
  let maxJitter = spec.jitterMs;
  if (maxJitter > 0) {
    // Jitter never pushes an action past the following nominal time.
    const following = nextNominalTime(spec, nominal);
    if (following !== undefined) maxJitter = Math.min(maxJitter, following - nominal);
  }
  return { nominal, next: nominal + jitterFor(seed, nominal, maxJitter) };
}

/** Action times whose jittered time lies in (afterMs, untilMs], at most `limit` of them. */
export function actionTimesBetween(
  spec: CompiledSpec,
  seed: string,
  afterMs: number,
  untilMs: number,
  limit: number,
): ActionTime[] {
  const times: ActionTime[] = [];
  let cursor = afterMs;
  while (times.length < limit) {
    const t = nextActionTime(spec, seed, cursor);
    if (!t || t.next > untilMs) break;
    times.push(t);
    cursor = t.nominal;
  }
  return times;
}

export { durationFromMs };
