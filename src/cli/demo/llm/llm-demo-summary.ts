/**
 * What the LLM demo proves, from the orchestration results, the tools' side-effect ledger and the health registry:
 * completions, how each step was answered and why not by its primary, every failed model-call attempt by
 * classification, tokens and cost against the budgets, and that no tool side effect was lost or done twice.
 */
import type { AgentHealthView } from '../../../orchestration/agent-health';
import { addUsage, NO_USAGE, type LlmUsage } from '../../../orchestration/llm-usage';
import type { FallbackReason } from '../../../orchestration/types';
import { formatKeyValues } from '../../output/table';
import type { LedgerEntry } from '../demo-ledger';
import { shortReason } from '../demo-summary';
import type { DemoOutcome } from '../demo-tally';

export interface LlmDemoTally {
  readonly orchestrations: number;
  readonly completed: number;
  readonly modes: Readonly<Record<string, number>>;
  readonly fallbackReasons: Readonly<Partial<Record<FallbackReason, number>>>;
  readonly failedAttempts: Readonly<Record<string, number>>;
  readonly usage: LlmUsage;
  readonly overBudget: readonly string[];
  readonly lost: readonly string[];
  readonly duplicated: readonly string[];
}

export function tallyLlmDemo(outcomes: readonly DemoOutcome[], ledger: readonly LedgerEntry[]): LlmDemoTally {
  const modes: Record<string, number> = {};
  const fallbackReasons: Partial<Record<FallbackReason, number>> = {};
  const failedAttempts: Record<string, number> = {};
  const overBudget: string[] = [];
  let usage = NO_USAGE;
  for (const outcome of outcomes) {
    const result = outcome.result;
    if (!result) continue;
    for (const step of result.steps) {
      const mode = step.mode ?? step.state;
      modes[mode] = (modes[mode] ?? 0) + 1;
      if (step.fallbackReason) fallbackReasons[step.fallbackReason] = (fallbackReasons[step.fallbackReason] ?? 0) + 1;
      for (const [kind, count] of Object.entries(step.conversation?.failures ?? {})) {
        failedAttempts[kind] = (failedAttempts[kind] ?? 0) + count;
      }
    }
    const budget = result.budget;
    if (budget) {
      usage = addUsage(usage, budget.used);
      const limits = budget.limits ?? {};
      if (
        (limits.costUsd !== undefined && budget.used.costUsd > limits.costUsd) ||
        (limits.modelCalls !== undefined && budget.used.modelCalls > limits.modelCalls)
      ) {
        overBudget.push(outcome.id);
      }
    }
  }
  const effects = new Map<string, number>();
  for (const entry of ledger) effects.set(entry.key, (effects.get(entry.key) ?? 0) + 1);
  return {
    orchestrations: outcomes.length,
    completed: outcomes.filter((outcome) => outcome.result?.status === 'completed').length,
    modes,
    fallbackReasons,
    failedAttempts,
    usage,
    overBudget,
    lost: outcomes.filter((outcome) => outcome.result?.status !== 'completed').map((outcome) => outcome.id),
    duplicated: [...effects].filter(([, count]) => count > 1).map(([key]) => key),
  };
}

export function formatLlmDemoSummary(tally: LlmDemoTally, health: readonly AgentHealthView[]): string[] {
  const list = (counts: Readonly<Record<string, number>>, name: (key: string) => string = (key) => key) =>
    Object.entries(counts)
      .sort(([, a], [, b]) => b - a)
      .map(([key, count]) => `${name(key)} ${count}`)
      .join(' · ') || 'none';
  const circuits = health
    .filter((view) => view.agent.startsWith('model:'))
    .map((view) => `${view.agent.slice('model:'.length)} ${view.state.replace('_', '-')}`);
  return [
    'Summary',
    ...formatKeyValues([
      ['Orchestrations completed', `${tally.completed} / ${tally.orchestrations}`],
      ['Steps by mode', list(tally.modes)],
      ['Fallback reasons', list(tally.fallbackReasons, (key) => shortReason(key as FallbackReason))],
      ['Failed model calls', list(tally.failedAttempts, (key) => key.replace(/_timeout$/, ' timeout'))],
      ['Model calls', String(tally.usage.modelCalls)],
      ['Tokens', `in ${tally.usage.inputTokens} · out ${tally.usage.outputTokens}`],
      ['Cost', `$${tally.usage.costUsd.toFixed(4)} in all; over budget: ${tally.overBudget.length}`],
      ['Model circuits', circuits.join(' · ') || 'none'],
      ['Lost', String(tally.lost.length)],
      ['Duplicated side effects', String(tally.duplicated.length)],
    ]).map((line) => `  ${line}`),
    ...(tally.lost.length > 0 ? [`  lost: ${tally.lost.join(', ')}`] : []),
    ...(tally.duplicated.length > 0 ? [`  duplicated: ${tally.duplicated.join(', ')}`] : []),
  ];
}

export function llmDemoSucceeded(tally: LlmDemoTally): boolean {
  return tally.lost.length === 0 && tally.duplicated.length === 0 && tally.overBudget.length === 0;
}
