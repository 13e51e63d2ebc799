/**
 * Failures of model calls: the types the pool classifies provider errors into, what a failed attempt tells the
 * conversation (read structurally from Temporal's failure classes, so no SDK import is needed), and whether the
 * conversation tries again, after how long, or gives up with which recorded reason.
 */
import type { AgentRetry } from './agent-policy';
import type { TokenCount } from './llm-usage';
import type { FallbackReason } from './types';

/** `ApplicationFailure.type` of a failed model call; recorded in history with the attempt. */
export const LlmFailureType = {
  /** 401/403 or no API key: retrying cannot help. */
  AuthenticationFailed: 'LlmAuthenticationFailed',
  /** 400/404/413/422 (unknown model, prompt too long...): retrying the same request cannot help. */
  BadRequest: 'LlmBadRequest',
  /** 429: retried after the provider's retry-after. */
  RateLimited: 'LlmRateLimited',
  /** 503/529: retried after retry-after, or the backoff. */
  Overloaded: 'LlmOverloaded',
  /** Other 5xx. */
  ServerError: 'LlmServerError',
  /** The provider could not be reached, or the connection broke. */
  ConnectionFailed: 'LlmConnectionFailed',
  /** The stream sent nothing for a heartbeat timeout (the server's heartbeat timeout may be first to say so). */
  StreamStalled: 'LlmStreamStalled',
  /** The provider answered with something the AI SDK could not read. */
  InvalidResponse: 'LlmInvalidResponse',
} as const;

export type LlmFailureTypeName = (typeof LlmFailureType)[keyof typeof LlmFailureType];

const NON_RETRYABLE: ReadonlySet<string> = new Set([LlmFailureType.AuthenticationFailed, LlmFailureType.BadRequest]);

export function isRetryableLlmFailure(type: string): boolean {
  return !NON_RETRYABLE.has(type);
}

/** The first detail of a failed model call (ApplicationFailure details[0]). */
export interface ModelCallFailureDetails {
  readonly classification: string;
  readonly statusCode?: number;
  /** The provider's retry-after, in ms, when it sent one. */
  readonly retryAfterMs?: number;
  /** Tokens the attempt used before it failed (estimated from what was streamed). */
  readonly partialUsage?: TokenCount;
}

/** What a streaming model call heartbeats: enough to charge an attempt the server declares hung. */
export interface ModelCallProgress {
  readonly inputTokensEstimate: number;
  readonly outputTokensSoFar: number;
  readonly chunks: number;
}

export type ModelCallFailure =
  | {
      readonly kind: 'timeout';
      readonly timeoutType: string;
      readonly message: string;
      /** From the last heartbeat, if the attempt had started streaming. */
      readonly partialUsage?: TokenCount;
    }
  | {
      readonly kind: 'application';
      readonly type: string;
      readonly nonRetryable: boolean;
      readonly message: string;
      readonly retryAfterMs?: number;
      readonly partialUsage?: TokenCount;
    }
  | { readonly kind: 'cancelled'; readonly message: string }
  | { readonly kind: 'unknown'; readonly message: string };

interface FailureShape {
  readonly name?: unknown;
  readonly message?: unknown;
  readonly cause?: unknown;
  readonly timeoutType?: unknown;
  readonly lastHeartbeatDetails?: unknown;
  readonly type?: unknown;
  readonly nonRetryable?: unknown;
  readonly details?: unknown;
}

/** Reads the failure a model-call activity ended with (ActivityFailure and its cause). */
export function readModelCallFailure(error: unknown): ModelCallFailure {
  const chain = causeChain(error);
  const message = innermostMessage(chain);
  const timeout = chain.find((link) => typeof link.timeoutType === 'string');
  if (timeout) {
    const partial = progressUsage(timeout.lastHeartbeatDetails);
    return {
      kind: 'timeout',
      timeoutType: timeout.timeoutType as string,
      message,
      ...(partial ? { partialUsage: partial } : {}),
    };
  }
  const application = chain.find((link) => link.name === 'ApplicationFailure');
  if (application) {
    const details = Array.isArray(application.details) ? (application.details[0] as unknown) : undefined;
    const parsed = failureDetails(details);
    return {
      kind: 'application',
      type: typeof application.type === 'string' ? application.type : 'Error',
      nonRetryable: application.nonRetryable === true,
      message,
      ...(parsed?.retryAfterMs !== undefined ? { retryAfterMs: parsed.retryAfterMs } : {}),
      ...(parsed?.partialUsage ? { partialUsage: parsed.partialUsage } : {}),
    };
  }
  if (chain.some((link) => link.name === 'CancelledFailure')) return { kind: 'cancelled', message };
  return { kind: 'unknown', message };
}

export type AttemptDecision =
  { readonly kind: 'retry'; readonly delayMs: number } | { readonly kind: 'give_up'; readonly reason: FallbackReason };

