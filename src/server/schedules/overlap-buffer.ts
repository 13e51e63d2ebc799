/**
 * Which buffered actions start now under their overlap policies, given whether a scheduled workflow still runs:
 * Temporal's buffer semantics (skip, buffer one, buffer all, cancel other, terminate other, allow all).
 */
import { enums } from '../proto/temporal-proto';
import type { BufferedStart } from './schedule-record';

const Overlap = enums.ScheduleOverlapPolicy;

export interface BufferDecision {
  /** ALLOW_ALL starts: all of them start now, untracked. */
  overlapping: BufferedStart[];
  /** The one non-overlapping start to make now, if any. */
  next: BufferedStart | undefined;
  remaining: BufferedStart[];
  cancelRunning: boolean;
  terminateRunning: boolean;
  skipped: number;
}

export function decideBuffer(
  buffer: readonly BufferedStart[],
  running: boolean,
  resolve: (policy: number) => number,
): BufferDecision {
  const decision: BufferDecision = {
    overlapping: [],
    next: undefined,
    remaining: [],
    cancelRunning: false,
    terminateRunning: false,
    skipped: 0,
  };
  for (const start of buffer) {
    const policy = resolve(start.overlapPolicy);
    if (policy === Overlap.SCHEDULE_OVERLAP_POLICY_ALLOW_ALL) {
      decision.overlapping.push(start);
      continue;
    }
    if (!running && !decision.next) {
      decision.next = start;
      continue;
    }
    switch (policy) {
      case Overlap.SCHEDULE_OVERLAP_POLICY_BUFFER_ONE:
        if (decision.remaining.length === 0) decision.remaining.push(start);
        else decision.skipped++;
        break;
      case Overlap.SCHEDULE_OVERLAP_POLICY_BUFFER_ALL:
        decision.remaining.push(start);
        break;
      case Overlap.SCHEDULE_OVERLAP_POLICY_CANCEL_OTHER:
      case Overlap.SCHEDULE_OVERLAP_POLICY_TERMINATE_OTHER:
        if (running) {
          if (policy === Overlap.SCHEDULE_OVERLAP_POLICY_CANCEL_OTHER) decision.cancelRunning = true;
          else decision.terminateRunning = true;
          decision.remaining.push(start);
        } else {
          // Nothing runs yet: this one replaces the start chosen earlier in this pass.
          decision.next = start;
        }
        break;
      default:
        decision.skipped++;
    }
  }
  // Starting overlapping runs while cancelling or terminating would only end them again.
  if (decision.cancelRunning || decision.terminateRunning) decision.overlapping = [];
  return decision;
}
