import {
  admitRoutingDecision,
  initialRouterGuard,
  type RouterGuardState,
} from '../../../src/orchestration/router-guard';

const limits = { maxSteps: 5, loopThreshold: 3 };

function admitAll(decisions: { agent: string; input?: unknown }[], guardLimits = limits) {
  let state: RouterGuardState = initialRouterGuard();
  for (const [index, decision] of decisions.entries()) {
    const verdict = admitRoutingDecision(state, decision, guardLimits);
    if (verdict.kind !== 'dispatch') return { index, verdict };
    state = verdict.state;
  }
  return { index: -1, state };
}

describe('admitRoutingDecision', () => {
  it('admits distinct decisions and counts them', () => {
    const result = admitAll([{ agent: 'search', input: 'a' }, { agent: 'search', input: 'b' }, { agent: 'summarize' }]);
    expect(result.index).toBe(-1);
    expect(result.state?.dispatched).toBe(3);
  });

  it('detects the same decision repeated up to the threshold', () => {
    const result = admitAll([
      { agent: 'search', input: { q: 'x' } },
      { agent: 'write' },
      { agent: 'search', input: { q: 'x' } },
      { agent: 'search', input: { q: 'x' } },
    ]);
    expect(result.index).toBe(3);
    expect(result.verdict).toEqual({
      kind: 'loop',
      occurrences: 3,
      message: 'routing loop: the router chose agent "search" with identical input 3 times (loopThreshold is 3)',
    });
  });

  it('detects alternating loops (A, B, A, B, A)', () => {
    const result = admitAll([{ agent: 'a' }, { agent: 'b' }, { agent: 'a' }, { agent: 'b' }, { agent: 'a' }], {
      maxSteps: 10,
      loopThreshold: 3,
    });
    expect(result.index).toBe(4);
    expect(result.verdict?.kind).toBe('loop');
  });

  it('with threshold 2 the first repeat is a loop', () => {
    const result = admitAll(
      [
        { agent: 'a', input: 1 },
        { agent: 'a', input: 1 },
      ],
      { maxSteps: 10, loopThreshold: 2 },
    );
    expect(result).toMatchObject({ index: 1, verdict: { kind: 'loop', occurrences: 2 } });
  });

  it('stops at maxSteps', () => {
    const result = admitAll([1, 2, 3, 4, 5, 6].map((n) => ({ agent: 'work', input: n })));
    expect(result.index).toBe(5);
    expect(result.verdict).toEqual({ kind: 'max_steps', message: 'the router asked for step 6 but maxSteps is 5' });
  });

  it('does not mutate the previous state', () => {
    const before = initialRouterGuard();
    admitRoutingDecision(before, { agent: 'a' }, limits);
    expect(before).toEqual({ dispatched: 0, fingerprints: {} });
  });
});
