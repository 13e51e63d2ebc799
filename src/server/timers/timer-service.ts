/** Fires durable timers when they are due: one in-process alarm set for the earliest, re-armed after every change. */
import type { ServerContext } from '../history/server-context';
import { fireTimer } from '../history/timer-handlers';
import type { TimerRow } from '../store/timer-store';
import { TIMER_SCHEDULE_WAKE, type ScheduleTimerData } from '../schedules/schedule-registry';
import { wakeSchedule } from '../schedules/scheduler';

const BATCH = 200;
/** setTimeout cannot wait longer than about 24.8 days; longer waits re-arm. */
const MAX_DELAY_MS = 2_000_000_000;

export class TimerService {
  private alarm: NodeJS.Timeout | undefined;
  private alarmAt = Infinity;
  private stopped = false;

  constructor(
    private readonly ctx: ServerContext,
    private readonly onError: (err: unknown) => void,
  ) {}

  start(): void {
    this.rearm();
  }

  stop(): void {
    this.stopped = true;
    if (this.alarm) clearTimeout(this.alarm);
  }

  /**
   * Called after commits that added timers, with the earliest they added. Outside fireDue the alarm is never later than
   * any stored timer, so a new timer only moves it when it is earlier; the store is asked only without a hint.
   */
  rearm(earliestAdded?: number): void {
    if (this.stopped) return;
    const next = earliestAdded ?? this.ctx.timers.nextFireTime();
    if (next === undefined || next >= this.alarmAt) return;
    if (this.alarm) clearTimeout(this.alarm);
    this.alarmAt = next;
    const delay = Math.min(Math.max(0, next - this.ctx.now()), MAX_DELAY_MS);
    this.alarm = setTimeout(() => this.fireDue(), delay);
  }

  private fireDue(): void {
    this.alarm = undefined;
    this.alarmAt = Infinity;
    if (this.stopped) return;
    const rows = this.ctx.timers.due(this.ctx.now(), BATCH);
    for (const row of rows) {
      try {
        this.ctx.transact(() => {
          this.ctx.timers.delete(row.id);
          fire(this.ctx, row);
        });
      } catch (err) {
        this.onError(err);
        this.ctx.transact(() => this.ctx.timers.delete(row.id));
      }
    }
    if (rows.length === BATCH) {
      setImmediate(() => this.fireDue());
      return;
    }
    this.rearm();
  }
}

/** Runs' timers go to the history service; schedules' wake-ups to the scheduler. */
function fire(ctx: ServerContext, row: TimerRow): void {
  if (row.kind === TIMER_SCHEDULE_WAKE) {
    const { namespace, scheduleId } = JSON.parse(row.data) as ScheduleTimerData;
    wakeSchedule(ctx, namespace, scheduleId);
  } else {
    fireTimer(ctx, row);
  }
}