/**
 * After attempt `attempt` failed: try again (after retry-after, else the backoff), or give up with the reason the
 * step records. Pools that cannot be reached are not retried (the fallback chain is the faster way on).
 */
export function nextModelAttempt(
  failure: ModelCallFailure,
  attempt: number,
  retry: AgentRetry,
  timeLeftMs: number | undefined,
): AttemptDecision {
  const reason = giveUpReason(failure, attempt >= retry.maxAttempts);
  if (!retryable(failure, retry) || attempt >= retry.maxAttempts) return { kind: 'give_up', reason };
  const retryAfter = failure.kind === 'application' ? failure.retryAfterMs : undefined;
  const delayMs = retryAfter ?? backoffMs(retry, attempt);
  if (timeLeftMs !== undefined && delayMs >= timeLeftMs) return { kind: 'give_up', reason };
  return { kind: 'retry', delayMs };
}

/** Wait before attempt `attempt + 1`, Temporal's way: initial × coefficient^(attempt-1), at most maxInterval. */
export function backoffMs(retry: AgentRetry, attempt: number): number {
  return Math.min(retry.maxInterval, retry.initialInterval * retry.backoffCoefficient ** (attempt - 1));
}

/** Failures that say the model or its provider is unwell (as opposed to the pool, the budget or the request). */
export function isProviderFailure(failure: ModelCallFailure): boolean {
  if (failure.kind === 'timeout')
    return failure.timeoutType === 'HEARTBEAT' || failure.timeoutType === 'START_TO_CLOSE';
  return failure.kind === 'application' && isRetryableLlmFailure(failure.type);
}

export function describeModelCallFailure(failure: ModelCallFailure): string {
  switch (failure.kind) {
    case 'timeout':
      return `${failure.timeoutType.toLowerCase().replace(/_/g, '-')} timeout`;
    case 'application':
      return `${failure.type}: ${failure.message}`;
    default:
      return failure.message;
  }
}

function retryable(failure: ModelCallFailure, retry: AgentRetry): boolean {
  switch (failure.kind) {
    case 'timeout':
      return failure.timeoutType === 'HEARTBEAT' || failure.timeoutType === 'START_TO_CLOSE';
    case 'application':
      return !failure.nonRetryable && !retry.nonRetryableErrorTypes.includes(failure.type);
    default:
      return false;
  }
}

function giveUpReason(failure: ModelCallFailure, attemptsUsed: boolean): FallbackReason {
  switch (failure.kind) {
    case 'timeout':
      if (failure.timeoutType === 'SCHEDULE_TO_START') return 'no_agent_reachable';
      if (failure.timeoutType === 'HEARTBEAT') return 'agent_hung';
      return 'timed_out';
    case 'application':
      if (failure.type === LlmFailureType.StreamStalled) return 'agent_hung';
      if (failure.nonRetryable) return 'agent_rejected';
      return attemptsUsed ? 'retries_exhausted' : 'timed_out';
    case 'cancelled':
      return 'cancelled';
    default:
      return 'unknown';
  }
}

function failureDetails(value: unknown): ModelCallFailureDetails | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  const details = value as Partial<ModelCallFailureDetails>;
  return {
    classification: typeof details.classification === 'string' ? details.classification : 'unknown',
    ...(isCount(details.retryAfterMs) ? { retryAfterMs: details.retryAfterMs } : {}),
    ...(isTokenCount(details.partialUsage) ? { partialUsage: details.partialUsage } : {}),
  };
}

function progressUsage(value: unknown): TokenCount | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  const progress = value as Partial<ModelCallProgress>;
  if (!isCount(progress.inputTokensEstimate) || !isCount(progress.outputTokensSoFar)) return undefined;
  // The provider bills the prompt once it started answering; a call that never answered is not charged.
  if (!isCount(progress.chunks) || progress.chunks === 0) return undefined;
  return { inputTokens: progress.inputTokensEstimate, outputTokens: progress.outputTokensSoFar };
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}

function isTokenCount(value: unknown): value is TokenCount {
  const count = value as Partial<TokenCount> | null;
  return count !== null && typeof count === 'object' && isCount(count.inputTokens) && isCount(count.outputTokens);
}

function causeChain(error: unknown): FailureShape[] {
  const chain: FailureShape[] = [];
  let current: unknown = error;
  while (current !== null && typeof current === 'object' && chain.length < 16 && !chain.includes(current)) {
    chain.push(current as FailureShape);
    current = (current as FailureShape).cause;
  }
  return chain;
}

function innermostMessage(chain: readonly FailureShape[]): string {
  for (let i = chain.length - 1; i >= 0; i--) {
    const text = chain[i]!.message;
    if (typeof text === 'string' && text.trim() !== '') return text;
  }
  return 'no failure message';
}
