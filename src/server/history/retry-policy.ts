/** Temporal's retry policy: the defaults the server fills in, validation, and the decision after a failed attempt. */
import { enums, type Failure, type RetryPolicy } from '../proto/temporal-proto';
import { durationFromMs, msFromDuration } from '../proto/time';

export interface NormalizedRetryPolicy {
  initialIntervalMs: number;
  backoffCoefficient: number;
  maximumIntervalMs: number;
  /** 0 means unlimited. */
  maximumAttempts: number;
  nonRetryableErrorTypes: string[];
}

const DEFAULT_INITIAL_INTERVAL_MS = 1000;
const DEFAULT_BACKOFF_COEFFICIENT = 2;
const DEFAULT_MAXIMUM_INTERVAL_FACTOR = 100;

/** Fills the server defaults into a policy; returns an error message for an invalid one. */
export function normalizeRetryPolicy(
  policy: RetryPolicy | null | undefined,
  fieldName: string,
): NormalizedRetryPolicy | string {
  const initialIntervalMs = msFromDuration(policy?.initialInterval) ?? DEFAULT_INITIAL_INTERVAL_MS;
  const backoffCoefficient = policy?.backoffCoefficient || DEFAULT_BACKOFF_COEFFICIENT;
  const maximumIntervalMs =
    msFromDuration(policy?.maximumInterval) ?? initialIntervalMs * DEFAULT_MAXIMUM_INTERVAL_FACTOR;
  const maximumAttempts = policy?.maximumAttempts ?? 0;
  if (initialIntervalMs < 0) return `${fieldName}.initialInterval cannot be negative.`;
  if (backoffCoefficient < 1) return `${fieldName}.backoffCoefficient cannot be less than 1.`;
  if (maximumIntervalMs < initialIntervalMs)
    return `${fieldName}.maximumInterval cannot be less than its initialInterval.`;
  if (maximumAttempts < 0) return `${fieldName}.maximumAttempts cannot be negative.`;
  return {
    initialIntervalMs,
    backoffCoefficient,
    maximumIntervalMs,
    maximumAttempts,
    nonRetryableErrorTypes: [...(policy?.nonRetryableErrorTypes ?? [])],
  };
}

export function retryPolicyToProto(policy: NormalizedRetryPolicy): RetryPolicy {
  return {
    initialInterval: durationFromMs(policy.initialIntervalMs),
    backoffCoefficient: policy.backoffCoefficient,
    maximumInterval: durationFromMs(policy.maximumIntervalMs),
    maximumAttempts: policy.maximumAttempts,
    nonRetryableErrorTypes: policy.nonRetryableErrorTypes,
  };
}

export type RetryDecision = { retry: true; delayMs: number } | { retry: false; retryState: number };

const TIMEOUT_TYPE_PREFIX = 'TemporalTimeout:';

function isRetryable(failure: Failure, nonRetryableTypes: string[]): boolean {
  if (failure.terminatedFailureInfo || failure.canceledFailureInfo) return false;
  if (failure.timeoutFailureInfo) {
    const timeoutType = failure.timeoutFailureInfo.timeoutType ?? 0;
    if (
      timeoutType === enums.TimeoutType.TIMEOUT_TYPE_START_TO_CLOSE ||
      timeoutType === enums.TimeoutType.TIMEOUT_TYPE_HEARTBEAT
    ) {
      return !nonRetryableTypes.includes(TIMEOUT_TYPE_PREFIX + enums.TimeoutType[timeoutType]);
    }
    return false;
  }
  if (failure.serverFailureInfo) return !failure.serverFailureInfo.nonRetryable;
  if (failure.applicationFailureInfo) {
    if (failure.applicationFailureInfo.nonRetryable) return false;
    return !nonRetryableTypes.includes(failure.applicationFailureInfo.type ?? '');
  }
  return true;
}

/**
 * What follows a failed attempt: another attempt after a delay, or the final retry state.
 * `expirationTime` is the schedule-to-close deadline, when there is one.
 */
export function decideRetry(args: {
  policy: NormalizedRetryPolicy;
  attempt: number;
  failure: Failure;
  now: number;
  expirationTime?: number | undefined;
  cancelRequested?: boolean;
}): RetryDecision {
  const { policy, attempt, failure, now, expirationTime } = args;
  if (args.cancelRequested) return { retry: false, retryState: enums.RetryState.RETRY_STATE_CANCEL_REQUESTED };
  const timeoutType = failure.timeoutFailureInfo?.timeoutType;
  if (
    timeoutType === enums.TimeoutType.TIMEOUT_TYPE_SCHEDULE_TO_START ||
    timeoutType === enums.TimeoutType.TIMEOUT_TYPE_SCHEDULE_TO_CLOSE
  ) {
    return { retry: false, retryState: enums.RetryState.RETRY_STATE_TIMEOUT };
  }
  if (!isRetryable(failure, policy.nonRetryableErrorTypes)) {
    return { retry: false, retryState: enums.RetryState.RETRY_STATE_NON_RETRYABLE_FAILURE };
  }
  if (policy.maximumAttempts > 0 && attempt >= policy.maximumAttempts) {
    return { retry: false, retryState: enums.RetryState.RETRY_STATE_MAXIMUM_ATTEMPTS_REACHED };
  }
  // An explicit nextRetryDelay from the failure replaces both the exponential interval and its cap.
  let delayMs = msFromDuration(failure.applicationFailureInfo?.nextRetryDelay);
  if (delayMs === undefined) {
    const exponential = policy.initialIntervalMs * Math.pow(policy.backoffCoefficient, attempt - 1);
    delayMs = Math.min(exponential, policy.maximumIntervalMs);
  }
  if (expirationTime !== undefined && now + delayMs > expirationTime) {
    return { retry: false, retryState: enums.RetryState.RETRY_STATE_TIMEOUT };
  }
  return { retry: true, delayMs: Math.round(delayMs) };
}
