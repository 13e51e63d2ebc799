/**
 * Liveness of a model call: a streaming call proves itself alive by the tokens it receives, each one a heartbeat, so
 * a long generation is fine and a stream that stops is noticed within the heartbeat timeout. Until the first token
 * the call is kept alive on a timer, for at most `firstTokenTimeout` (providers think before they answer).
 */
import type { ModelCallProgress } from '../../orchestration/llm-failures';
import type { TokenCount } from '../../orchestration/llm-usage';
import { CHARS_PER_TOKEN } from '../../orchestration/conversation-transcript';

export interface StreamLivenessOptions {
  readonly heartbeat: (progress: ModelCallProgress) => void;
  /** The activity's heartbeat timeout; without one, a stall is never declared here. */
  readonly heartbeatTimeoutMs: number | undefined;
  readonly firstTokenTimeoutMs: number;
  readonly inputTokensEstimate: number;
  /** The activity's cancellation (server-side timeouts, cancellation of the conversation). */
  readonly cancellation: AbortSignal;
  /** false: one request without a stream; it is kept alive on the timer for as long as it takes. */
  readonly streaming: boolean;
}

export interface StreamLiveness {
  /** Aborts the model call on cancellation or once the stream stalled. */
  readonly signal: AbortSignal;
  /** Call with every part the stream delivers. */
  onPart(part: { readonly type: string; readonly delta?: unknown }): void;
  /** True once the call was aborted because nothing arrived for a heartbeat timeout. */
  stalled(): boolean;
  /** What the call used so far, or undefined when nothing arrived (nothing is billed then). */
  partialUsage(): TokenCount | undefined;
  close(): void;
}

const DELTA_PARTS = new Set(['text-delta', 'reasoning-delta', 'tool-input-delta']);
/** Parts a provider sends before it has produced anything (on receiving the request): not yet a token. */
const PREAMBLE_PARTS = new Set(['stream-start', 'response-metadata', 'raw']);

export function openStreamLiveness(options: StreamLivenessOptions): StreamLiveness {
  const stall = new AbortController();
  const signal = AbortSignal.any([options.cancellation, stall.signal]);
  /** Parts carrying model output; the first one ends the wait for the first token. */
  let chunks = 0;
  let outputChars = 0;
  let isStalled = false;
  const progress = (): ModelCallProgress => ({
    inputTokensEstimate: options.inputTokensEstimate,
    outputTokensSoFar: Math.ceil(outputChars / CHARS_PER_TOKEN),
    chunks,
  });
  const timeout = options.heartbeatTimeoutMs;
  const keepAliveMs = timeout ? Math.max(20, Math.floor(timeout / 3)) : 5_000;
  const startedAt = Date.now();
  const keepAlive = setInterval(() => {
    const waitingForFirstToken = chunks === 0 && Date.now() - startedAt < options.firstTokenTimeoutMs;
    if (!options.streaming || waitingForFirstToken) options.heartbeat(progress());
  }, keepAliveMs);

  let watchdog: NodeJS.Timeout | undefined;
  const arm = (ms: number): void => {
    if (!options.streaming || timeout === undefined) return;
    clearTimeout(watchdog);
    watchdog = setTimeout(() => {
      isStalled = true;
      stall.abort(new Error(`the model stream sent nothing for ${timeout}ms`));
    }, ms);
  };
  // Before the first token the keep-alive covers the call, up to firstTokenTimeout; then only tokens count.
  if (timeout !== undefined) arm(options.firstTokenTimeoutMs + timeout);

  return {
    signal,
    onPart(part) {
      if (PREAMBLE_PARTS.has(part.type)) {
        options.heartbeat(progress());
        return;
      }
      chunks += 1;
      if (DELTA_PARTS.has(part.type) && typeof part.delta === 'string') outputChars += part.delta.length;
      if (timeout !== undefined) arm(timeout);
      options.heartbeat(progress());
    },
    stalled: () => isStalled,
    partialUsage: () =>
      chunks === 0
        ? undefined
        : { inputTokens: options.inputTokensEstimate, outputTokens: Math.ceil(outputChars / CHARS_PER_TOKEN) },
    close() {
      clearInterval(keepAlive);
      clearTimeout(watchdog);
    },
  };
}
