/**
 * Guards of a durable conversation: a cap on turns, and loop detection on tool calls. A model that keeps calling the
 * same tool with the same (canonical) arguments is going round in circles; the conversation ends with a recorded
 * reason instead of burning calls, as routing loops end an orchestration.
 */
import { hashString, stableStringify } from './stable-json';

export interface ConversationGuardState {
  /** How often each (tool, canonical arguments) pair was called. */
  readonly toolCalls: Readonly<Record<string, number>>;
}

export interface ConversationGuardLimits {
  readonly maxTurns: number;
  /** Identical tool calls that count as a loop (2 = the first repeat is a loop). */
  readonly loopThreshold: number;
}

export type ToolCallVerdict =
  | { readonly kind: 'call'; readonly state: ConversationGuardState }
  | { readonly kind: 'loop'; readonly message: string };

export function initialConversationGuard(): ConversationGuardState {
  return { toolCalls: {} };
}

export function toolCallFingerprint(toolName: string, input: unknown): string {
  return hashString(`${toolName}\u0000${stableStringify(input)}`);
}

/** Admits the tool calls of one model answer, or names the call that closes a loop. */
export function admitToolCalls(
  state: ConversationGuardState,
  calls: readonly { readonly toolName: string; readonly input: unknown }[],
  limits: ConversationGuardLimits,
): ToolCallVerdict {
  const counts: Record<string, number> = { ...state.toolCalls };
  for (const call of calls) {
    const fingerprint = toolCallFingerprint(call.toolName, call.input);
    const occurrences = (counts[fingerprint] ?? 0) + 1;
    if (occurrences >= limits.loopThreshold) {
      return {
        kind: 'loop',
        message:
          `tool loop: the model called "${call.toolName}" with identical arguments ${occurrences} times ` +
          `(loopThreshold is ${limits.loopThreshold}): ${truncate(stableStringify(call.input), 200)}`,
      };
    }
    counts[fingerprint] = occurrences;
  }
  return { kind: 'call', state: { toolCalls: counts } };
}

/** A turn past maxTurns is refused: the conversation did not reach an answer in time. */
export function turnAllowed(nextTurn: number, limits: ConversationGuardLimits): boolean {
  return nextTurn <= limits.maxTurns;
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max)}…`;
}
