/**
 * Provider errors, classified where they happen (in the pool, next to the HTTP call): authentication and bad requests
 * are final; rate limits and overload carry the provider's retry-after as the next retry delay; everything else is a
 * transient server or connection failure. The classification travels as the failure's type, recorded in history.
 */
import { ApplicationFailure } from '@temporalio/activity';
import { APICallError, EmptyResponseBodyError, InvalidResponseDataError, JSONParseError, LoadAPIKeyError } from 'ai';
import {
  isRetryableLlmFailure,
  LlmFailureType,
  type LlmFailureTypeName,
  type ModelCallFailureDetails,
} from '../../orchestration/llm-failures';
import type { TokenCount } from '../../orchestration/llm-usage';

export interface ClassifiedProviderError {
  readonly type: LlmFailureTypeName;
  readonly message: string;
  readonly statusCode?: number;
  readonly retryAfterMs?: number;
}

/** Longest retry-after honoured; a provider asking for more is retried after this (or the budget ends the wait). */
const MAX_RETRY_AFTER_MS = 10 * 60_000;

export function classifyProviderError(error: unknown): ClassifiedProviderError {
  if (LoadAPIKeyError.isInstance(error)) {
    return { type: LlmFailureType.AuthenticationFailed, message: error.message };
  }
  if (APICallError.isInstance(error)) {
    const statusCode = error.statusCode;
    const retryAfterMs = retryAfter(error.responseHeaders);
    const base = {
      message: describeApiCallError(error),
      ...(statusCode !== undefined ? { statusCode } : {}),
      ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
    };
    if (statusCode === undefined) return { type: LlmFailureType.ConnectionFailed, ...base };
    if (statusCode === 401 || statusCode === 403) return { type: LlmFailureType.AuthenticationFailed, ...base };
    if (statusCode === 429) return { type: LlmFailureType.RateLimited, ...base };
    if (statusCode === 503 || statusCode === 529) return { type: LlmFailureType.Overloaded, ...base };
    if (statusCode === 408 || statusCode === 409) return { type: LlmFailureType.ServerError, ...base };
    if (statusCode >= 400 && statusCode < 500) return { type: LlmFailureType.BadRequest, ...base };
    return { type: LlmFailureType.ServerError, ...base };
  }
  if (
    InvalidResponseDataError.isInstance(error) ||
    JSONParseError.isInstance(error) ||
    EmptyResponseBodyError.isInstance(error)
  ) {
    return { type: LlmFailureType.InvalidResponse, message: (error as Error).message };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { type: LlmFailureType.ConnectionFailed, message };
}

/**
 * The ApplicationFailure a failed model call ends with: its type is the classification, `nextRetryDelay` the
 * provider's retry-after (for retries the server runs), and details[0] what the conversation charges and waits by.
 */
export function providerFailure(
  classified: ClassifiedProviderError,
  partialUsage: TokenCount | undefined,
): ApplicationFailure {
  const details: ModelCallFailureDetails = {
    classification: classified.type,
    ...(classified.statusCode !== undefined ? { statusCode: classified.statusCode } : {}),
    ...(classified.retryAfterMs !== undefined ? { retryAfterMs: classified.retryAfterMs } : {}),
    ...(partialUsage ? { partialUsage } : {}),
  };
  return ApplicationFailure.create({
    message: classified.message,
    type: classified.type,
    nonRetryable: !isRetryableLlmFailure(classified.type),
    details: [details],
    ...(classified.retryAfterMs !== undefined ? { nextRetryDelay: classified.retryAfterMs } : {}),
  });
}

/** `retry-after-ms` (OpenAI), else `retry-after` in seconds or as an HTTP date. */
export function retryAfter(headers: Record<string, string> | undefined, now = Date.now()): number | undefined {
  if (!headers) return undefined;
  const lower = Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
  const milliseconds = Number(lower['retry-after-ms']);
  if (lower['retry-after-ms'] !== undefined && Number.isFinite(milliseconds) && milliseconds >= 0) {
    return Math.min(MAX_RETRY_AFTER_MS, Math.round(milliseconds));
  }
  const value = lower['retry-after']?.trim();
  if (value === undefined || value === '') return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.min(MAX_RETRY_AFTER_MS, Math.round(seconds * 1000));
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.min(MAX_RETRY_AFTER_MS, Math.max(0, date - now));
}

function describeApiCallError(error: APICallError): string {
  const status = error.statusCode !== undefined ? `${error.statusCode} ` : '';
  const body = typeof error.responseBody === 'string' ? `: ${error.responseBody.slice(0, 300)}` : '';
  return `${status}${error.message}${body}`.trim();
}
