/**
 * The orchestration's side of language-model budgets: what it has spent, what running conversations hold, and the
 * allowance a new conversation gets. A conversation reserves its whole allowance when it starts and gives back what
 * it did not use when it ends, so parallel steps can never together spend more than the orchestration's budget.
 */
import { BUDGET_FIELDS, remainingLimits, tighterLimits, type Allowance, type BudgetLimits } from './llm-budget';
import { addUsage, NO_USAGE, roundUsd, type LlmUsage } from './llm-usage';

/** A budget as configured: limits and a wall time in ms (from the orchestration's or the step's start). */
export interface BudgetSpec {
  readonly limits: BudgetLimits;
  readonly wallTimeMs?: number;
}

export interface BudgetLedger {
  used: LlmUsage;
  /** Allowances held by conversations in flight, by conversation key. */
  reserved: Record<string, BudgetLimits>;
  /** The orchestration's own budget, when the request has one (for status and results). */
  readonly budget?: BudgetSpec;
}

export function emptyBudgetLedger(budget?: BudgetSpec): BudgetLedger {
  return { used: NO_USAGE, reserved: {}, ...(budget ? { budget } : {}) };
}

export interface AllowanceRequest {
  readonly ledger: BudgetLedger;
  /** The orchestration's budget and when it started. */
  readonly orchestration?: BudgetSpec;
  readonly orchestrationStartedAt: number;
  /** The step's budget (request, step and agent limits already combined), its usage so far and its start. */
  readonly step?: BudgetSpec;
  readonly stepUsed: LlmUsage;
  readonly stepStartedAt: number;
  /** The orchestration's deadline, if any: no model call starts after it either. */
  readonly deadline?: number;
}

/** What a new conversation may spend: the step's remainder, within what the orchestration has not spent or lent. */
export function allowanceFor(request: AllowanceRequest): Allowance {
  const stepRemaining = request.step ? remainingLimits(request.step.limits, request.stepUsed) : undefined;
  const orchestrationFree = request.orchestration
    ? unreserved(request.orchestration.limits, request.ledger)
    : undefined;
  const notAfter = earliest([
    request.orchestration?.wallTimeMs !== undefined
      ? request.orchestrationStartedAt + request.orchestration.wallTimeMs
      : undefined,
    request.step?.wallTimeMs !== undefined ? request.stepStartedAt + request.step.wallTimeMs : undefined,
    request.deadline,
  ]);
  return {
    limits: tighterLimits(stepRemaining, orchestrationFree),
    ...(notAfter !== undefined ? { notAfter } : {}),
  };
}

/** Holds `allowance` for the conversation `key` until settle(). */
export function reserveAllowance(ledger: BudgetLedger, key: string, allowance: Allowance): BudgetLedger {
  return { ...ledger, reserved: { ...ledger.reserved, [key]: allowance.limits } };
}

/**
 * Charges what the conversation used and frees its reservation. `used` is undefined when the conversation ended
 * without saying (terminated, timed out): then its whole allowance counts as spent, never less.
 */
export function settleAllowance(ledger: BudgetLedger, key: string, used: LlmUsage | undefined): BudgetLedger {
  const held = ledger.reserved[key];
  const reserved = { ...ledger.reserved };
  delete reserved[key];
  const charged = used ?? (held ? usageOfWholeAllowance(held) : NO_USAGE);
  return { ...ledger, used: addUsage(ledger.used, charged), reserved };
}

/** What remains of `limits` once the ledger's spending and everything lent to running conversations is deducted. */
export function unreserved(limits: BudgetLimits, ledger: BudgetLedger): BudgetLimits {
  const left = remainingLimits(limits, ledger.used);
  const remaining: Record<string, number> = {};
  for (const field of BUDGET_FIELDS) {
    let value = left[field];
    if (value === undefined) continue;
    for (const held of Object.values(ledger.reserved)) value -= held[field] ?? 0;
    remaining[field] = Math.max(0, field === 'costUsd' ? roundUsd(value) : value);
  }
  return remaining;
}

/** True when the allowance cannot pay for even one model call (so the branch need not start at all). */
export function allowanceEmpty(allowance: Allowance, now: number): boolean {
  const { limits } = allowance;
  if (allowance.notAfter !== undefined && now >= allowance.notAfter) return true;
  return BUDGET_FIELDS.some((field) => limits[field] !== undefined && limits[field] <= 0);
}

function usageOfWholeAllowance(held: BudgetLimits): LlmUsage {
  return {
    inputTokens: held.inputTokens ?? 0,
    outputTokens: held.outputTokens ?? Math.max(0, (held.totalTokens ?? 0) - (held.inputTokens ?? 0)),
    modelCalls: held.modelCalls ?? 0,
    costUsd: held.costUsd ?? 0,
  };
}

function earliest(times: readonly (number | undefined)[]): number | undefined {
  const defined = times.filter((time): time is number => time !== undefined);
  return defined.length > 0 ? Math.min(...defined) : undefined;
}

/** A budget as a request or an agent states it (durations already in ms); every field optional. */
export interface BudgetConfig extends BudgetLimits {
  readonly wallTime?: number | undefined;
}

/** An orchestration's budget, with the default budget of each of its steps. */
export interface OrchestrationBudgetConfig extends BudgetConfig {
  readonly perStep?: BudgetConfig | undefined;
}

export function budgetSpecOf(config: BudgetConfig | undefined): BudgetSpec | undefined {
  if (!config) return undefined;
  const { wallTime, ...limits } = config;
  const definedLimits = Object.fromEntries(Object.entries(limits).filter(([, value]) => value !== undefined));
  return { limits: definedLimits, ...(wallTime !== undefined ? { wallTimeMs: wallTime } : {}) };
}

/** The tighter of two budgets: limits field by field, the shorter wall time. */
export function tighterBudget(a: BudgetSpec | undefined, b: BudgetSpec | undefined): BudgetSpec | undefined {
  if (!a) return b;
  if (!b) return a;
  const wallTimes = [a.wallTimeMs, b.wallTimeMs].filter((ms): ms is number => ms !== undefined);
  return {
    limits: tighterLimits(a.limits, b.limits),
    ...(wallTimes.length > 0 ? { wallTimeMs: Math.min(...wallTimes) } : {}),
  };
}
