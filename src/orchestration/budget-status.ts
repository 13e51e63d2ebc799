/** How an orchestration's language-model spending reads in `status`, results and search attributes. */
import { remainingLimits, type BudgetLimits } from './llm-budget';
import type { BudgetLedger } from './llm-allowance';
import type { LlmUsage } from './llm-usage';

export interface BudgetStatus {
  readonly used: LlmUsage;
  /** The orchestration's budget, when its request has one. */
  readonly limits?: BudgetLimits;
  /** Epoch ms after which no model call starts (the wall-time budget). */
  readonly wallTimeEndsAt?: number;
  /** What remains of each limit: spent and lent to conversations in flight deducted only once they settle. */
  readonly remaining?: BudgetLimits;
  /** Conversations holding an allowance right now. */
  readonly conversationsInFlight: number;
}

export function budgetStatus(ledger: BudgetLedger, startedAt: number): BudgetStatus {
  const { budget } = ledger;
  return {
    used: ledger.used,
    ...(budget ? { limits: budget.limits, remaining: remainingLimits(budget.limits, ledger.used) } : {}),
    ...(budget?.wallTimeMs !== undefined ? { wallTimeEndsAt: startedAt + budget.wallTimeMs } : {}),
    conversationsInFlight: Object.keys(ledger.reserved).length,
  };
}
