/**
 * Schema of `llmAgent` options: the model (an AI SDK model, or a provider spec read from configuration), system
 * prompt, tools (zod-typed, each with its own timeout and retry), guards, compaction, prices and budget, plus the
 * policies every agent has. Validated once, when the agents module loads; a mistake names the field.
 */
import { z } from 'zod';
import { AgentNameSchema, AgentRetrySchema, AgentTimeoutsSchema, FallbackPolicySchema } from './agent-policy-schemas';
import { durationAtLeast } from './duration';
import { BudgetSchema } from './llm-budget-config';

const FunctionSchema = z.custom<(...args: never[]) => unknown>((value) => typeof value === 'function', {
  message: 'expected a function',
});

export const LLM_PROVIDERS = ['openai', 'anthropic', 'openai-compatible'] as const;

/** A model named in configuration rather than built in code (JSON files, environment). */
export const ModelSpecSchema = z
  .strictObject({
    provider: z.enum(LLM_PROVIDERS, {
      error: (issue) =>
        `unknown provider ${JSON.stringify(issue.input)}: expected one of ${LLM_PROVIDERS.map((p) => `"${p}"`).join(', ')}`,
    }),
    model: z.string({ error: 'expected the model id, e.g. "gpt-4o-mini"' }).trim().min(1, 'must not be empty'),
    /** Where the provider's API is (required for "openai-compatible": Ollama, vLLM, LM Studio, llama.cpp ...). */
    baseURL: z.url({ error: 'expected a URL such as http://127.0.0.1:11434/v1' }).optional(),
    apiKey: z.string().min(1, 'must not be empty').optional(),
    /** Environment variable holding the API key (default OPENAI_API_KEY / ANTHROPIC_API_KEY). */
    apiKeyEnv: z.string().min(1).optional(),
    /** Name the openai-compatible provider reports (and prices and circuits use); default "openai-compatible". */
    name: z
      .string()
      .regex(/^[A-Za-z0-9_.-]{1,50}$/, 'letters, digits, "_", "." or "-"')
      .optional(),
  })
  .superRefine((spec, ctx) => {
    if (spec.provider === 'openai-compatible' && spec.baseURL === undefined) {
      ctx.addIssue({ code: 'custom', path: ['baseURL'], message: 'is required for provider "openai-compatible"' });
    }
  });

export type ModelSpec = z.output<typeof ModelSpecSchema>;

/** An AI SDK language model (specification v2 and later): anything with provider, modelId and doStream. */
function isLanguageModel(value: unknown): boolean {
  const record = value as Record<string, unknown> | null;
  return (
    record !== null &&
    typeof record === 'object' &&
    typeof record.modelId === 'string' &&
    typeof record.provider === 'string' &&
    typeof record.doStream === 'function'
  );
}

const EXPECTED_MODEL =
  'expected an AI SDK language model (e.g. openai.chat("gpt-4o-mini")) or { provider, model, ... }';

/** A model instance, or a spec whose own problems (unknown provider, missing baseURL...) are reported field by field. */
export const ModelSchema = z.unknown().superRefine((value, ctx) => {
  if (isLanguageModel(value)) return;
  if (typeof value === 'string') {
    ctx.addIssue({
      code: 'custom',
      message: `a model id alone would go through the Vercel AI Gateway; pass a provider model or { provider: "openai", model: ${JSON.stringify(value)} }`,
    });
    return;
  }
  if (value !== null && typeof value === 'object' && 'provider' in value) {
    const spec = ModelSpecSchema.safeParse(value);
    if (!spec.success) {
      for (const issue of spec.error.issues) ctx.addIssue({ code: 'custom', path: issue.path, message: issue.message });
    }
    return;
  }
  ctx.addIssue({ code: 'custom', message: EXPECTED_MODEL });
});

export const ModelPriceSchema = z.strictObject({
  /** US dollars per million input tokens. */
  inputPerMillionTokens: z.number().min(0),
  /** US dollars per million output tokens. */
  outputPerMillionTokens: z.number().min(0),
});

