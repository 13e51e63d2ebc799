/**
 * How the system reacted to executions that a fault hit, read from the ledger: when the step was dispatched again
 * (another attempt, another process, or the autonomous branch) and when its side effect was finally applied.
 */
import type { LedgerEntry } from './ledger';

export interface FaultReaction {
  /** orchestration id / step id */
  readonly step: string;
  /** The 'started' entry of the execution the fault hit. */
  readonly hit: LedgerEntry;
  /** When the fault hit this execution (its start for simulated faults, the kill or cut for external ones). */
  readonly faultAt: number;
  /** The next execution of the step to begin after the fault. */
  readonly redispatch?: LedgerEntry;
  /**
   * When the step's work was done again elsewhere: the effect, or the finding that it was applied already, of an
   * execution that began after the fault; the step's effect when nothing ran again.
   */
  readonly settled?: LedgerEntry;
}

export interface ReactionSummary {
  readonly hit: number;
  readonly redispatched: number;
  /** Worst and median fault → the step queued again. */
  readonly worstDetectionMs: number | null;
  readonly medianDetectionMs: number | null;
  /** Worst fault → the step's work done again elsewhere (or found done). */
  readonly worstRecoveryMs: number | null;
  /** Re-dispatches by where they ran. */
  readonly redispatchedTo: Readonly<Record<string, number>>;
}

const stepOf = (entry: LedgerEntry) => `${entry.orchestrationId}/${entry.stepId}`;
/** One execution: a step's attempt on a branch in a process (entries are compared by value, read at different times). */
const executionOf = (entry: LedgerEntry) =>
  `${stepOf(entry)}#${entry.mode}#${entry.agent}#${entry.attempt}#${entry.pid}`;

/** `hits`: the 'started' entries of the executions the fault hit, with the time it hit each. */
export function reactionsTo(
  entries: readonly LedgerEntry[],
  hits: readonly { entry: LedgerEntry; at: number }[],
): FaultReaction[] {
  return hits.map(({ entry, at }) => {
    const same = entries.filter((e) => stepOf(e) === stepOf(entry));
    const redispatch = same.find(
      (e) => e.event === 'started' && e.at >= entry.at && executionOf(e) !== executionOf(entry),
    );
    const settled = redispatch
      ? same.find(
          (e) =>
            (e.event === 'effect' || e.event === 'deduplicated') &&
            e.at >= redispatch.at &&
            executionOf(e) !== executionOf(entry),
        )
      : same.find((e) => e.event === 'effect');
    return {
      step: stepOf(entry),
      hit: entry,
      faultAt: at,
      ...(redispatch ? { redispatch } : {}),
      ...(settled ? { settled } : {}),
    };
  });
}

/** Executions in flight at `at` in process `pid`: started before it, with no effect or abandonment of their own. */
export function inFlightAt(entries: readonly LedgerEntry[], pid: number, at: number): LedgerEntry[] {
  const ended = new Set(entries.filter((e) => e.pid === pid && e.at <= at && e.event !== 'started').map(executionOf));
  return entries.filter((e) => e.event === 'started' && e.pid === pid && e.at <= at && !ended.has(executionOf(e)));
}

function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)]!;
}

/** Where a re-dispatch ran, relative to the execution the fault hit. */
export function placeOf(reaction: FaultReaction): string {
  const again = reaction.redispatch;
  if (!again) return 'nowhere';
  if (again.mode === 'autonomous') return 'autonomous branch';
  return again.pid === reaction.hit.pid ? 'same pool process' : 'other pool process';
}

export function summarizeReactions(reactions: readonly FaultReaction[]): ReactionSummary {
  // The moment the step was queued again (after the timeout and the retry backoff), not when a free slot took it.
  const detections = reactions.flatMap((r) =>
    r.redispatch ? [(r.redispatch.queuedAt ?? r.redispatch.at) - r.faultAt] : [],
  );
  const recoveries = reactions.flatMap((r) => (r.settled ? [r.settled.at - r.faultAt] : []));
  const redispatchedTo: Record<string, number> = {};
  for (const reaction of reactions) {
    if (!reaction.redispatch) continue;
    const place = placeOf(reaction);
    redispatchedTo[place] = (redispatchedTo[place] ?? 0) + 1;
  }
  return {
    hit: reactions.length,
    redispatched: detections.length,
    worstDetectionMs: detections.length > 0 ? Math.max(...detections) : null,
    medianDetectionMs: median(detections),
    worstRecoveryMs: recoveries.length === reactions.length && recoveries.length > 0 ? Math.max(...recoveries) : null,
    redispatchedTo,
  };
}
