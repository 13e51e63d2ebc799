/** The schedule store of a server, made once per ServerContext, and the durable-timer key of a schedule. */
import type { ServerContext } from '../history/server-context';
import { ScheduleStore } from './schedule-store';

export const TIMER_SCHEDULE_WAKE = 'schedule-wake';

const stores = new WeakMap<ServerContext, ScheduleStore>();

export function scheduleStore(ctx: ServerContext): ScheduleStore {
  let store = stores.get(ctx);
  if (!store) {
    store = new ScheduleStore(ctx.db);
    stores.set(ctx, store);
  }
  return store;
}

/** Stored in the timers table's run_id column; no run id looks like this. */
export function scheduleTimerKey(namespace: string, scheduleId: string): string {
  return `schedule:${namespace}:${scheduleId}`;
}

export interface ScheduleTimerData {
  namespace: string;
  scheduleId: string;
}
