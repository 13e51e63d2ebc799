import {
  beginBranch,
  bypassBranch,
  cancelStep,
  describeStepFailure,
  failBranch,
  failStep,
  newStepRecord,
  settleApproval,
  skipStep,
  succeedStep,
  usedFallback,
} from '../../../src/orchestration/step-records';
import { stepStatus } from '../../../src/orchestration/status-view';

const primary = { mode: 'primary' as const, agent: 'search' };
const alternate = { mode: 'alternate' as const, agent: 'backup' };
const autonomous = { mode: 'autonomous' as const, agent: 'search' };

describe('step records', () => {
  it('records a clean success on the primary agent', () => {
    const record = newStepRecord({ id: 's1', kind: 'agent', agent: 'search', input: { q: 'x' } });
    const attempt = beginBranch(record, primary, 10);
    expect(record.state).toBe('running');
    succeedStep(record, attempt, 'answer', 2, 30);
    expect(record).toMatchObject({ state: 'succeeded', mode: 'primary', result: 'answer', startedAt: 10, endedAt: 30 });
    expect(record.fallbackReason).toBeUndefined();
    expect(usedFallback(record)).toBe(false);
    expect(stepStatus(record, 99)).toMatchObject({ attempts: 2, durationMs: 20, mode: 'primary' });
  });

  it('records which branch was taken and why the primary was abandoned', () => {
    const record = newStepRecord({ id: 's2', kind: 'agent', agent: 'search' });
    const first = beginBranch(record, primary, 0);
    failBranch(record, first, 'no_agent_reachable', 'no worker', 5);
    bypassBranch(record, alternate, 'circuit_open', 5);
    const last = beginBranch(record, autonomous, 6);
    succeedStep(record, last, 'cached', 1, 7);
    expect(record).toMatchObject({ state: 'succeeded', mode: 'autonomous', fallbackReason: 'no_agent_reachable' });
    expect(record.branches.map((b) => [b.dispatch, b.mode, b.outcome, b.reason])).toEqual([
      [0, 'primary', 'failed', 'no_agent_reachable'],
      [1, 'alternate', 'bypassed', 'circuit_open'],
      [2, 'autonomous', 'succeeded', undefined],
    ]);
    expect(usedFallback(record)).toBe(true);
    expect(stepStatus(record, 10).attempts).toBe(2);
  });

  it('explains an exhausted chain branch by branch', () => {
    const record = newStepRecord({ id: 's3', kind: 'agent', agent: 'search' });
    failBranch(record, beginBranch(record, primary, 0), 'agent_hung', 'no heartbeat', 1);
    bypassBranch(record, alternate, 'circuit_open', 1);
    failStep(record, describeStepFailure(record), 2);
    expect(record.state).toBe('failed');
    expect(record.error).toBe(
      'step "s3" exhausted its fallback chain: primary agent "search": agent hung (heartbeat timeout) (no heartbeat); ' +
        'alternate agent "backup": circuit open',
    );
  });

  it('skips a step and marks the mode', () => {
    const record = newStepRecord({ id: 's4', kind: 'agent', agent: 'search' });
    bypassBranch(record, primary, 'circuit_open', 1);
    skipStep(record, 1);
    expect(record).toMatchObject({ state: 'skipped', mode: 'skipped', fallbackReason: 'circuit_open' });
    expect(usedFallback(record)).toBe(true);
  });

  it('cancels in-flight branches but leaves settled steps alone', () => {
    const running = newStepRecord({ id: 'r', kind: 'agent', agent: 'search' });
    beginBranch(running, primary, 1);
    cancelStep(running, 9);
    expect(running.state).toBe('cancelled');
    expect(running.branches[0]).toMatchObject({ outcome: 'failed', reason: 'cancelled', endedAt: 9 });
    const done = newStepRecord({ id: 'd', kind: 'agent', agent: 'search' });
    succeedStep(done, beginBranch(done, primary, 1), 1, 1, 2);
    cancelStep(done, 9);
    expect(done.state).toBe('succeeded');
  });

  it('settles approvals by decision and rejection policy', () => {
    const approved = newStepRecord({ id: 'ok', kind: 'approval', agent: 'approval' });
    settleApproval(approved, { approved: true, by: 'ana', at: 5 }, 'fail', 5);
    expect(approved).toMatchObject({ state: 'succeeded', mode: 'approval', result: { approved: true, by: 'ana' } });

    const rejected = newStepRecord({ id: 'no', kind: 'approval', agent: 'approval' });
    settleApproval(rejected, { approved: false, by: 'bo', comment: 'too risky', at: 5 }, 'fail', 5);
    expect(rejected).toMatchObject({ state: 'failed', error: 'approval step "no" was rejected by bo: too risky' });

    const timedOut = newStepRecord({ id: 't', kind: 'approval', agent: 'approval' });
    settleApproval(timedOut, { approved: false, at: 5, timedOut: true }, 'continue', 5);
    expect(timedOut.state).toBe('succeeded');
  });

  it('keeps the reason of every abandoned attempt of a branch, not only the last', () => {
    const record = newStepRecord({ id: 's1', kind: 'agent', agent: 'search' });
    const attempt = beginBranch(record, primary, 10);
    failBranch(record, attempt, 'no_agent_reachable', 'activity ScheduleToStart timeout', 40, [
      { reason: 'agent_hung', message: 'activity Heartbeat timeout' },
    ]);
    expect(record.branches[0]!.earlierAttempts).toEqual([
      { reason: 'agent_hung', error: 'activity Heartbeat timeout' },
    ]);
    expect(stepStatus(record, 50).branches[0]!.earlierAttempts).toEqual([
      { reason: 'agent_hung', error: 'activity Heartbeat timeout' },
    ]);
    expect(describeStepFailure(record)).toContain('no agent reachable');
    expect(describeStepFailure(record)).toContain('after an attempt that ended with agent hung');
  });
});
