/**
 * Counting what a scenario lost and duplicated, from the orchestrations' outcomes and the agents' ledger:
 * the figures of one report row, each defined so a reader can recount it from the raw data.
 */
import { CHAOS_SOLO, CHAOS_WORKER } from './chaos-agents';
import type { LedgerEntry } from './ledger';
import type { OrchestrationOutcome } from './load';

export interface LedgerFindings {
  /** Executions of steps that began (every attempt, every branch, every process). */
  readonly executions: number;
  /** Side effects applied. */
  readonly effects: number;
  /** Steps (orchestration id + step id) whose side effect was applied more than once. */
  readonly duplicates: number;
  /** Re-runs of a step that had acted already, absorbed by its idempotency key instead of acting again. */
  readonly reRunsAbsorbed: number;
  /** Executions that stopped without acting because their instruction was cancelled, timed out or expired. */
  readonly abandoned: number;
  /** Effects applied by an execution after another execution of the same step had begun (a superseded instruction). */
  readonly staleActs: number;
  /** Effects applied after the instruction's deadline. */
  readonly actedAfterDeadline: number;
}

export interface ScenarioCounts {
  readonly orchestrations: number;
  readonly completed: number;
  /** Completed with at least one step settled by an alternate agent or the autonomous branch. */
  readonly viaFallback: number;
  /** Failed with a typed reason (the orchestration's failure type). */
  readonly failed: number;
  /** Refused up front with a clear error (overload, invalid request). */
  readonly refused: number;
  /** No outcome within the scenario's bound, or completed while a succeeded step's side effect is missing. */
  readonly lost: number;
  readonly duplicates: number;
}

const LEDGER_AGENTS: ReadonlySet<string> = new Set([CHAOS_WORKER, CHAOS_SOLO]);

const stepOf = (entry: LedgerEntry) => `${entry.orchestrationId}/${entry.stepId}`;

function groupBy<T>(items: readonly T[], keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}

/** The 'started' entry of the execution that wrote `entry`: same process, branch and attempt, latest before it. */
function startOf(entry: LedgerEntry, starts: readonly LedgerEntry[]): LedgerEntry | undefined {
  return starts
    .filter(
      (s) =>
        s.pid === entry.pid &&
        s.mode === entry.mode &&
        s.agent === entry.agent &&
        s.attempt === entry.attempt &&
        s.at <= entry.at,
    )
    .at(-1);
}

export function analyzeLedger(entries: readonly LedgerEntry[]): LedgerFindings {
  let duplicates = 0;
  let staleActs = 0;
  for (const stepEntries of groupBy(entries, stepOf).values()) {
    const starts = stepEntries.filter((e) => e.event === 'started');
    const effects = stepEntries.filter((e) => e.event === 'effect');
    if (effects.length > 1) duplicates += 1;
    for (const effect of effects) {
      const own = startOf(effect, starts);
      if (own && starts.some((s) => s !== own && s.at > own.at && s.at < effect.at)) staleActs += 1;
    }
  }
  const count = (event: LedgerEntry['event']) => entries.filter((e) => e.event === event).length;
  return {
    executions: count('started'),
    effects: count('effect'),
    duplicates,
    reRunsAbsorbed: count('deduplicated'),
    abandoned: count('abandoned'),
    staleActs,
    actedAfterDeadline: entries.filter((e) => e.event === 'effect' && e.at > e.deadline).length,
  };
}

/** Completed orchestrations with a succeeded ledger step whose side effect is not in the ledger. */
export function orchestrationsMissingEffects(
  outcomes: readonly OrchestrationOutcome[],
  entries: readonly LedgerEntry[],
): string[] {
  const acted = new Set(entries.filter((e) => e.event === 'effect').map(stepOf));
  return outcomes
    .filter((o) => o.kind === 'completed')
    .filter((o) =>
      (o.steps ?? []).some(
        (step) =>
          step.kind === 'agent' &&
          LEDGER_AGENTS.has(step.agent) &&
          step.state === 'succeeded' &&
          !acted.has(`${o.id}/${step.id}`),
      ),
    )
    .map((o) => o.id);
}

export function countOutcomes(
  outcomes: readonly OrchestrationOutcome[],
  entries: readonly LedgerEntry[],
): ScenarioCounts {
  const of = (kind: OrchestrationOutcome['kind']) => outcomes.filter((o) => o.kind === kind);
  const missing = orchestrationsMissingEffects(outcomes, entries);
  return {
    orchestrations: outcomes.length,
    completed: of('completed').length - missing.length,
    viaFallback: of('completed').filter((o) => (o.fallbackCount ?? 0) > 0).length,
    failed: of('failed').length,
    refused: of('refused').length,
    lost: of('lost').length + missing.length,
    duplicates: analyzeLedger(entries).duplicates,
  };
}
