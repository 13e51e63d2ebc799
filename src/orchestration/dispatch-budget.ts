/** Time budgets of one branch dispatch: how long all its attempts may take and the instruction's deadline. */
import type { AgentRetry, AgentTimeouts } from './agent-policy';

/** Sum of the waits between attempts under exponential backoff. */
export function totalBackoffMs(retry: AgentRetry): number {
  let total = 0;
  let interval = retry.initialInterval;
  for (let retryIndex = 1; retryIndex < retry.maxAttempts; retryIndex++) {
    total += Math.min(interval, retry.maxInterval);
    interval *= retry.backoffCoefficient;
  }
  return total;
}

/** The explicit schedule-to-close timeout, or the worst case of every attempt waiting and running in full. */
export function dispatchBudgetMs(timeouts: AgentTimeouts, retry: AgentRetry): number {
  if (timeouts.scheduleToClose !== undefined) return timeouts.scheduleToClose;
  return retry.maxAttempts * (timeouts.scheduleToStart + timeouts.startToClose) + totalBackoffMs(retry);
}

export interface BranchTiming {
  /** Schedule-to-close timeout to give the activity. */
  readonly scheduleToCloseMs: number;
  /** Absolute deadline carried by the instruction (epoch ms). */
  readonly deadline: number;
}

/** Never lets a dispatch outlive the orchestration's own deadline. */
export function branchTiming(
  timeouts: AgentTimeouts,
  retry: AgentRetry,
  dispatchAt: number,
  orchestrationDeadline: number | undefined,
): BranchTiming {
  const budget = dispatchBudgetMs(timeouts, retry);
  const remaining = orchestrationDeadline === undefined ? budget : orchestrationDeadline - dispatchAt;
  const scheduleToCloseMs = Math.max(1, Math.min(budget, remaining));
  return { scheduleToCloseMs, deadline: dispatchAt + scheduleToCloseMs };
}
