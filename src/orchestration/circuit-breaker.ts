/**
 * Circuit breaker state machine for one agent: closed -> open after consecutive failures,
 * open -> half-open after a cooldown, half-open -> closed on success or back to open on failure.
 * Time is always passed in (epoch ms) so the machine is deterministic and testable.
 */

export type CircuitState = 'closed' | 'open' | 'half_open';

export interface CircuitBreakerConfig {
  /** Consecutive failures that open the circuit. */
  readonly failureThreshold: number;
  /** How long an open circuit refuses dispatches before allowing a trial. */
  readonly cooldownMs: number;
}

export interface CircuitBreaker {
  /** Stored state; half-open is never stored: an open breaker is half-open once its cooldown has elapsed. */
  readonly state: 'closed' | 'open';
  readonly consecutiveFailures: number;
  readonly openedAt?: number;
  /** Time of the last state change; older outcomes cannot change the state any more. */
  readonly changedAt?: number;
}

export interface BreakerOutcome {
  readonly ok: boolean;
  /** When the outcome was observed (epoch ms). */
  readonly at: number;
}

export function closedBreaker(): CircuitBreaker {
  return { state: 'closed', consecutiveFailures: 0 };
}

export function effectiveState(breaker: CircuitBreaker, now: number, config: CircuitBreakerConfig): CircuitState {
  if (breaker.state === 'open' && breaker.openedAt !== undefined && now - breaker.openedAt >= config.cooldownMs) {
    return 'half_open';
  }
  return breaker.state;
}

/** Closed and half-open circuits accept dispatches (half-open ones as trials); open ones do not. */
export function allowsDispatch(breaker: CircuitBreaker, now: number, config: CircuitBreakerConfig): boolean {
  return effectiveState(breaker, now, config) !== 'open';
}

/** When an open circuit will accept a trial dispatch, if it is open at `now`. */
export function reopensAt(breaker: CircuitBreaker, now: number, config: CircuitBreakerConfig): number | undefined {
  if (effectiveState(breaker, now, config) !== 'open' || breaker.openedAt === undefined) return undefined;
  return breaker.openedAt + config.cooldownMs;
}

export function recordOutcome(
  breaker: CircuitBreaker,
  outcome: BreakerOutcome,
  config: CircuitBreakerConfig,
): CircuitBreaker {
  // An outcome observed before the last transition describes the agent as it was, not as it is.
  if (breaker.changedAt !== undefined && outcome.at < breaker.changedAt) return breaker;
  const state = effectiveState(breaker, outcome.at, config);
  switch (state) {
    case 'closed':
      if (outcome.ok) return breaker.consecutiveFailures === 0 ? breaker : { ...breaker, consecutiveFailures: 0 };
      return breaker.consecutiveFailures + 1 >= config.failureThreshold
        ? open(outcome.at, breaker.consecutiveFailures + 1)
        : { ...breaker, consecutiveFailures: breaker.consecutiveFailures + 1 };
    case 'half_open':
      return outcome.ok
        ? { state: 'closed', consecutiveFailures: 0, changedAt: outcome.at }
        : open(outcome.at, breaker.consecutiveFailures + 1);
    case 'open':
      // Outcomes of dispatches made before the circuit opened; the cooldown decides when to try again.
      return breaker;
  }
}

function open(at: number, consecutiveFailures: number): CircuitBreaker {
  return { state: 'open', consecutiveFailures, openedAt: at, changedAt: at };
}
