/**
 * `llmAgent`: an agent whose steps are durable conversations with a language model. Users write ordinary AI SDK code
 * (a provider's model, `tool()`s with zod schemas, middleware); Steadfast runs each model call and each tool call as
 * its own activity, driven by the orchestrator (see src/workflows/llm-conversation.ts and docs/llm-agents.md).
 */
import type { LanguageModelV4 } from '@ai-sdk/provider';
import { ApplicationFailure } from '@temporalio/activity';
import type { LanguageModelMiddleware, Tool } from 'ai';
import { z } from 'zod';
import {
  LlmAgentConfigSchema,
  ModelSpecSchema,
  type LlmAgentConfig,
  type LlmAgentConfigInput,
} from '../../config/llm-agent-config';
import { InvalidConfigError, parseOrThrow } from '../../config/parse-config';
import { estimateTokens } from '../../orchestration/conversation-transcript';
import { FailureType } from '../../orchestration/failure-types';
import { budgetSpecOf } from '../../orchestration/llm-allowance';
import { modelCircuitKey, type LlmPolicy, type ToolPolicy } from '../../orchestration/llm-policy';
import type { ModelPrice } from '../../orchestration/llm-usage';
import type { AgentTask } from '../../orchestration/types';
import type { AgentHandler } from '../agent-context';
import { defineAgent, type AgentDefinition } from '../define-agent';
import { defaultPrompt } from './first-prompt';
import type { LlmAgentRuntime } from './llm-agent-runtime';
import { parseTools } from './llm-tool';
import { modelFromSpec } from './model-from-spec';

export interface LlmAgentOptions<I = unknown> extends Omit<
  LlmAgentConfigInput,
  'model' | 'prompt' | 'tools' | 'middleware' | 'autonomous'
> {
  /** An AI SDK model (openai.chat('gpt-4o-mini'), anthropic('claude-...'), createOpenAICompatible(...)...), or a spec. */
  readonly model: LanguageModelV4 | z.input<typeof ModelSpecSchema>;
  /** The first user message of every conversation; default: goal, input and earlier results. */
  readonly prompt?: (task: AgentTask<I>) => string;
  /** AI SDK tools (`tool()` or `llmTool()`), each with a zod `inputSchema` and an `execute`. */
  readonly tools?: Readonly<Record<string, Tool>>;
  readonly middleware?: LanguageModelMiddleware | readonly LanguageModelMiddleware[];
  /** Degraded handler run on the orchestrator when no model branch could answer. */
  readonly autonomous?: AgentHandler<I, unknown>;
}

