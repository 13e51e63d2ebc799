import {
  applyAgentOutcome,
  emptyHealthRegistry,
  healthOutcomeFor,
  healthSnapshot,
  healthView,
  isAgentOutcomeReport,
  resetAgentHealth,
  snapshotAllowsDispatch,
  snapshotIsQuiet,
  type HealthRegistryState,
} from '../../../src/orchestration/agent-health';

const settings = { failureThreshold: 2, cooldownMs: 100, recentOutcomes: 3 };

function report(state: HealthRegistryState, agent: string, ok: boolean, at: number): HealthRegistryState {
  return applyAgentOutcome(state, { agent, ok, at, ...(ok ? {} : { reason: 'agent_hung' as const }) }, settings);
}

describe('agent-health registry state', () => {
  it('keeps a bounded window of recent outcomes per agent', () => {
    let state = emptyHealthRegistry();
    for (let at = 1; at <= 5; at++) state = report(state, 'search', true, at);
    expect(state.agents.search!.recent.map((r) => r.at)).toEqual([3, 4, 5]);
  });

  it('opens the circuit of the failing agent only', () => {
    let state = emptyHealthRegistry();
    state = report(state, 'search', false, 1);
    state = report(state, 'write', true, 1);
    state = report(state, 'search', false, 2);
    const view = healthView(state, 10, settings);
    expect(view.map((v) => [v.agent, v.state])).toEqual([
      ['search', 'open'],
      ['write', 'closed'],
    ]);
    expect(view[0]).toMatchObject({ openedAt: 2, reopensAt: 102, consecutiveFailures: 2 });
  });

  it('gives orchestrations raw breakers to evaluate against their own clock', () => {
    let state = emptyHealthRegistry();
    state = report(report(state, 'search', false, 1), 'search', false, 2);
    const snapshot = healthSnapshot(state, ['search', 'unknown'], settings);
    expect(Object.keys(snapshot.breakers)).toEqual(['search']);
    expect(snapshotAllowsDispatch(snapshot, 'search', 50)).toBe(false);
    expect(snapshotAllowsDispatch(snapshot, 'search', 102)).toBe(true);
    expect(snapshotAllowsDispatch(snapshot, 'unknown', 50)).toBe(true);
    expect(snapshotAllowsDispatch(undefined, 'search', 50)).toBe(true);
  });

  it('resets an agent on operator request', () => {
    let state = report(report(emptyHealthRegistry(), 'search', false, 1), 'search', false, 2);
    state = resetAgentHealth(state, 'search', 5);
    expect(healthView(state, 6, settings)[0]!.state).toBe('closed');
    expect(resetAgentHealth(state, 'nobody', 5)).toBe(state);
  });

  it('counts only signs of an unavailable pool as failures', () => {
    expect(healthOutcomeFor(undefined)).toBe('success');
    expect(healthOutcomeFor('no_agent_reachable')).toBe('failure');
    expect(healthOutcomeFor('agent_hung')).toBe('failure');
    expect(healthOutcomeFor('retries_exhausted')).toBe('failure');
    expect(healthOutcomeFor('invalid_result')).toBe('failure');
    expect(healthOutcomeFor('agent_rejected')).toBe('ignore');
    expect(healthOutcomeFor('stale_instruction')).toBe('ignore');
    expect(healthOutcomeFor('cancelled')).toBe('ignore');
  });

  it('validates reports arriving by signal', () => {
    expect(isAgentOutcomeReport({ agent: 'a', ok: true, at: 1 })).toBe(true);
    expect(isAgentOutcomeReport({ agent: '', ok: true, at: 1 })).toBe(false);
    expect(isAgentOutcomeReport({ agent: 'a', ok: 'yes', at: 1 })).toBe(false);
    expect(isAgentOutcomeReport(null)).toBe(false);
  });
});

describe('quiet snapshots', () => {
  it('is quiet while every agent asked about is closed with no failure since its last success, or has no record', () => {
    let state = emptyHealthRegistry();
    state = report(state, 'search', true, 1);
    expect(snapshotIsQuiet(healthSnapshot(state, ['search', 'write'], settings), ['search', 'write'])).toBe(true);
  });

  it('is not quiet once an agent has a failure on record or while its circuit is open, until a success closes it', () => {
    let state = report(emptyHealthRegistry(), 'search', false, 1);
    expect(state.agents.search!.breaker).toMatchObject({ state: 'closed', consecutiveFailures: 1 });
    expect(snapshotIsQuiet(healthSnapshot(state, ['search'], settings), ['search'])).toBe(false);
    state = report(state, 'search', false, 2);
    expect(state.agents.search!.breaker.state).toBe('open');
    expect(snapshotIsQuiet(healthSnapshot(state, ['search'], settings), ['search'])).toBe(false);
    state = report(state, 'search', true, 200);
    expect(snapshotIsQuiet(healthSnapshot(state, ['search'], settings), ['search'])).toBe(true);
  });

  it('judges only the agents asked about, and no snapshot is never quiet', () => {
    const state = report(report(emptyHealthRegistry(), 'search', false, 1), 'search', false, 2);
    const snapshot = healthSnapshot(state, ['search', 'write'], settings);
    expect(snapshotIsQuiet(snapshot, ['write'])).toBe(true);
    expect(snapshotIsQuiet(snapshot, ['write', 'search'])).toBe(false);
    expect(snapshotIsQuiet(undefined, ['write'])).toBe(false);
    expect(snapshotIsQuiet(null, [])).toBe(false);
  });
});
