/**
 * A scripted language model for demos and tests without an API key: an AI SDK model (specification v4) whose
 * replies, tool calls and faults come from a script, chosen by the conversation's turn and the call's attempt, so
 * any process of a pool answers a retried call the same way. Faults: HTTP errors (with retry-after), a stream that
 * stops mid-way, a slow first token, and an outage (every call fails).
 */
import type {
  LanguageModelV4,
  LanguageModelV4CallOptions,
  LanguageModelV4Content,
  LanguageModelV4FinishReason,
  LanguageModelV4GenerateResult,
  LanguageModelV4StreamPart,
  LanguageModelV4StreamResult,
  LanguageModelV4Usage,
} from '@ai-sdk/provider';
import { APICallError } from 'ai';
import { CHARS_PER_TOKEN } from '../../orchestration/conversation-transcript';

export interface ScriptedToolCall {
  readonly toolName: string;
  readonly input: unknown;
}

export interface ScriptedFault {
  /** `error`: an HTTP error; `stall`: the stream stops after `afterChunks` parts; `slow`: the first token waits. */
  readonly kind: 'error' | 'stall' | 'slow';
  /** Attempts of the turn the fault strikes (default: the first only). */
  readonly attempts?: readonly number[];
  /** HTTP status of an `error` (default 500). */
  readonly status?: number;
  readonly retryAfterSeconds?: number;
  readonly afterChunks?: number;
  /** How long a `slow` first token waits. */
  readonly delayMs?: number;
}

export interface ScriptedTurn {
  readonly text?: string;
  readonly toolCalls?: readonly ScriptedToolCall[];
  readonly fault?: ScriptedFault;
}

export interface ScriptedCall {
  /** Turn of the conversation, from 1 (without Steadfast: the assistant messages in the prompt, plus one). */
  readonly turn: number;
  /** Attempt of this model call, from 1 (told by Steadfast through providerOptions.steadfast). */
  readonly attempt: number;
  /** Text of the first user message. */
  readonly firstMessage: string;
}

export interface ScriptedModelOptions {
  readonly modelId?: string;
  readonly provider?: string;
  /** Turn n answers with turns[n-1] (the last one once the script runs out), or whatever the function returns. */
  readonly turns: readonly ScriptedTurn[] | ((call: ScriptedCall) => ScriptedTurn);
  /** Characters per streamed text part. */
  readonly chunkSize?: number;
  /** Pause between streamed parts. */
  readonly chunkDelayMs?: number;
  /** While true, every call fails with 503: the provider is down. */
  readonly outage?: boolean | (() => boolean);
}

export function scriptedModel(options: ScriptedModelOptions): LanguageModelV4 {
  const modelId = options.modelId ?? 'scripted';
  const provider = options.provider ?? 'scripted';
  const chunkSize = Math.max(1, options.chunkSize ?? 16);
  const chunkDelayMs = options.chunkDelayMs ?? 0;

  const plan = (call: LanguageModelV4CallOptions) => {
    const scripted = scriptedCall(call);
    const turn = typeof options.turns === 'function' ? options.turns(scripted) : pick(options.turns, scripted.turn);
    const outage = typeof options.outage === 'function' ? options.outage() : options.outage === true;
    const fault: ScriptedFault | undefined = outage
      ? { kind: 'error', status: 503, attempts: [scripted.attempt] }
      : turn.fault && (turn.fault.attempts ?? [1]).includes(scripted.attempt)
        ? turn.fault
        : undefined;
    return { scripted, turn, fault, inputTokens: Math.ceil(JSON.stringify(call.prompt).length / CHARS_PER_TOKEN) };
  };

  return {
    specificationVersion: 'v4',
    provider,
    modelId,
    supportedUrls: {},
    async doGenerate(call): Promise<LanguageModelV4GenerateResult> {
      const { scripted, turn, fault, inputTokens } = plan(call);
      if (fault?.kind === 'error') throw httpError(modelId, fault);
      if (fault?.kind === 'slow' || fault?.kind === 'stall') await pause(fault.delayMs ?? 60_000, call.abortSignal);
      const content: LanguageModelV4Content[] = [];
      if (turn.text) content.push({ type: 'text', text: turn.text });
      content.push(...toolCallParts(turn, scripted.turn));
      return {
        content,
        finishReason: finishReason(turn),
        usage: usage(inputTokens, outputTokens(turn)),
        warnings: [],
      };
    },
    async doStream(call): Promise<LanguageModelV4StreamResult> {
      const { scripted, turn, fault, inputTokens } = plan(call);
      if (fault?.kind === 'error') throw httpError(modelId, fault);
      const parts = streamParts(turn, scripted.turn, chunkSize, inputTokens);
      const signal = call.abortSignal;
      let index = 0;
      return {
        stream: new ReadableStream<LanguageModelV4StreamPart>({
          async pull(controller) {
            if (index === 0 && fault?.kind === 'slow') await pause(fault.delayMs ?? 5_000, signal);
            if (fault?.kind === 'stall' && index >= (fault.afterChunks ?? 2)) {
              // The connection stays open and silent, as a hung provider's does, until the caller gives up.
              await pause(Number.MAX_SAFE_INTEGER, signal);
            }
            if (index > 0 && chunkDelayMs > 0) await pause(chunkDelayMs, signal);
            const part = parts[index++];
            if (part) controller.enqueue(part);
            else controller.close();
          },
        }),
      };
    },
  };
}

