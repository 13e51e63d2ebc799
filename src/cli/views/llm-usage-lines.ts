/** What `steadfast status` shows about language-model work: each LLM step's calls, tokens and cost, and the budget. */
import type { BudgetStatus } from '../../orchestration/budget-status';
import type { BudgetLimits } from '../../orchestration/llm-budget';
import type { LlmUsage } from '../../orchestration/llm-usage';
import type { OrchestrationStatus } from '../../orchestration/status-view';
import { formatTable } from '../output/table';

interface UsageRow {
  readonly label: string;
  readonly usage: LlmUsage;
  readonly failures: string;
}

export function formatLlmUsage(status: OrchestrationStatus): string[] {
  const rows: UsageRow[] = status.steps
    .filter((step) => step.usage !== undefined)
    .map((step) => ({ label: step.id, usage: step.usage!, failures: failuresOf(step.conversation?.failures) }));
  if (rows.length === 0 && !status.budget) return [];
  if (status.budget) rows.push({ label: '(orchestration)', usage: status.budget.used, failures: '' });
  return [
    'Language models:',
    ...formatTable(
      [
        { header: 'STEP', value: (row: UsageRow) => row.label },
        { header: 'CALLS', value: (row) => String(row.usage.modelCalls), align: 'right' },
        { header: 'TOKENS IN', value: (row) => String(row.usage.inputTokens), align: 'right' },
        { header: 'TOKENS OUT', value: (row) => String(row.usage.outputTokens), align: 'right' },
        { header: 'COST', value: (row) => `$${row.usage.costUsd.toFixed(4)}`, align: 'right' },
        { header: 'FAILED CALLS', value: (row) => row.failures },
      ],
      rows,
    ).map((line) => `  ${line}`),
    ...(status.budget?.limits ? [`Budget: ${describeBudget(status.budget)}`] : []),
  ];
}

function failuresOf(failures: Readonly<Record<string, number>> | undefined): string {
  return Object.entries(failures ?? {})
    .map(([kind, count]) => `${kind} ${count}`)
    .join(', ');
}

function describeBudget(budget: BudgetStatus): string {
  const limits: BudgetLimits = budget.limits ?? {};
  const remaining: BudgetLimits = budget.remaining ?? {};
  const parts: string[] = [];
  const add = (label: string, field: keyof BudgetLimits, show: (value: number) => string) => {
    const limit = limits[field];
    if (limit !== undefined) parts.push(`${label} ${show(remaining[field] ?? 0)} of ${show(limit)} left`);
  };
  add('cost', 'costUsd', (value) => `$${value.toFixed(4)}`);
  add('calls', 'modelCalls', String);
  add('tokens', 'totalTokens', String);
  add('input tokens', 'inputTokens', String);
  add('output tokens', 'outputTokens', String);
  return parts.join(' · ');
}
