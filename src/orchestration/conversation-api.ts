/**
 * Contract of a durable LLM conversation: between the step runner and the conversation workflow it starts (a child
 * workflow per branch), and between that workflow and the agent pool's model-call and tool-call activities.
 * Types and names only, so workflows use it without importing activity code.
 */
import type { AgentRetry, AgentTimeouts } from './agent-policy';
import type { ConversationGuardState } from './conversation-guard';
import type { Transcript, TranscriptMessage } from './conversation-transcript';
import type { Allowance, BudgetField } from './llm-budget';
import type { LlmPolicy } from './llm-policy';
import type { LlmUsage, TokenCount } from './llm-usage';
import type { AgentTask, BranchMode, FallbackReason } from './types';

/** Activity type of an LLM agent's model calls; each pool of the agent registers it. */
export function modelActivityName(agent: string): string {
  return `${agent}/model`;
}

/** Activity type of one of an LLM agent's tools. */
export function toolActivityName(agent: string, tool: string): string {
  return `${agent}/tool/${tool}`;
}

/** Workflow type of the conversation child workflow. */
export const CONVERSATION_WORKFLOW = 'llmConversation';

/** Id of the conversation of one branch dispatch of a step. */
export function conversationWorkflowId(orchestrationId: string, stepId: string, dispatch: number): string {
  return `${orchestrationId}/${stepId}/llm-${dispatch}`;
}

/**
 * Same across every retry of one tool call, and unique to it: orchestration / step / branch / turn / call index.
 * Tools with side effects pass it on so a retried call is not performed twice.
 */
export function toolCallIdempotencyKey(
  orchestrationId: string,
  stepId: string,
  dispatch: number,
  turn: number,
  callIndex: number,
): string {
  return `${orchestrationId}/${stepId}/${dispatch}/turn-${turn}/call-${callIndex}`;
}

export interface ConversationInput {
  readonly orchestrationId: string;
  readonly stepId: string;
  readonly dispatch: number;
  readonly agent: string;
  readonly mode: BranchMode;
  readonly taskQueue: string;
  readonly task: AgentTask;
  readonly llm: LlmPolicy;
  /** Per model-call attempt. */
  readonly timeouts: AgentTimeouts;
  /** Attempts of one model call, driven by the conversation so that each one is recorded and charged. */
  readonly retry: AgentRetry;
  readonly allowance: Allowance;
  /** The orchestration's deadline (epoch ms), if any. */
  readonly deadline?: number;
}

/** What a conversation carries into its next run when it continues as new. */
export interface ConversationCarry {
  readonly turn: number;
  readonly transcript: Transcript;
  readonly usage: LlmUsage;
  readonly guard: ConversationGuardState;
  readonly stats: ConversationStats;
  readonly runs: number;
}

export interface ConversationStats {
  readonly modelCalls: number;
  readonly toolCalls: number;
  /** Failed model-call attempts by classification (LlmRateLimited, heartbeat timeout, ...). */
  readonly failures: Readonly<Record<string, number>>;
}

/** What a conversation that reached an answer returns (and the step records as its result and usage). */
export interface ConversationResult {
  /** The final answer: the model's last text, or the JSON value it wrote when the agent's output is "json". */
  readonly output: unknown;
  readonly turns: number;
  readonly usage: LlmUsage;
  readonly stats: ConversationStats;
  readonly model: string;
}

/** details[0] of the ApplicationFailure a conversation that did not reach an answer fails with. */
export interface ConversationFailureDetails {
  readonly reason: FallbackReason;
  readonly usage: LlmUsage;
  readonly turns: number;
  readonly stats: ConversationStats;
  /** The provider (not the pool, the budget or the request) was at fault: counts against the model's circuit. */
  readonly providerFailure: boolean;
  readonly budgetField?: BudgetField;
}

/** First argument of a model-call activity; the task and the window's messages follow as arguments of their own. */
export interface ModelCallHeader {
  readonly conversationId: string;
  readonly orchestrationId: string;
  readonly stepId: string;
  readonly agent: string;
  readonly mode: BranchMode;
  readonly turn: number;
  readonly attempt: number;
  /** Already clamped to what the budgets leave. */
  readonly maxOutputTokens: number;
  readonly inputTokensEstimate: number;
  /** Turns dropped by compaction; the model is told. */
  readonly droppedTurns: number;
  readonly deadline?: number;
}

export interface ToolCallRequest {
  readonly toolCallId: string;
  readonly toolName: string;
  readonly input: unknown;
  /** Set when the model's arguments did not match the tool's schema (or the tool is unknown). */
  readonly invalid?: string;
}

export interface ModelCallResult {
  /** The assistant message, as the AI SDK returned it, to carry in later calls. */
  readonly message: TranscriptMessage;
  readonly text: string;
  readonly toolCalls: readonly ToolCallRequest[];
  readonly finishReason: string;
  readonly usage: TokenCount;
  /** False when the provider reported no usage and the tokens were estimated. */
  readonly usageReported: boolean;
}

export interface ToolCallHeader {
  readonly conversationId: string;
  readonly orchestrationId: string;
  readonly stepId: string;
  readonly agent: string;
  readonly turn: number;
  readonly toolCallId: string;
  readonly toolName: string;
  readonly idempotencyKey: string;
  readonly deadline?: number;
}

/** Statistics of every conversation of a step (all its branches), as the step record keeps them. */
export interface StepConversationStats extends ConversationStats {
  readonly conversations: number;
  readonly turns: number;
}

export function addConversationStats(
  total: StepConversationStats | undefined,
  stats: ConversationStats,
  turns: number,
): StepConversationStats {
  const failures: Record<string, number> = { ...total?.failures };
  for (const [key, count] of Object.entries(stats.failures)) failures[key] = (failures[key] ?? 0) + count;
  return {
    conversations: (total?.conversations ?? 0) + 1,
    turns: (total?.turns ?? 0) + turns,
    modelCalls: (total?.modelCalls ?? 0) + stats.modelCalls,
    toolCalls: (total?.toolCalls ?? 0) + stats.toolCalls,
    failures,
  };
}
