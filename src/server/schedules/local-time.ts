/** Wall-clock time in an IANA time zone: the parts of an instant there, and the instant of a wall-clock time there. */

export interface LocalParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** Throws RangeError for a name the runtime does not know. */
export function assertTimeZone(timeZone: string): void {
  formatter(timeZone);
}

export function localParts(ms: number, timeZone: string): LocalParts {
  if (timeZone === 'UTC') {
    const d = new Date(ms);
    return {
      year: d.getUTCFullYear(),
      month: d.getUTCMonth() + 1,
      day: d.getUTCDate(),
      hour: d.getUTCHours(),
      minute: d.getUTCMinutes(),
      second: d.getUTCSeconds(),
    };
  }
  const parts: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(new Date(ms)))
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  return {
    year: parts.year!,
    month: parts.month!,
    day: parts.day!,
    hour: parts.hour!,
    minute: parts.minute!,
    second: parts.second!,
  };
}

function offsetAt(ms: number, timeZone: string): number {
  const p = localParts(ms, timeZone);
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - Math.floor(ms / 1000) * 1000;
}

/** The instant of a wall-clock time; a time skipped by a DST change moves forward by the gap, as Go's time.Date does. */
export function instantOf(p: LocalParts, timeZone: string): number {
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  if (timeZone === 'UTC') return asUtc;
  const first = asUtc - offsetAt(asUtc, timeZone);
  if (offsetAt(first, timeZone) === asUtc - first) return first;
  const second = asUtc - offsetAt(first, timeZone);
  if (offsetAt(second, timeZone) === asUtc - second) return second;
  // Inside a gap (clocks moved forward): the later reading, i.e. moved forward by the gap.
  return Math.max(first, second);
}
