import {
  allowanceEmpty,
  allowanceFor,
  budgetSpecOf,
  emptyBudgetLedger,
  reserveAllowance,
  settleAllowance,
  tighterBudget,
  unreserved,
} from '../../../src/orchestration/llm-allowance';
import { NO_USAGE } from '../../../src/orchestration/llm-usage';

const used = (costUsd: number, modelCalls = 1) => ({ inputTokens: 10, outputTokens: 5, modelCalls, costUsd });

describe('orchestration budget ledger', () => {
  it('a conversation gets the step’s remainder within what the orchestration has not spent or lent', () => {
    let ledger = emptyBudgetLedger();
    const orchestration = { limits: { costUsd: 1 } };
    const first = allowanceFor({
      ledger,
      orchestration,
      orchestrationStartedAt: 0,
      step: { limits: { costUsd: 0.4 } },
      stepUsed: NO_USAGE,
      stepStartedAt: 0,
    });
    expect(first.limits).toEqual({ costUsd: 0.4 });
    ledger = reserveAllowance(ledger, 'a#0', first);
    // A parallel step sees what the first one holds as gone.
    expect(unreserved(orchestration.limits, ledger)).toEqual({ costUsd: 0.6 });
    const second = allowanceFor({
      ledger,
      orchestration,
      orchestrationStartedAt: 0,
      stepUsed: NO_USAGE,
      stepStartedAt: 0,
    });
    expect(second.limits).toEqual({ costUsd: 0.6 });
    ledger = reserveAllowance(ledger, 'b#0', second);
    expect(unreserved(orchestration.limits, ledger)).toEqual({ costUsd: 0 });

    // Settling charges what was used and frees the rest.
    ledger = settleAllowance(ledger, 'a#0', used(0.1));
    expect(ledger.used.costUsd).toBe(0.1);
    expect(unreserved(orchestration.limits, ledger)).toEqual({ costUsd: 0.3 });
  });

  it('a conversation that ended without saying what it used is charged its whole allowance', () => {
    let ledger = reserveAllowance(emptyBudgetLedger(), 'a#0', { limits: { costUsd: 0.25, modelCalls: 4 } });
    ledger = settleAllowance(ledger, 'a#0', undefined);
    expect(ledger.used).toMatchObject({ costUsd: 0.25, modelCalls: 4 });
    expect(ledger.reserved).toEqual({});
  });

  it('the step’s own usage counts against its budget across branches', () => {
    const allowance = allowanceFor({
      ledger: emptyBudgetLedger(),
      orchestrationStartedAt: 0,
      step: { limits: { modelCalls: 5 } },
      stepUsed: used(0, 4),
      stepStartedAt: 0,
    });
    expect(allowance.limits).toEqual({ modelCalls: 1 });
    expect(allowanceEmpty(allowance, 0)).toBe(false);
    expect(allowanceEmpty({ limits: { modelCalls: 0 } }, 0)).toBe(true);
  });

  it('wall time ends at the earliest of the orchestration’s, the step’s and the deadline', () => {
    const allowance = allowanceFor({
      ledger: emptyBudgetLedger(),
      orchestration: { limits: {}, wallTimeMs: 10_000 },
      orchestrationStartedAt: 1_000,
      step: { limits: {}, wallTimeMs: 3_000 },
      stepUsed: NO_USAGE,
      stepStartedAt: 5_000,
      deadline: 9_000,
    });
    expect(allowance.notAfter).toBe(8_000);
    expect(allowanceEmpty(allowance, 8_000)).toBe(true);
  });

  it('budgets from configuration: wall time apart, the tighter of two', () => {
    expect(budgetSpecOf({ costUsd: 2, wallTime: 60_000 })).toEqual({ limits: { costUsd: 2 }, wallTimeMs: 60_000 });
    expect(tighterBudget(budgetSpecOf({ costUsd: 2 }), budgetSpecOf({ costUsd: 1, wallTime: 5 }))).toEqual({
      limits: { costUsd: 1 },
      wallTimeMs: 5,
    });
  });
});
