/** State of the shared agent-health registry: each agent's recent outcomes and circuit breaker. */
import {
  allowsDispatch,
  closedBreaker,
  effectiveState,
  recordOutcome,
  reopensAt,
  type CircuitBreaker,
  type CircuitBreakerConfig,
  type CircuitState,
} from './circuit-breaker';
import type { FallbackReason } from './types';

export interface AgentOutcomeReport {
  readonly agent: string;
  readonly ok: boolean;
  readonly reason?: FallbackReason;
  /** Epoch ms at which the reporter observed the outcome. */
  readonly at: number;
  readonly orchestrationId?: string;
  readonly stepId?: string;
}

export interface AgentHealthEntry {
  readonly breaker: CircuitBreaker;
  /** Most recent outcomes, oldest first, bounded by `recentOutcomes`. */
  readonly recent: readonly AgentOutcomeReport[];
}

export interface HealthRegistryState {
  readonly agents: Readonly<Record<string, AgentHealthEntry>>;
}

export interface HealthRegistrySettings extends CircuitBreakerConfig {
  readonly recentOutcomes: number;
}

/** What an orchestration reads before dispatching: raw breakers, evaluated against its own clock. */
export interface HealthSnapshot {
  readonly breakerConfig: CircuitBreakerConfig;
  readonly breakers: Readonly<Record<string, CircuitBreaker>>;
}

export interface AgentHealthView {
  readonly agent: string;
  readonly state: CircuitState;
  readonly consecutiveFailures: number;
  readonly openedAt?: number;
  readonly reopensAt?: number;
  readonly recent: readonly AgentOutcomeReport[];
}

export function emptyHealthRegistry(): HealthRegistryState {
  return { agents: {} };
}

/**
 * Whether an outcome says something about the agent pool's health. Only signs of an unavailable or
 * broken pool count as failures; a deliberate non-retryable rejection shows the agent is alive.
 */
export function healthOutcomeFor(reason: FallbackReason | undefined): 'success' | 'failure' | 'ignore' {
  if (reason === undefined) return 'success';
  switch (reason) {
    case 'no_agent_reachable':
    case 'agent_hung':
    case 'retries_exhausted':
    case 'timed_out':
    case 'invalid_result':
      return 'failure';
    default:
      return 'ignore';
  }
}

export function applyAgentOutcome(
  state: HealthRegistryState,
  report: AgentOutcomeReport,
  settings: HealthRegistrySettings,
): HealthRegistryState {
  const entry = state.agents[report.agent] ?? { breaker: closedBreaker(), recent: [] };
  const recent = [...entry.recent, report].slice(-settings.recentOutcomes);
  const breaker = recordOutcome(entry.breaker, { ok: report.ok, at: report.at }, settings);
  return { agents: { ...state.agents, [report.agent]: { breaker, recent } } };
}

/** Operator override: forget an agent's failures and close its circuit. */
export function resetAgentHealth(state: HealthRegistryState, agent: string, at: number): HealthRegistryState {
  const entry = state.agents[agent];
  if (!entry) return state;
  return {
    agents: { ...state.agents, [agent]: { breaker: { ...closedBreaker(), changedAt: at }, recent: entry.recent } },
  };
}

export function healthSnapshot(
  state: HealthRegistryState,
  agents: readonly string[],
  settings: CircuitBreakerConfig,
): HealthSnapshot {
  const breakers: Record<string, CircuitBreaker> = {};
  for (const agent of agents) {
    const entry = state.agents[agent];
    if (entry) breakers[agent] = entry.breaker;
  }
  return { breakerConfig: { failureThreshold: settings.failureThreshold, cooldownMs: settings.cooldownMs }, breakers };
}

/**
 * Whether a snapshot shows nothing wrong with any of `agents`: each circuit closed with no failure since its last
 * success (an agent without a breaker has no outcome on record). Such a snapshot can only go stale by news of a
 * failure, which the orchestrations that meet it report at once.
 */
export function snapshotIsQuiet(snapshot: HealthSnapshot | null | undefined, agents: readonly string[]): boolean {
  if (!snapshot) return false;
  return agents.every((agent) => {
    const breaker = snapshot.breakers[agent];
    return breaker === undefined || (breaker.state === 'closed' && breaker.consecutiveFailures === 0);
  });
}

/** Agents not in the snapshot have no recorded failures and may be dispatched to. */
export function snapshotAllowsDispatch(snapshot: HealthSnapshot | undefined, agent: string, now: number): boolean {
  const breaker = snapshot?.breakers[agent];
  return breaker === undefined || allowsDispatch(breaker, now, snapshot!.breakerConfig);
}

export function healthView(state: HealthRegistryState, now: number, settings: CircuitBreakerConfig): AgentHealthView[] {
  return Object.keys(state.agents)
    .sort()
    .map((agent) => {
      const { breaker, recent } = state.agents[agent]!;
      const reopen = reopensAt(breaker, now, settings);
      return {
        agent,
        state: effectiveState(breaker, now, settings),
        consecutiveFailures: breaker.consecutiveFailures,
        ...(breaker.openedAt !== undefined ? { openedAt: breaker.openedAt } : {}),
        ...(reopen !== undefined ? { reopensAt: reopen } : {}),
        recent,
      };
    });
}

/** Signals come from outside; a malformed report is dropped rather than corrupting the registry. */
export function isAgentOutcomeReport(value: unknown): value is AgentOutcomeReport {
  const report = value as Partial<AgentOutcomeReport> | null;
  return (
    report !== null &&
    typeof report === 'object' &&
    typeof report.agent === 'string' &&
    report.agent !== '' &&
    typeof report.ok === 'boolean' &&
    typeof report.at === 'number' &&
    Number.isFinite(report.at)
  );
}
