/**
 * How the orchestrator runs an LLM agent's conversation: the model (its circuit-breaker key and price), the guards,
 * the compaction window, each tool's own timeouts and retries, and the agent's own budget. Plain data: it travels in
 * the agent's policy from the orchestrator worker's catalog into the workflow, which decides everything from it.
 */
import type { AgentRetry } from './agent-policy';
import type { BudgetSpec } from './llm-allowance';
import type { ModelPrice } from './llm-usage';
import type { CompactionPolicy } from './conversation-transcript';

export interface ToolPolicy {
  readonly timeouts: {
    readonly scheduleToStart: number;
    readonly startToClose: number;
    readonly heartbeat?: number;
  };
  readonly retry: AgentRetry;
}

export interface LlmPolicy {
  /** `provider/modelId`, e.g. "openai.chat/gpt-4o-mini": what the model is called in prices and circuits. */
  readonly model: string;
  /** Health-registry key of the model's circuit breaker, shared by every agent on that model. */
  readonly circuitKey: string;
  readonly price?: ModelPrice;
  readonly maxTurns: number;
  readonly loopThreshold: number;
  /** Output-token limit of one call, before budgets clamp it further. */
  readonly maxOutputTokens: number;
  readonly minOutputTokens: number;
  /** Estimated tokens of what every call carries besides the conversation: system prompt and tool schemas. */
  readonly fixedPromptTokens: number;
  readonly compaction: CompactionPolicy;
  readonly tools: Readonly<Record<string, ToolPolicy>>;
  /** The agent's own cap on one step's spending, tightened further by the request's budgets. */
  readonly budget?: BudgetSpec;
  /** "json": the final answer is parsed as JSON (routers, structured steps); "text" by default. */
  readonly output?: 'text' | 'json';
  /** The conversation continues as new once its history has this many events. */
  readonly continueAsNewAfterEvents: number;
}

/** The health-registry key of a model's circuit: "model:" and the model's name. */
export function modelCircuitKey(model: string): string {
  return `model:${model}`;
}
