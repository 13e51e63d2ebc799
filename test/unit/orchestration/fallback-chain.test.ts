import { buildFallbackChain, selectBranch, shouldFallBack } from '../../../src/orchestration/fallback-chain';

const policy = { alternates: ['backup', 'primary', 'backup', 'spare'], autonomous: true, onExhausted: 'fail' as const };

describe('buildFallbackChain', () => {
  it('orders primary, alternates (deduplicated), then the autonomous branch', () => {
    expect(buildFallbackChain('primary', policy)).toEqual([
      { mode: 'primary', agent: 'primary' },
      { mode: 'alternate', agent: 'backup' },
      { mode: 'alternate', agent: 'spare' },
      { mode: 'autonomous', agent: 'primary' },
    ]);
  });

  it('leaves out the autonomous branch when disabled', () => {
    expect(buildFallbackChain('p', { alternates: [], autonomous: false, onExhausted: 'skip' })).toEqual([
      { mode: 'primary', agent: 'p' },
    ]);
  });
});

describe('selectBranch', () => {
  const chain = buildFallbackChain('primary', policy);
  const allUp = () => true;

  it('runs the primary when it can be dispatched', () => {
    expect(selectBranch(chain, 0, allUp, 'fail')).toEqual({ kind: 'run', index: 0, branch: chain[0], bypassed: [] });
  });

  it('moves on to the next branch after a failure', () => {
    expect(selectBranch(chain, 1, allUp, 'fail')).toMatchObject({
      kind: 'run',
      index: 1,
      branch: { mode: 'alternate', agent: 'backup' },
    });
  });

  it('bypasses agents whose circuit is open, recording why', () => {
    const open = new Set(['primary', 'backup']);
    const selection = selectBranch(chain, 0, (agent) => !open.has(agent), 'fail');
    expect(selection).toEqual({
      kind: 'run',
      index: 2,
      branch: { mode: 'alternate', agent: 'spare' },
      bypassed: [
        { index: 0, branch: chain[0], reason: 'circuit_open' },
        { index: 1, branch: chain[1], reason: 'circuit_open' },
      ],
    });
  });

  it('runs the autonomous branch even when the primary circuit is open', () => {
    const selection = selectBranch(chain, 0, () => false, 'fail');
    expect(selection).toMatchObject({ kind: 'run', index: 3, branch: { mode: 'autonomous', agent: 'primary' } });
    expect(selection.bypassed).toHaveLength(3);
  });

  it('ends with skip or fail when the chain is exhausted', () => {
    expect(selectBranch(chain, 4, allUp, 'skip')).toEqual({ kind: 'exhausted', outcome: 'skip', bypassed: [] });
    const noAutonomous = buildFallbackChain('p', { alternates: ['q'], autonomous: false, onExhausted: 'fail' });
    expect(selectBranch(noAutonomous, 0, () => false, 'fail')).toMatchObject({ kind: 'exhausted', outcome: 'fail' });
  });
});

describe('shouldFallBack', () => {
  it('falls back on every failure except cancellation', () => {
    expect(shouldFallBack('no_agent_reachable')).toBe(true);
    expect(shouldFallBack('agent_hung')).toBe(true);
    expect(shouldFallBack('retries_exhausted')).toBe(true);
    expect(shouldFallBack('agent_rejected')).toBe(true);
    expect(shouldFallBack('cancelled')).toBe(false);
  });
});
