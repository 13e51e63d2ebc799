/** What the demo's summary counts: modes, retries, fallback reasons, and orchestrations lost or effects duplicated. */
import { tallyDemo, type DemoOutcome } from '../../../../src/cli/demo/demo-tally';
import type { LedgerEntry } from '../../../../src/cli/demo/demo-ledger';
import type { StepStatus } from '../../../../src/orchestration/status-view';
import type { BranchAttempt } from '../../../../src/orchestration/types';

function branch(
  mode: BranchAttempt['mode'],
  outcome: BranchAttempt['outcome'],
  extra: Partial<BranchAttempt> = {},
): BranchAttempt {
  return { dispatch: 0, mode, agent: 'agent', outcome, startedAt: 0, ...extra };
}

function step(
  id: string,
  mode: StepStatus['mode'],
  branches: BranchAttempt[],
  fallbackReason?: StepStatus['fallbackReason'],
): StepStatus {
  return {
    id,
    kind: 'agent',
    agent: 'agent',
    state: 'succeeded',
    attempts: 1,
    branches,
    ...(mode ? { mode } : {}),
    ...(fallbackReason ? { fallbackReason } : {}),
  };
}

function completed(id: string, steps: StepStatus[]): DemoOutcome {
  return { id, result: { orchestrationId: id, status: 'completed', results: {}, fallbackCount: 0, steps } };
}

const effect = (key: string): LedgerEntry => ({ key, agent: 'agent', mode: 'primary', attempt: 1, pid: 1 });

test('counts steps by mode, retries within a branch, and fallback reasons', () => {
  const outcomes = [
    completed('o1', [
      step('research', 'primary', [branch('primary', 'succeeded', { agentAttempts: 3 })]),
      step(
        'draft',
        'alternate',
        [
          branch('primary', 'failed', { reason: 'agent_hung', agentAttempts: 1 }),
          branch('alternate', 'succeeded', { agentAttempts: 1 }),
        ],
        'agent_hung',
      ),
      step(
        'review',
        'autonomous',
        [branch('primary', 'bypassed', { reason: 'circuit_open' }), branch('autonomous', 'succeeded')],
        'circuit_open',
      ),
    ]),
  ];
  const tally = tallyDemo(outcomes, [effect('o1/research'), effect('o1/draft'), effect('o1/review')]);
  expect(tally).toEqual({
    orchestrations: 1,
    completed: 1,
    stepsByMode: { primary: 1, alternate: 1, autonomous: 1, other: 0 },
    retries: 2,
    fallbackReasons: { agent_hung: 1, circuit_open: 1 },
    lost: [],
    duplicated: [],
  });
});

test('an orchestration that did not complete, or whose step left no effect, is lost; an effect recorded twice is duplicated', () => {
  const outcomes: DemoOutcome[] = [
    { id: 'failed', failure: 'orchestration "failed" failed' },
    completed('no-effect', [step('research', 'primary', [branch('primary', 'succeeded')])]),
    completed('twice', [step('research', 'primary', [branch('primary', 'succeeded')])]),
  ];
  const tally = tallyDemo(outcomes, [effect('twice/research'), effect('twice/research'), effect('other-run/research')]);
  expect(tally.completed).toBe(2);
  expect(tally.lost).toEqual(['failed', 'no-effect']);
  expect(tally.duplicated).toEqual(['twice/research']);
});
