/** PatchSchedule and a create's initial patch: trigger now, backfill ranges, pause or unpause with a note. */
import type { Relaxed, temporal } from '../proto/temporal-proto';
import { msFromTimestamp } from '../proto/time';
import { compileSpec, nextActionTime } from './schedule-spec';
import { addStart, jitterSeed } from './scheduler';
import type { ScheduleRecord } from './schedule-record';

export type SchedulePatch = Relaxed<temporal.api.schedule.v1.ISchedulePatch>;

/** Backfill is bounded as Temporal's buffer is: further times are counted as dropped. */
const MAX_BACKFILL_TIMES = 1000;

export function applyPatch(record: ScheduleRecord, patch: SchedulePatch, now: number): void {
  if (patch.triggerImmediately) {
    const at = msFromTimestamp(patch.triggerImmediately.scheduledTime) || now;
    addStart(record, {
      nominalTime: at,
      actualTime: at,
      overlapPolicy: patch.triggerImmediately.overlapPolicy ?? 0,
      manual: true,
    });
  }
  for (const backfill of patch.backfillRequest ?? []) {
    const start = msFromTimestamp(backfill.startTime) ?? 0;
    const end = msFromTimestamp(backfill.endTime) ?? 0;
    const spec = compileSpec(record.schedule.spec ?? {});
    // The start time is inclusive (Temporal's InclusiveBackfillStartTime).
    let cursor = start - 1;
    for (let i = 0; i < MAX_BACKFILL_TIMES; i++) {
      const t = nextActionTime(spec, jitterSeed(record), cursor);
      if (!t || t.next > end) break;
      addStart(record, {
        nominalTime: t.nominal,
        actualTime: t.next,
        overlapPolicy: backfill.overlapPolicy ?? 0,
        manual: true,
      });
      cursor = t.nominal;
    }
  }
  const state = record.schedule.state ?? {};
  if (patch.pause) record.schedule.state = { ...state, paused: true, notes: patch.pause };
  if (patch.unpause) {
    record.schedule.state = { ...state, paused: false, notes: patch.unpause };
    // Times that passed while paused are not made up.
    record.state.processedUntil = Math.max(record.state.processedUntil, now);
  }
}