/** Throws InvalidConfigError naming each bad option, e.g. `agent "writer": model.apiKey: missing: set OPENAI_API_KEY ...`. */
export function llmAgent<I = unknown>(options: LlmAgentOptions<I>): AgentDefinition<I, unknown> {
  const subject = typeof options?.name === 'string' ? `agent "${options.name}"` : 'agent definition';
  const config = parseOrThrow(LlmAgentConfigSchema, options, subject);
  const problems: string[] = [];

  const model = resolveModel(config, problems);
  const { tools, problems: toolProblems } = parseTools(config.tools);
  problems.push(...toolProblems);
  const modelName = model ? `${model.provider}/${model.modelId}` : '';
  const price = model ? priceOf(config, model, modelName, problems) : undefined;
  if (problems.length > 0 || !model) throw new InvalidConfigError(subject, problems);

  const base = defineAgent<I, unknown>({
    name: config.name,
    handler: refuseOutsideConversation(config.name),
    ...(options.autonomous ? { autonomous: options.autonomous } : {}),
    timeouts: config.timeouts,
    retry: config.retry,
    fallback: config.fallback,
    concurrency: config.concurrency,
    ...(config.taskQueue !== undefined ? { taskQueue: config.taskQueue } : {}),
  });

  const toolPolicies: Record<string, ToolPolicy> = {};
  for (const [name, { policy }] of Object.entries(tools)) {
    toolPolicies[name] = {
      timeouts: {
        scheduleToStart: policy.scheduleToStart ?? config.timeouts.scheduleToStart,
        startToClose: policy.timeout,
        ...(policy.heartbeat !== undefined ? { heartbeat: policy.heartbeat } : {}),
      },
      retry: policy.retry,
    };
  }
  const budget = budgetSpecOf(config.budget);
  const llm: LlmPolicy = {
    model: modelName,
    circuitKey: modelCircuitKey(modelName),
    ...(price ? { price } : {}),
    maxTurns: config.maxTurns,
    loopThreshold: config.loopThreshold,
    maxOutputTokens: config.maxOutputTokens,
    minOutputTokens: config.minOutputTokens,
    fixedPromptTokens: estimateTokens(config.system ?? '') + toolSchemaTokens(tools),
    compaction: { keepTurns: config.keepTurns },
    tools: toolPolicies,
    ...(budget ? { budget } : {}),
    ...(config.output === 'json' ? { output: 'json' as const } : {}),
    continueAsNewAfterEvents: config.continueAsNewAfterEvents,
  };
  const middleware = options.middleware === undefined ? [] : [options.middleware].flat();
  const runtime: LlmAgentRuntime = {
    model,
    modelName,
    ...(config.system !== undefined ? { system: config.system } : {}),
    prompt: (options.prompt as ((task: AgentTask) => string) | undefined) ?? defaultPrompt,
    tools: Object.fromEntries(Object.entries(tools).map(([name, { runtime }]) => [name, runtime])),
    middleware: middleware as LanguageModelMiddleware[],
    stream: config.stream,
    firstTokenTimeoutMs: config.firstTokenTimeout,
    ...(price ? { price } : {}),
    ...(config.temperature !== undefined ? { temperature: config.temperature } : {}),
    ...(config.providerOptions !== undefined ? { providerOptions: config.providerOptions } : {}),
  };
  return { ...base, policy: { ...base.policy, llm }, llm: runtime };
}

function resolveModel(config: LlmAgentConfig, problems: string[]): LanguageModelV4 | undefined {
  const spec = ModelSpecSchema.safeParse(config.model);
  if (!spec.success) return config.model as LanguageModelV4;
  const built = modelFromSpec(spec.data);
  if ('problems' in built) {
    problems.push(...built.problems);
    return undefined;
  }
  return built.model;
}

/** Prices are looked up by model id, then provider/model id; a table that lacks the model is a mistake. */
function priceOf(
  config: LlmAgentConfig,
  model: LanguageModelV4,
  modelName: string,
  problems: string[],
): ModelPrice | undefined {
  if (!config.prices) return undefined;
  const price = config.prices[model.modelId] ?? config.prices[modelName];
  if (!price) {
    const known = Object.keys(config.prices).sort().join(', ') || 'none';
    problems.push(
      `prices: no price for the agent's model "${model.modelId}" (or "${modelName}"); prices are given for: ${known}`,
    );
  }
  return price;
}

/** Tool definitions go with every call: their descriptions and schemas count against input tokens. */
function toolSchemaTokens(tools: ReturnType<typeof parseTools>['tools']): number {
  let total = 0;
  for (const [name, { runtime }] of Object.entries(tools)) {
    let schema: unknown;
    try {
      schema = z.toJSONSchema(runtime.tool.inputSchema as z.ZodType);
    } catch {
      schema = { type: 'object' };
    }
    total += estimateTokens({ name, description: runtime.tool.description ?? '', schema });
  }
  return total;
}

/** The activity under the agent's own name: an LLM agent's steps never reach it unless the orchestrator lacks it. */
function refuseOutsideConversation(agent: string): AgentHandler<unknown, never> {
  return () => {
    throw ApplicationFailure.create({
      message:
        `agent "${agent}" is an LLM agent: its steps run as conversations the orchestrator drives. Start the ` +
        'orchestrator worker with the agents module that defines it (--module)',
      type: FailureType.InvalidInstruction,
      nonRetryable: true,
    });
  };
}