function scriptedCall(call: LanguageModelV4CallOptions): ScriptedCall {
  const assistants = call.prompt.filter((message) => message.role === 'assistant').length;
  // Steadfast tells the turn and attempt; compaction may have dropped earlier assistant messages from the prompt.
  const steadfast = call.providerOptions?.steadfast as { attempt?: unknown; turn?: unknown } | undefined;
  const attempt = typeof steadfast?.attempt === 'number' ? steadfast.attempt : 1;
  const turn = typeof steadfast?.turn === 'number' ? steadfast.turn : assistants + 1;
  const first = call.prompt.find((message) => message.role === 'user');
  const firstMessage =
    first && Array.isArray(first.content)
      ? first.content.map((part) => (part.type === 'text' ? part.text : '')).join('')
      : '';
  return { turn, attempt, firstMessage };
}

function pick(turns: readonly ScriptedTurn[], turn: number): ScriptedTurn {
  return turns[Math.min(turn, turns.length) - 1] ?? { text: '' };
}

function toolCallParts(turn: ScriptedTurn, turnNumber: number): LanguageModelV4Content[] {
  return (turn.toolCalls ?? []).map((call, index) => ({
    type: 'tool-call' as const,
    toolCallId: `call-${turnNumber}-${index}`,
    toolName: call.toolName,
    input: JSON.stringify(call.input),
  }));
}

function streamParts(
  turn: ScriptedTurn,
  turnNumber: number,
  chunkSize: number,
  inputTokens: number,
): LanguageModelV4StreamPart[] {
  const parts: LanguageModelV4StreamPart[] = [{ type: 'stream-start', warnings: [] }];
  const text = turn.text ?? '';
  if (text !== '') {
    parts.push({ type: 'text-start', id: 'text-0' });
    for (let at = 0; at < text.length; at += chunkSize) {
      parts.push({ type: 'text-delta', id: 'text-0', delta: text.slice(at, at + chunkSize) });
    }
    parts.push({ type: 'text-end', id: 'text-0' });
  }
  for (const call of toolCallParts(turn, turnNumber)) parts.push(call as LanguageModelV4StreamPart);
  parts.push({ type: 'finish', finishReason: finishReason(turn), usage: usage(inputTokens, outputTokens(turn)) });
  return parts;
}

function finishReason(turn: ScriptedTurn): LanguageModelV4FinishReason {
  return (turn.toolCalls?.length ?? 0) > 0
    ? { unified: 'tool-calls', raw: 'tool_calls' }
    : { unified: 'stop', raw: 'stop' };
}

function outputTokens(turn: ScriptedTurn): number {
  return Math.ceil(((turn.text ?? '').length + JSON.stringify(turn.toolCalls ?? []).length) / CHARS_PER_TOKEN);
}

function usage(input: number, output: number): LanguageModelV4Usage {
  return {
    inputTokens: { total: input, noCache: input, cacheRead: undefined, cacheWrite: undefined },
    outputTokens: { total: output, text: output, reasoning: undefined },
  };
}

function httpError(modelId: string, fault: ScriptedFault): APICallError {
  const status = fault.status ?? 500;
  return new APICallError({
    message: `scripted ${status} from model "${modelId}"`,
    url: `scripted://${modelId}`,
    requestBodyValues: {},
    statusCode: status,
    responseHeaders: fault.retryAfterSeconds !== undefined ? { 'retry-after': String(fault.retryAfterSeconds) } : {},
    isRetryable: status === 429 || status >= 500,
  });
}

function pause(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    const reason = () => (signal?.reason instanceof Error ? signal.reason : new Error('aborted'));
    if (signal?.aborted) {
      reject(reason());
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(reason());
    };
    const timer = setTimeout(
      () => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      },
      Math.min(ms, 2_147_483_647),
    );
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
