import { checkInstructionFreshness, isDispatchAwaited } from '../../../src/orchestration/instruction';
import { idempotencyKeyFor, agentTaskQueue } from '../../../src/orchestration/names';
import { beginBranch, failBranch, newStepRecord, succeedStep } from '../../../src/orchestration/step-records';
import type { InstructionIdentity } from '../../../src/orchestration/types';

const identity: InstructionIdentity = {
  orchestrationId: 'o',
  stepId: 's',
  dispatch: 1,
  agent: 'search',
  mode: 'alternate',
  idempotencyKey: idempotencyKeyFor('o', 's'),
  deadline: 1_000,
};

describe('instruction freshness', () => {
  it('is fresh before its deadline when the orchestration awaits it or cannot tell', () => {
    expect(checkInstructionFreshness(identity, 999)).toEqual({ fresh: true });
    expect(checkInstructionFreshness(identity, 999, true)).toEqual({ fresh: true });
  });

  it('is stale past its deadline', () => {
    expect(checkInstructionFreshness(identity, 1_001)).toEqual({
      fresh: false,
      reason: 'instruction for step "s" of orchestration "o" expired at 1970-01-01T00:00:01.000Z',
    });
  });

  it('is stale when the orchestration no longer awaits it', () => {
    expect(checkInstructionFreshness(identity, 5, false)).toMatchObject({ fresh: false });
  });
});

describe('isDispatchAwaited', () => {
  it('is true only for the latest running dispatch of a running step', () => {
    const record = newStepRecord({ id: 's', kind: 'agent', agent: 'search' });
    const first = beginBranch(record, { mode: 'primary', agent: 'search' }, 0);
    expect(isDispatchAwaited(record, 0)).toBe(true);
    failBranch(record, first, 'agent_hung', 'silent', 1);
    const second = beginBranch(record, { mode: 'alternate', agent: 'backup' }, 1);
    expect(isDispatchAwaited(record, 0)).toBe(false);
    expect(isDispatchAwaited(record, 1)).toBe(true);
    succeedStep(record, second, 'ok', 1, 2);
    expect(isDispatchAwaited(record, 1)).toBe(false);
    expect(isDispatchAwaited(undefined, 0)).toBe(false);
  });
});

describe('names', () => {
  it('derives task queues and idempotency keys', () => {
    expect(agentTaskQueue('search')).toBe('steadfast.agent.search');
    expect(idempotencyKeyFor('orch-1', 'step-2')).toBe('orch-1/step-2');
  });
});
