/**
 * Budgets of language-model work: limits, what remains of them, and the reservation every model call makes before it
 * runs. Pure and fed only by recorded usage, so a replay reaches the same decisions and a retry never counts twice.
 */
import { costOf, type LlmUsage, type ModelPrice } from './llm-usage';

/** Every field optional: an absent limit does not bind. Wall time is handled as an absolute `notAfter` instead. */
export interface BudgetLimits {
  readonly inputTokens?: number | undefined;
  readonly outputTokens?: number | undefined;
  readonly totalTokens?: number | undefined;
  readonly modelCalls?: number | undefined;
  readonly costUsd?: number | undefined;
}

export type BudgetField = keyof BudgetLimits | 'wallTime';

export const BUDGET_FIELDS: readonly (keyof BudgetLimits)[] = [
  'inputTokens',
  'outputTokens',
  'totalTokens',
  'modelCalls',
  'costUsd',
];

/** What a conversation may spend: limits left for it, and the workflow time it must stop calling models by. */
export interface Allowance {
  readonly limits: BudgetLimits;
  /** Epoch ms; absent when no wall-time budget or deadline applies. */
  readonly notAfter?: number;
}

/** The tighter of two limit sets, field by field. */
export function tighterLimits(a: BudgetLimits | undefined, b: BudgetLimits | undefined): BudgetLimits {
  const out: Record<string, number> = {};
  for (const field of BUDGET_FIELDS) {
    const x = a?.[field];
    const y = b?.[field];
    const value = x === undefined ? y : y === undefined ? x : Math.min(x, y);
    if (value !== undefined) out[field] = value;
  }
  return out;
}

/** Limits minus usage; never below zero. */
export function remainingLimits(limits: BudgetLimits, used: LlmUsage): BudgetLimits {
  const spent: Record<keyof BudgetLimits, number> = {
    inputTokens: used.inputTokens,
    outputTokens: used.outputTokens,
    totalTokens: used.inputTokens + used.outputTokens,
    modelCalls: used.modelCalls,
    costUsd: used.costUsd,
  };
  const out: Record<string, number> = {};
  for (const field of BUDGET_FIELDS) {
    const limit = limits[field];
    if (limit !== undefined) out[field] = Math.max(0, roundLimit(field, limit - spent[field]));
  }
  return out;
}

/** The first limit `used` went past (a recorded overrun: input tokens are only known once a call returns). */
export function exceededLimit(limits: BudgetLimits, used: LlmUsage): keyof BudgetLimits | undefined {
  const spent: Record<keyof BudgetLimits, number> = {
    inputTokens: used.inputTokens,
    outputTokens: used.outputTokens,
    totalTokens: used.inputTokens + used.outputTokens,
    modelCalls: used.modelCalls,
    costUsd: used.costUsd,
  };
  return BUDGET_FIELDS.find((field) => limits[field] !== undefined && spent[field] > limits[field]!);
}

export interface CallRequest {
  /** Estimated input tokens of the call (the prompt is known; providers count a little differently). */
  readonly inputTokensEstimate: number;
  /** The agent's own output limit for one call. */
  readonly maxOutputTokens: number;
  /** A call that could not produce at least this many tokens is not worth making. */
  readonly minOutputTokens: number;
  readonly price: ModelPrice | undefined;
  /** Workflow time now. */
  readonly now: number;
}

export type CallVerdict =
  | { readonly kind: 'call'; readonly maxOutputTokens: number }
  | { readonly kind: 'exhausted'; readonly field: BudgetField; readonly message: string };

/**
 * Reserves one model call against what remains: the call, its estimated input and at least `minOutputTokens` must
 * fit; its output limit is then clamped to what the output, total-token and cost budgets leave.
 */
export function reserveModelCall(remaining: Allowance, call: CallRequest): CallVerdict {
  const { limits } = remaining;
  if (remaining.notAfter !== undefined && call.now >= remaining.notAfter) {
    return exhausted('wallTime', `the wall-time budget ran out at ${new Date(remaining.notAfter).toISOString()}`);
  }
  if (limits.modelCalls !== undefined && limits.modelCalls < 1) {
    return exhausted('modelCalls', 'the model-call budget is used up');
  }
  if (limits.inputTokens !== undefined && call.inputTokensEstimate > limits.inputTokens) {
    return exhausted(
      'inputTokens',
      `the next call needs about ${call.inputTokensEstimate} input tokens; ${limits.inputTokens} remain`,
    );
  }
  let maxOutput = call.maxOutputTokens;
  if (limits.outputTokens !== undefined) maxOutput = Math.min(maxOutput, limits.outputTokens);
  if (limits.totalTokens !== undefined) maxOutput = Math.min(maxOutput, limits.totalTokens - call.inputTokensEstimate);
  if (limits.costUsd !== undefined && call.price) {
    const inputCost = costOf({ inputTokens: call.inputTokensEstimate, outputTokens: 0 }, call.price);
    const perOutputToken = call.price.outputPerMillionTokens / 1e6;
    const affordable = perOutputToken > 0 ? Math.floor((limits.costUsd - inputCost) / perOutputToken) : maxOutput;
    maxOutput = Math.min(maxOutput, affordable);
  }
  if (maxOutput < call.minOutputTokens) {
    const field = bindingField(limits, call, maxOutput);
    return exhausted(
      field,
      `the ${describeField(field)} budget leaves room for ${Math.max(0, maxOutput)} output tokens; ` +
        `a call needs at least ${call.minOutputTokens}`,
    );
  }
  return { kind: 'call', maxOutputTokens: maxOutput };
}

export function describeField(field: BudgetField): string {
  const names: Record<BudgetField, string> = {
    inputTokens: 'input-token',
    outputTokens: 'output-token',
    totalTokens: 'total-token',
    modelCalls: 'model-call',
    costUsd: 'cost',
    wallTime: 'wall-time',
  };
  return names[field];
}

function bindingField(limits: BudgetLimits, call: CallRequest, maxOutput: number): BudgetField {
  if (limits.outputTokens !== undefined && limits.outputTokens === maxOutput) return 'outputTokens';
  if (limits.totalTokens !== undefined && limits.totalTokens - call.inputTokensEstimate === maxOutput) {
    return 'totalTokens';
  }
  return limits.costUsd !== undefined ? 'costUsd' : 'outputTokens';
}

function exhausted(field: BudgetField, message: string): CallVerdict {
  return { kind: 'exhausted', field, message };
}

function roundLimit(field: keyof BudgetLimits, value: number): number {
  return field === 'costUsd' ? Math.round(value * 1e9) / 1e9 : value;
}