/** Prices by model id ("gpt-4o-mini") or provider/model id ("openai.chat/gpt-4o-mini"). */
export const PriceTableSchema = z.record(z.string().min(1), ModelPriceSchema);

export const TOOL_NAME_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

export const ToolPolicySchema = z.strictObject({
  /** One attempt's limit. */
  timeout: durationAtLeast(1).default(60_000),
  /** No pool took the call within this time. Default: the agent's scheduleToStart. */
  scheduleToStart: durationAtLeast(1).optional(),
  /** A tool that heartbeats (ctx.heartbeat) is declared hung after this much silence. */
  heartbeat: durationAtLeast(100).optional(),
  retry: AgentRetrySchema.prefault({}),
});

export type ToolPolicyInput = z.input<typeof ToolPolicySchema>;
export type ToolPolicyConfig = z.output<typeof ToolPolicySchema>;

export const LlmAgentConfigSchema = z.strictObject({
  name: AgentNameSchema,
  model: ModelSchema,
  /** The system prompt of every model call. */
  system: z.string().max(200_000).optional(),
  /** Builds the first user message from the task; default: the goal, the input and earlier results as text. */
  prompt: FunctionSchema.optional(),
  /** AI SDK tools by name; their `inputSchema` must be a zod schema. Checked by llmAgent itself. */
  tools: z.record(z.string(), z.unknown()).default({}),
  /** Model calls one conversation may make before it must have answered. */
  maxTurns: z.number().int().min(1).max(10_000).default(10),
  /** Identical tool calls (tool and canonical arguments) that count as a loop. */
  loopThreshold: z.number().int().min(2).max(1_000).default(3),
  maxOutputTokens: z.number().int().min(1).max(10_000_000).default(4_096),
  /** A call for which the budget leaves fewer output tokens is not made: the budget is exhausted. */
  minOutputTokens: z.number().int().min(1).max(100_000).default(16),
  /** Stream replies (heartbeating as tokens arrive); false uses one request and heartbeats on a timer. */
  stream: z.boolean().default(true),
  /** How long a streaming call may wait for its first token before only real tokens prove it alive. */
  firstTokenTimeout: durationAtLeast(1).default(120_000),
  /** Turns each model call carries (older ones are dropped) and a continued-as-new conversation keeps. */
  keepTurns: z.number().int().min(1).max(10_000).default(20),
  /** History events after which a conversation continues as new. */
  continueAsNewAfterEvents: z.number().int().min(100).max(50_000).default(1_000),
  /** "json": the final answer is parsed as JSON (e.g. a router's { next, input } or { done, result }). */
  output: z.enum(['text', 'json'], { error: 'expected "text" or "json"' }).default('text'),
  prices: PriceTableSchema.optional(),
  /** This agent's cap on one step's spending; requests can only tighten it. */
  budget: BudgetSchema.optional(),
  temperature: z.number().min(0).max(2).optional(),
  /** Passed to the AI SDK as is (provider-specific settings). */
  providerOptions: z.record(z.string(), z.record(z.string(), z.unknown())).optional(),
  /** AI SDK language-model middleware, applied after Steadfast's own. */
  middleware: z.union([z.unknown(), z.array(z.unknown())]).optional(),
  // The policies every agent has: they apply to each model call (retries are driven by the conversation).
  autonomous: FunctionSchema.optional(),
  timeouts: AgentTimeoutsSchema.prefault({}),
  retry: AgentRetrySchema.prefault({}),
  fallback: FallbackPolicySchema.prefault({}),
  concurrency: z.number().int().min(1).max(10_000).default(4),
  taskQueue: z.string().min(1).max(200).optional(),
});

export type LlmAgentConfigInput = z.input<typeof LlmAgentConfigSchema>;
export type LlmAgentConfig = z.output<typeof LlmAgentConfigSchema>;
