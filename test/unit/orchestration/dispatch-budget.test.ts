import { resolveStepPolicy, type AgentPolicy } from '../../../src/orchestration/agent-policy';
import { branchTiming, dispatchBudgetMs, totalBackoffMs } from '../../../src/orchestration/dispatch-budget';

const policy: AgentPolicy = {
  taskQueue: 'steadfast.agent.search',
  timeouts: { scheduleToStart: 1_000, startToClose: 10_000, heartbeat: 2_000 },
  retry: { maxAttempts: 3, initialInterval: 100, backoffCoefficient: 2, maxInterval: 150, nonRetryableErrorTypes: [] },
  fallback: { alternates: ['backup'], autonomous: true, onExhausted: 'fail' },
};

describe('dispatch budget', () => {
  it('sums capped exponential backoff between attempts', () => {
    expect(totalBackoffMs(policy.retry)).toBe(100 + 150);
    expect(totalBackoffMs({ ...policy.retry, maxAttempts: 1 })).toBe(0);
  });

  it('uses the explicit schedule-to-close timeout when set', () => {
    expect(dispatchBudgetMs({ ...policy.timeouts, scheduleToClose: 5_000 }, policy.retry)).toBe(5_000);
  });

  it('otherwise allows every attempt to wait and run in full', () => {
    expect(dispatchBudgetMs(policy.timeouts, policy.retry)).toBe(3 * 11_000 + 250);
  });

  it('never lets a branch outlive the orchestration deadline', () => {
    expect(branchTiming(policy.timeouts, policy.retry, 1_000, undefined)).toEqual({
      scheduleToCloseMs: 33_250,
      deadline: 34_250,
    });
    expect(branchTiming(policy.timeouts, policy.retry, 1_000, 6_000)).toEqual({
      scheduleToCloseMs: 5_000,
      deadline: 6_000,
    });
    expect(branchTiming(policy.timeouts, policy.retry, 7_000, 6_000).scheduleToCloseMs).toBe(1);
  });
});

describe('resolveStepPolicy', () => {
  it('lets step settings override the agent field by field', () => {
    const resolved = resolveStepPolicy(policy, {
      timeouts: { heartbeat: 500 },
      retry: { maxAttempts: 1, initialInterval: undefined },
      fallback: { onExhausted: 'skip' },
    });
    expect(resolved.timeouts).toEqual({ scheduleToStart: 1_000, startToClose: 10_000, heartbeat: 500 });
    expect(resolved.retry.maxAttempts).toBe(1);
    expect(resolved.retry.initialInterval).toBe(100);
    expect(resolved.fallback).toEqual({ alternates: ['backup'], autonomous: true, onExhausted: 'skip' });
    expect(resolved.taskQueue).toBe(policy.taskQueue);
  });

  it('returns the agent policy when there is nothing to override', () => {
    expect(resolveStepPolicy(policy, undefined)).toBe(policy);
  });
});
