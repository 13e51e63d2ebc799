import { ApplicationFailure, TimeoutFailure } from '@temporalio/common';
import { LlmFailureType, nextModelAttempt, readModelCallFailure } from '../../../src/orchestration/llm-failures';

const retry = {
  maxAttempts: 3,
  initialInterval: 100,
  backoffCoefficient: 2,
  maxInterval: 1_000,
  nonRetryableErrorTypes: [],
};

function activityFailure(cause: Error): Error {
  const error = new Error('Activity task failed');
  error.name = 'ActivityFailure';
  (error as Error & { cause?: unknown }).cause = cause;
  return error;
}

describe('model-call failures', () => {
  it('a 429 is retried after its retry-after, other retryable failures after the backoff', () => {
    const limited = readModelCallFailure(
      activityFailure(
        ApplicationFailure.create({
          type: LlmFailureType.RateLimited,
          message: 'slow down',
          details: [{ classification: LlmFailureType.RateLimited, retryAfterMs: 7_000 }],
        }),
      ),
    );
    expect(nextModelAttempt(limited, 1, retry, undefined)).toEqual({ kind: 'retry', delayMs: 7_000 });
    const server = readModelCallFailure(
      activityFailure(ApplicationFailure.create({ type: LlmFailureType.ServerError })),
    );
    expect(nextModelAttempt(server, 1, retry, undefined)).toEqual({ kind: 'retry', delayMs: 100 });
    expect(nextModelAttempt(server, 2, retry, undefined)).toEqual({ kind: 'retry', delayMs: 200 });
    expect(nextModelAttempt(server, 3, retry, undefined)).toEqual({ kind: 'give_up', reason: 'retries_exhausted' });
  });

  it('authentication and bad requests are not retried', () => {
    const auth = readModelCallFailure(
      activityFailure(ApplicationFailure.create({ type: LlmFailureType.AuthenticationFailed, nonRetryable: true })),
    );
    expect(nextModelAttempt(auth, 1, retry, undefined)).toEqual({ kind: 'give_up', reason: 'agent_rejected' });
  });

  it('a heartbeat timeout is a hang, charged with what the last heartbeat reported; schedule-to-start is final', () => {
    const hung = readModelCallFailure(
      activityFailure(
        new TimeoutFailure('heartbeat', { inputTokensEstimate: 50, outputTokensSoFar: 12, chunks: 3 }, 'HEARTBEAT'),
      ),
    );
    expect(hung).toMatchObject({ kind: 'timeout', partialUsage: { inputTokens: 50, outputTokens: 12 } });
    expect(nextModelAttempt(hung, 3, retry, undefined)).toEqual({ kind: 'give_up', reason: 'agent_hung' });
    const unreachable = readModelCallFailure(
      activityFailure(new TimeoutFailure('s2s', undefined, 'SCHEDULE_TO_START')),
    );
    expect(nextModelAttempt(unreachable, 1, retry, undefined)).toEqual({
      kind: 'give_up',
      reason: 'no_agent_reachable',
    });
  });

  it('does not wait past the time left', () => {
    const limited = readModelCallFailure(
      activityFailure(
        ApplicationFailure.create({
          type: LlmFailureType.RateLimited,
          details: [{ classification: LlmFailureType.RateLimited, retryAfterMs: 7_000 }],
        }),
      ),
    );
    expect(nextModelAttempt(limited, 1, retry, 5_000)).toEqual({ kind: 'give_up', reason: 'timed_out' });
  });
});
