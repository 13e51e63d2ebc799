import { cronBackoffMs, parseCronSchedule } from '../../../src/server/history/cron-schedule';

const at = (iso: string) => Date.parse(iso);

test('the grammar Temporal accepts: five fields, descriptors, @every, CRON_TZ; anything else is refused', () => {
  for (const text of ['*/5 * * * *', '@hourly', '@midnight', '@every 1h30m', 'CRON_TZ=Europe/Paris 0 9 * * 1-5']) {
    expect(typeof parseCronSchedule(text)).toBe('object');
  }
  for (const text of ['* * * * * *', 'every now and then', '@every', '@every 5 minutes', '61 * * * *']) {
    expect(parseCronSchedule(text)).toBe('invalid CronSchedule.');
  }
});

test('the wait runs to the next scheduled time after the run was due, whole seconds rounded up', () => {
  // First run: scheduled now, waits for the next match.
  expect(cronBackoffMs('*/5 * * * *', at('2026-01-01T00:01:30.250Z'), at('2026-01-01T00:01:30.250Z'))).toBe(210_000);
  // A run that ran past several scheduled times skips to the first one not before now.
  expect(cronBackoffMs('*/5 * * * *', at('2026-01-01T00:00:00Z'), at('2026-01-01T00:12:00Z'))).toBe(180_000);
  // @every counts from the run's scheduled time.
  expect(cronBackoffMs('@every 10s', at('2026-01-01T00:00:00Z'), at('2026-01-01T00:00:04Z'))).toBe(6_000);
  // 09:00 in Tokyo is midnight UTC.
  const before = at('2025-12-31T23:59:00Z');
  expect(cronBackoffMs('CRON_TZ=Asia/Tokyo 0 9 * * *', before, before)).toBe(60_000);
  expect(cronBackoffMs('not a schedule', 0, 0)).toBeUndefined();
});
