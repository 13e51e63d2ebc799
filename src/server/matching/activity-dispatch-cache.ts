/**
 * What an activity task carries from its ActivityTaskScheduled event, kept in memory from the transaction that
 * scheduled the activity until its first attempt is handed out, so that dispatch need not read and decode the event.
 * A miss (a retry, a restart, an evicted or large entry) reads the event from history as before.
 */
import type { temporal, Relaxed } from '../proto/temporal-proto';

export type ActivityDispatchDetails = Pick<
  Relaxed<temporal.api.history.v1.IActivityTaskScheduledEventAttributes>,
  'activityType' | 'header' | 'input' | 'priority'
>;

/** Entries beyond this many evict the oldest: activities cancelled before they started leave theirs behind. */
const CAPACITY = 1000;
/** Larger inputs are left in history, so the cache stays small. */
const MAX_INPUT_BYTES = 64 * 1024;

export class ActivityDispatchCache {
  private readonly entries = new Map<string, ActivityDispatchDetails>();
  /** Entries of the open transaction: takeable inside it, kept only if it commits. */
  private readonly staged = new Map<string, ActivityDispatchDetails>();

  stage(runId: string, scheduledEventId: number, details: ActivityDispatchDetails): void {
    if (inputBytes(details) <= MAX_INPUT_BYTES) this.staged.set(key(runId, scheduledEventId), details);
  }

  commitStaged(): void {
    for (const [k, details] of this.staged) {
      if (this.entries.size >= CAPACITY) this.entries.delete(this.entries.keys().next().value!);
      this.entries.set(k, details);
    }
    this.staged.clear();
  }

  discardStaged(): void {
    this.staged.clear();
  }

  /** The details for the activity's first dispatch, forgotten once taken. */
  take(runId: string, scheduledEventId: number): ActivityDispatchDetails | undefined {
    const k = key(runId, scheduledEventId);
    const details = this.staged.get(k) ?? this.entries.get(k);
    this.staged.delete(k);
    this.entries.delete(k);
    return details;
  }
}

function key(runId: string, scheduledEventId: number): string {
  return `${runId}/${scheduledEventId}`;
}

function inputBytes(details: ActivityDispatchDetails): number {
  let total = 0;
  for (const payload of details.input?.payloads ?? []) total += payload.data?.length ?? 0;
  return total;
}
