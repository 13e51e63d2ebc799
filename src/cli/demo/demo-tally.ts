/**
 * What the demo proves, counted from the orchestration results and the side-effect ledger: how many completed, how
 * each step was answered, how many retries it took, and that nothing was lost or done twice.
 */
import { idempotencyKeyFor } from '../../orchestration/names';
import type { OrchestrationResult, StepStatus } from '../../orchestration/status-view';
import type { FallbackReason } from '../../orchestration/types';
import type { LedgerEntry } from './demo-ledger';

export interface DemoOutcome {
  readonly id: string;
  readonly result?: OrchestrationResult;
  /** Why it did not complete. */
  readonly failure?: string;
}

export interface DemoTally {
  readonly orchestrations: number;
  readonly completed: number;
  readonly stepsByMode: {
    readonly primary: number;
    readonly alternate: number;
    readonly autonomous: number;
    readonly other: number;
  };
  /** Attempts beyond the first on the same branch. */
  readonly retries: number;
  readonly fallbackReasons: Readonly<Partial<Record<FallbackReason, number>>>;
  /** Orchestrations that did not complete, or completed without the effect of one of their steps. */
  readonly lost: readonly string[];
  /** Idempotency keys whose effect was performed more than once. */
  readonly duplicated: readonly string[];
}

export function tallyDemo(outcomes: readonly DemoOutcome[], ledger: readonly LedgerEntry[]): DemoTally {
  const effects = new Map<string, number>();
  for (const entry of ledger) effects.set(entry.key, (effects.get(entry.key) ?? 0) + 1);

  const stepsByMode = { primary: 0, alternate: 0, autonomous: 0, other: 0 };
  const fallbackReasons: Partial<Record<FallbackReason, number>> = {};
  const lost: string[] = [];
  const duplicated: string[] = [];
  let retries = 0;

  for (const outcome of outcomes) {
    const completed = outcome.result?.status === 'completed';
    const steps = outcome.result?.steps ?? [];
    if (
      !completed ||
      steps.some((step) => step.state === 'succeeded' && !effects.has(idempotencyKeyFor(outcome.id, step.id)))
    ) {
      lost.push(outcome.id);
    }
    for (const step of steps) {
      const mode = step.mode;
      if (mode === 'primary' || mode === 'alternate' || mode === 'autonomous') stepsByMode[mode] += 1;
      else stepsByMode.other += 1;
      retries += retriesOf(step);
      if (step.fallbackReason) fallbackReasons[step.fallbackReason] = (fallbackReasons[step.fallbackReason] ?? 0) + 1;
      if ((effects.get(idempotencyKeyFor(outcome.id, step.id)) ?? 0) > 1)
        duplicated.push(idempotencyKeyFor(outcome.id, step.id));
    }
  }

  return {
    orchestrations: outcomes.length,
    completed: outcomes.filter((outcome) => outcome.result?.status === 'completed').length,
    stepsByMode,
    retries,
    fallbackReasons,
    lost,
    duplicated,
  };
}

export function retriesOf(step: StepStatus): number {
  return step.branches
    .filter((branch) => branch.outcome !== 'bypassed')
    .reduce((sum, branch) => sum + Math.max(0, (branch.agentAttempts ?? 1) - 1), 0);
}
