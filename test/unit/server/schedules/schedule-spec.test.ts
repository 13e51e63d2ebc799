import {
  compileSpec,
  nextActionTime,
  nextNominalTime,
  ScheduleSpecError,
} from '../../../../src/server/schedules/schedule-spec';
import { cronToCalendar } from '../../../../src/server/schedules/cron-to-calendar';
import { decideBuffer } from '../../../../src/server/schedules/overlap-buffer';
import type { BufferedStart } from '../../../../src/server/schedules/schedule-record';

const at = (iso: string) => Date.parse(iso);
const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString());
const seconds = (n: number) => ({ seconds: n });

function times(spec: Parameters<typeof compileSpec>[0], fromIso: string, count: number): string[] {
  const compiled = compileSpec(spec);
  const out: string[] = [];
  let cursor = at(fromIso);
  for (let i = 0; i < count; i++) {
    const t = nextNominalTime(compiled, cursor);
    if (t === undefined) break;
    out.push(iso(t)!);
    cursor = t;
  }
  return out;
}

test('a cron string becomes a structured calendar; weekdays and times match in UTC', () => {
  expect(cronToCalendar('*/20 9 * * MON-FRI')).toMatchObject({
    minute: [
      { start: 0, end: 0 },
      { start: 20, end: 20 },
      { start: 40, end: 40 },
    ],
    hour: [{ start: 9, end: 9 }],
    dayOfWeek: [{ start: 1, end: 5 }],
  });
  // 2026-12-04 is a Friday.
  expect(times({ cronString: ['*/20 9 * * MON-FRI'] }, '2026-12-04T09:30:00Z', 3)).toEqual([
    '2026-12-04T09:40:00.000Z',
    '2026-12-07T09:00:00.000Z',
    '2026-12-07T09:20:00.000Z',
  ]);
});

test('day of month and day of week must both match (Temporal ANDs them, unlike classic cron)', () => {
  // Friday the 13th.
  expect(
    times(
      { structuredCalendar: [{ dayOfMonth: [{ start: 13 }], dayOfWeek: [{ start: 5 }] }] },
      '2026-01-01T00:00:00Z',
      2,
    ),
  ).toEqual(['2026-02-13T00:00:00.000Z', '2026-03-13T00:00:00.000Z']);
});

test('a time zone shifts calendar times, across a DST change', () => {
  // 09:00 in New York: 14:00 UTC in winter, 13:00 UTC after the 2026-03-08 change.
  expect(
    times(
      { structuredCalendar: [{ hour: [{ start: 9 }] }], timezoneName: 'America/New_York' },
      '2026-03-07T00:00:00Z',
      2,
    ),
  ).toEqual(['2026-03-07T14:00:00.000Z', '2026-03-08T13:00:00.000Z']);
});

test('intervals align to the epoch plus phase; start is inclusive, end bounds; exclusions skip', () => {
  const spec = {
    interval: [{ interval: seconds(3600), phase: seconds(900) }],
    startTime: seconds(at('2026-01-01T02:15:00Z') / 1000),
    endTime: seconds(at('2026-01-01T05:00:00Z') / 1000),
    excludeStructuredCalendar: [{ hour: [{ start: 3 }], minute: [{ start: 15 }], second: [{ start: 0 }] }],
  };
  expect(times(spec, '2026-01-01T00:00:00Z', 10)).toEqual(['2026-01-01T02:15:00.000Z', '2026-01-01T04:15:00.000Z']);
});

test('jitter is deterministic and never reaches the next nominal time', () => {
  const spec = compileSpec({ interval: [{ interval: seconds(60) }], jitter: seconds(3600) });
  const a = nextActionTime(spec, 'ns-id', at('2026-01-01T00:00:30Z'))!;
  expect(nextActionTime(spec, 'ns-id', at('2026-01-01T00:00:30Z'))).toEqual(a);
  expect(a.nominal).toBe(at('2026-01-01T00:01:00Z'));
  expect(a.next - a.nominal).toBeGreaterThanOrEqual(0);
  expect(a.next - a.nominal).toBeLessThan(60_000);
});

test('bad specs are refused with a one-line reason', () => {
  expect(() => compileSpec({ cronString: ['61 * * * *'] })).toThrow(ScheduleSpecError);
  expect(() => compileSpec({ interval: [{ interval: seconds(60), phase: seconds(60) }] })).toThrow(
    'phase must be at least 0 and below the interval',
  );
  expect(() => compileSpec({ timezoneName: 'Mars/Olympus' })).toThrow('unknown time zone "Mars/Olympus"');
});

describe('overlap buffer', () => {
  const start = (n: number, overlapPolicy = 0): BufferedStart => ({
    nominalTime: n,
    actualTime: n,
    overlapPolicy,
    manual: false,
  });
  const policy = (p: number) => () => p;
  test('BUFFER_ONE keeps the first overlapping start and skips the rest', () => {
    const d = decideBuffer([start(1), start(2), start(3)], true, policy(2));
    expect(d).toMatchObject({ next: undefined, remaining: [start(1)], skipped: 2 });
  });
  test('SKIP starts one when nothing runs and skips the others', () => {
    const d = decideBuffer([start(1), start(2)], false, policy(1));
    expect(d).toMatchObject({ next: start(1), remaining: [], skipped: 1 });
  });
  test('BUFFER_ALL keeps every start; TERMINATE_OTHER asks to end the running one; ALLOW_ALL starts all', () => {
    expect(decideBuffer([start(1), start(2)], true, policy(3)).remaining).toHaveLength(2);
    expect(decideBuffer([start(1)], true, policy(5))).toMatchObject({ terminateRunning: true, remaining: [start(1)] });
    expect(decideBuffer([start(1), start(2)], true, policy(6)).overlapping).toHaveLength(2);
  });
});
