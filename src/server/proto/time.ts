/** Conversions between protobuf Timestamp/Duration/int64 values and plain milliseconds. */
import type Long from 'long';

type LongLike = number | Long | string | null | undefined;
interface TimestampLike {
  seconds?: LongLike;
  nanos?: number | null | undefined;
}

export function toNumber(value: LongLike): number {
  if (value === null || value === undefined) return 0;
  if (typeof value === 'number') return value;
  if (typeof value === 'string') return Number(value);
  return value.toNumber();
}

export function timestampFromMs(ms: number): { seconds: number; nanos: number } {
  const seconds = Math.floor(ms / 1000);
  return { seconds, nanos: Math.round((ms - seconds * 1000) * 1e6) };
}

export function msFromTimestamp(ts: TimestampLike | null | undefined): number | undefined {
  if (!ts) return undefined;
  return toNumber(ts.seconds) * 1000 + Math.floor((ts.nanos ?? 0) / 1e6);
}

export const durationFromMs = timestampFromMs;

/** Milliseconds of a Duration, or undefined when it is absent or zero (Temporal treats zero as unset). */
export function msFromDuration(d: TimestampLike | null | undefined): number | undefined {
  const ms = msFromTimestamp(d);
  return ms ? ms : undefined;
}
