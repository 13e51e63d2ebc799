/** What language-model calls used: tokens in and out, calls, and their cost from a per-model price table. */

export interface LlmUsage {
  readonly inputTokens: number;
  readonly outputTokens: number;
  /** Model call attempts, failed ones included: each one reached (or tried to reach) the provider. */
  readonly modelCalls: number;
  readonly costUsd: number;
}

/** US dollars per million tokens, as providers publish them. */
export interface ModelPrice {
  readonly inputPerMillionTokens: number;
  readonly outputPerMillionTokens: number;
}

/** Tokens of one call, as the provider reported them or, for a call that broke off, as estimated. */
export interface TokenCount {
  readonly inputTokens: number;
  readonly outputTokens: number;
}

export const NO_USAGE: LlmUsage = { inputTokens: 0, outputTokens: 0, modelCalls: 0, costUsd: 0 };

export function addUsage(a: LlmUsage, b: LlmUsage): LlmUsage {
  return {
    inputTokens: a.inputTokens + b.inputTokens,
    outputTokens: a.outputTokens + b.outputTokens,
    modelCalls: a.modelCalls + b.modelCalls,
    costUsd: roundUsd(a.costUsd + b.costUsd),
  };
}

/** Zero for a model without a price: cost budgets refuse such models before they run (see llm-budget). */
export function costOf(tokens: TokenCount, price: ModelPrice | undefined): number {
  if (!price) return 0;
  return roundUsd(
    (tokens.inputTokens * price.inputPerMillionTokens + tokens.outputTokens * price.outputPerMillionTokens) / 1e6,
  );
}

/** The usage one call attempt adds. */
export function callUsage(tokens: TokenCount, price: ModelPrice | undefined): LlmUsage {
  return {
    inputTokens: tokens.inputTokens,
    outputTokens: tokens.outputTokens,
    modelCalls: 1,
    costUsd: costOf(tokens, price),
  };
}

export function totalTokens(usage: TokenCount): number {
  return usage.inputTokens + usage.outputTokens;
}

/** Sums of floating-point dollars drift; a nano-dollar is far below any price step. */
export function roundUsd(value: number): number {
  return Math.round(value * 1e9) / 1e9;
}
