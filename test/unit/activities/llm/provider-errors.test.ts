import { APICallError, LoadAPIKeyError } from 'ai';
import { classifyProviderError, providerFailure, retryAfter } from '../../../../src/activities/llm/provider-errors';

const apiError = (statusCode: number | undefined, headers: Record<string, string> = {}) =>
  new APICallError({
    message: 'provider said no',
    url: 'http://127.0.0.1/v1/chat/completions',
    requestBodyValues: {},
    ...(statusCode !== undefined ? { statusCode } : {}),
    responseHeaders: headers,
  });

describe('classifyProviderError', () => {
  it.each([
    [401, 'LlmAuthenticationFailed'],
    [403, 'LlmAuthenticationFailed'],
    [400, 'LlmBadRequest'],
    [404, 'LlmBadRequest'],
    [429, 'LlmRateLimited'],
    [503, 'LlmOverloaded'],
    [529, 'LlmOverloaded'],
    [500, 'LlmServerError'],
    [502, 'LlmServerError'],
    [undefined, 'LlmConnectionFailed'],
  ])('status %s is %s', (status, type) => {
    expect(classifyProviderError(apiError(status)).type).toBe(type);
  });

  it('a missing API key is an authentication failure, not retried', () => {
    const classified = classifyProviderError(new LoadAPIKeyError({ message: 'OpenAI API key is missing' }));
    expect(classified.type).toBe('LlmAuthenticationFailed');
    expect(providerFailure(classified, undefined).nonRetryable).toBe(true);
  });

  it('429 carries the retry-after as the next retry delay and in the details', () => {
    const failure = providerFailure(classifyProviderError(apiError(429, { 'Retry-After': '3' })), {
      inputTokens: 5,
      outputTokens: 0,
    });
    expect(failure.type).toBe('LlmRateLimited');
    expect(failure.nonRetryable).toBe(false);
    expect(failure.nextRetryDelay).toBe(3000);
    expect(failure.details).toEqual([
      {
        classification: 'LlmRateLimited',
        statusCode: 429,
        retryAfterMs: 3000,
        partialUsage: { inputTokens: 5, outputTokens: 0 },
      },
    ]);
  });
});

describe('retryAfter', () => {
  it('reads retry-after-ms, seconds and HTTP dates', () => {
    expect(retryAfter({ 'retry-after-ms': '1500' })).toBe(1500);
    expect(retryAfter({ 'retry-after': '2.5' })).toBe(2500);
    expect(retryAfter({ 'retry-after': 'Thu, 01 Jan 1970 00:00:10 GMT' }, 4_000)).toBe(6_000);
    expect(retryAfter({ 'retry-after': 'soon' })).toBeUndefined();
    expect(retryAfter(undefined)).toBeUndefined();
  });
});
