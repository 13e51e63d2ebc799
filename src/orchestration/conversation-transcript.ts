/**
 * The messages of a durable conversation, as the workflow keeps them between model calls, and the compaction policy
 * that bounds what each call carries: the last `keepTurns` turns go with every call, older ones are dropped (the
 * model is told how many). Messages keep the AI SDK's ModelMessage shape, so the pool hands them to the model as-is.
 */

/** An assistant or tool message in the AI SDK's ModelMessage shape; opaque here apart from its role. */
export interface TranscriptMessage {
  readonly role: 'assistant' | 'tool';
  readonly content: string | readonly unknown[];
}

/** One model call's answer and the results of the tools it called: what a later call must see together. */
export interface ConversationTurn {
  readonly turn: number;
  readonly messages: readonly TranscriptMessage[];
}

export interface CompactionPolicy {
  /** Turns sent with each model call (and carried across continue-as-new); older turns are dropped. */
  readonly keepTurns: number;
}

export interface Transcript {
  /** The most recent turns, oldest first. */
  readonly turns: readonly ConversationTurn[];
  /** Turns dropped so far by compaction. */
  readonly droppedTurns: number;
}

export const EMPTY_TRANSCRIPT: Transcript = { turns: [], droppedTurns: 0 };

/** Adds a turn and drops the oldest ones beyond the policy's window. */
export function appendTurn(transcript: Transcript, turn: ConversationTurn, policy: CompactionPolicy): Transcript {
  const turns = [...transcript.turns, turn];
  const excess = Math.max(0, turns.length - policy.keepTurns);
  return { turns: turns.slice(excess), droppedTurns: transcript.droppedTurns + excess };
}

/** The messages the next model call carries, oldest first. */
export function windowMessages(transcript: Transcript): TranscriptMessage[] {
  return transcript.turns.flatMap((turn) => turn.messages);
}

/** Providers count tokens their own way; about four characters of JSON per token is close enough to reserve by. */
export const CHARS_PER_TOKEN = 4;

export function estimateTokens(value: unknown): number {
  const text = typeof value === 'string' ? value : (JSON.stringify(value) ?? '');
  return Math.ceil(text.length / CHARS_PER_TOKEN);
}

export interface ToolResultContent {
  readonly toolCallId: string;
  readonly toolName: string;
  /** The tool's output, or the error the model should read instead. */
  readonly output:
    { readonly type: 'json'; readonly value: unknown } | { readonly type: 'error-text'; readonly value: string };
}

/** The tool message answering one model call's tool calls, in the order they were made. */
export function toolResultsMessage(results: readonly ToolResultContent[]): TranscriptMessage {
  return {
    role: 'tool',
    content: results.map((result) => ({
      type: 'tool-result',
      toolCallId: result.toolCallId,
      toolName: result.toolName,
      output: result.output,
    })),
  };
}
