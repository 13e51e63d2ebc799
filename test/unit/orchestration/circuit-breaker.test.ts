import {
  allowsDispatch,
  closedBreaker,
  effectiveState,
  recordOutcome,
  reopensAt,
  type CircuitBreaker,
} from '../../../src/orchestration/circuit-breaker';

const config = { failureThreshold: 3, cooldownMs: 1_000 };
const fail = (at: number) => ({ ok: false, at });
const ok = (at: number) => ({ ok: true, at });

function feed(breaker: CircuitBreaker, ...outcomes: { ok: boolean; at: number }[]): CircuitBreaker {
  return outcomes.reduce((b, outcome) => recordOutcome(b, outcome, config), breaker);
}

describe('circuit breaker', () => {
  it('stays closed below the failure threshold', () => {
    const breaker = feed(closedBreaker(), fail(1), fail(2));
    expect(effectiveState(breaker, 3, config)).toBe('closed');
    expect(breaker.consecutiveFailures).toBe(2);
  });

  it('a success resets the consecutive failure count', () => {
    const breaker = feed(closedBreaker(), fail(1), fail(2), ok(3), fail(4), fail(5));
    expect(effectiveState(breaker, 6, config)).toBe('closed');
  });

  it('opens after threshold consecutive failures and refuses dispatches', () => {
    const breaker = feed(closedBreaker(), fail(1), fail(2), fail(3));
    expect(breaker).toMatchObject({ state: 'open', openedAt: 3 });
    expect(allowsDispatch(breaker, 500, config)).toBe(false);
    expect(reopensAt(breaker, 500, config)).toBe(1_003);
  });

  it('becomes half-open once the cooldown elapsed', () => {
    const breaker = feed(closedBreaker(), fail(1), fail(2), fail(3));
    expect(effectiveState(breaker, 1_002, config)).toBe('open');
    expect(effectiveState(breaker, 1_003, config)).toBe('half_open');
    expect(allowsDispatch(breaker, 1_003, config)).toBe(true);
    expect(reopensAt(breaker, 1_003, config)).toBeUndefined();
  });

  it('closes on a successful trial in half-open', () => {
    const breaker = feed(closedBreaker(), fail(1), fail(2), fail(3), ok(1_500));
    expect(breaker).toEqual({ state: 'closed', consecutiveFailures: 0, changedAt: 1_500 });
  });

  it('reopens with a fresh cooldown on a failed trial', () => {
    const breaker = feed(closedBreaker(), fail(1), fail(2), fail(3), fail(1_500));
    expect(breaker).toMatchObject({ state: 'open', openedAt: 1_500 });
    expect(effectiveState(breaker, 2_400, config)).toBe('open');
    expect(effectiveState(breaker, 2_500, config)).toBe('half_open');
  });

  it('ignores outcomes while open before the cooldown (late results of earlier dispatches)', () => {
    const opened = feed(closedBreaker(), fail(1), fail(2), fail(3));
    expect(feed(opened, ok(10), fail(20))).toBe(opened);
  });

  it('ignores outcomes observed before the last transition', () => {
    const closedAgain = feed(closedBreaker(), fail(1), fail(2), fail(3), ok(1_500));
    expect(feed(closedAgain, fail(1_200), fail(1_300), fail(1_400))).toEqual(closedAgain);
  });
});
