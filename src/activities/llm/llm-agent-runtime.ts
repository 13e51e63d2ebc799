/** What a pool needs to run an LLM agent's model and tool calls: the model, its prompt, tools and call settings. */
import type { LanguageModelV4 } from '@ai-sdk/provider';
import type { LanguageModelMiddleware, Tool } from 'ai';
import type { ModelPrice } from '../../orchestration/llm-usage';
import type { AgentTask } from '../../orchestration/types';

/** What a tool's `execute` finds in `options.context` when Steadfast runs it (a type, so the AI SDK takes it as context). */
export type SteadfastToolContext = {
  /** orchestration / step / branch / turn / call: the same on every retry of this call; pass it to side effects. */
  readonly idempotencyKey: string;
  readonly orchestrationId: string;
  readonly stepId: string;
  readonly agent: string;
  readonly turn: number;
  readonly toolCallId: string;
  /** Attempt of this tool call, from 1. */
  readonly attempt: number;
  /** Records progress and proves liveness (tools with a heartbeat timeout must call it). */
  heartbeat(progress?: unknown): void;
  /** Fires when the call is cancelled or timed out. */
  readonly signal: AbortSignal;
};

export interface LlmToolRuntime {
  readonly tool: Tool;
  readonly execute: (
    input: unknown,
    options: { toolCallId: string; messages: []; abortSignal: AbortSignal; context: SteadfastToolContext },
  ) => unknown;
  readonly parseInput: (input: unknown) => { success: true; data: unknown } | { success: false; error: string };
}

export interface LlmAgentRuntime {
  readonly model: LanguageModelV4;
  /** provider/modelId, as prices and circuits name it. */
  readonly modelName: string;
  readonly system?: string;
  readonly prompt: (task: AgentTask) => string;
  readonly tools: Readonly<Record<string, LlmToolRuntime>>;
  readonly middleware: readonly LanguageModelMiddleware[];
  readonly stream: boolean;
  readonly firstTokenTimeoutMs: number;
  readonly price?: ModelPrice;
  readonly temperature?: number;
  readonly providerOptions?: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
}
