/** Schemas of language-model budgets: an orchestration's, a step's and an agent's. A limit of zero is refused. */
import { z } from 'zod';
import type { BudgetConfig, OrchestrationBudgetConfig } from '../orchestration/llm-allowance';
import { durationAtLeast } from './duration';

const NO_ZERO = 'must be greater than 0 (leave the field out for no limit)';

const tokens = z.number({ error: 'expected a number of tokens' }).int().positive({ error: NO_ZERO });

const budgetFields = {
  inputTokens: tokens.optional(),
  outputTokens: tokens.optional(),
  totalTokens: tokens.optional(),
  modelCalls: z.number({ error: 'expected a number of calls' }).int().positive({ error: NO_ZERO }).optional(),
  /** US dollars, from the agents' price tables. */
  costUsd: z.number({ error: 'expected US dollars' }).positive({ error: NO_ZERO }).optional(),
  /** From the orchestration's (or the step's) start; no model call starts after it. */
  wallTime: durationAtLeast(1).optional(),
};

export const BudgetSchema = z.strictObject(budgetFields);

export const OrchestrationBudgetSchema = z.strictObject({
  ...budgetFields,
  /** Default budget of every step (a step's own `budget` replaces it). */
  perStep: BudgetSchema.optional(),
});

export type BudgetInput = z.input<typeof BudgetSchema>;
export type OrchestrationBudgetInput = z.input<typeof OrchestrationBudgetSchema>;

type Assignable<T extends U, U> = T;
export type BudgetOutputsMatch = [
  Assignable<z.output<typeof BudgetSchema>, BudgetConfig>,
  Assignable<z.output<typeof OrchestrationBudgetSchema>, OrchestrationBudgetConfig>,
];
