import { operationRefusal } from '../../../src/orchestration/operator-checks';
import { initialOrchestrationState, type OrchestrationState } from '../../../src/orchestration/orchestration-state';
import { awaitsApproval, visibilityValues } from '../../../src/orchestration/status-view';
import { markStarted, newStepRecord, settleApproval } from '../../../src/orchestration/step-records';

function reviewedRun(): OrchestrationState {
  return initialOrchestrationState({
    orchestrationId: 'o1',
    goal: 'g',
    mode: 'plan',
    startedAt: 0,
    steps: [
      newStepRecord({ id: 'draft', kind: 'agent', agent: 'writer' }),
      newStepRecord({ id: 'review', kind: 'approval', agent: 'approval', dependsOn: ['draft'], input: 'ok?' }),
    ],
  });
}

function waiting(): OrchestrationState {
  const state = reviewedRun();
  markStarted(state.steps[1]!, 10);
  return state;
}

describe('operator checks', () => {
  it('accepts approve and reject only for an approval step that waits now', () => {
    expect(operationRefusal(waiting(), 'approve', 'review')).toBeUndefined();
    expect(operationRefusal(waiting(), 'reject', 'review')).toBeUndefined();
  });

  it('refuses an approval step that does not wait yet, naming what it waits for', () => {
    expect(operationRefusal(reviewedRun(), 'approve', 'review')).toBe(
      'step "review" is not waiting for approval yet (it is pending; it waits once "draft" succeeded)',
    );
  });

  it('refuses unknown steps (listing the approval steps), agent steps and a missing step id', () => {
    expect(operationRefusal(waiting(), 'approve', 'nope')).toBe(
      'no step "nope" in this orchestration (approval steps: "review")',
    );
    expect(operationRefusal(waiting(), 'reject', 'draft')).toBe('step "draft" is an agent step, not an approval step');
    expect(operationRefusal(waiting(), 'approve', '')).toBe('approve needs the id of an approval step');
  });

  it('refuses a second decision, whether still pending in state or already settled on the step', () => {
    const decided = waiting();
    decided.approvals.review = { approved: true, by: 'alice', at: Date.UTC(2026, 11, 6) };
    expect(operationRefusal(decided, 'reject', 'review')).toBe(
      'step "review" was already decided: approved by alice at 2026-12-06T00:00:00.000Z',
    );
    const settled = waiting();
    settleApproval(settled.steps[1]!, { approved: false, at: 0, timedOut: true }, 'continue', 5);
    expect(operationRefusal(settled, 'approve', 'review')).toBe(
      'step "review" was already decided: rejected when its timeout passed at 1970-01-01T00:00:00.000Z',
    );
  });

  it('refuses approve while paused but lets a rejection through', () => {
    const paused = waiting();
    paused.paused = true;
    expect(operationRefusal(paused, 'approve', 'review')).toBe(
      'the orchestration is paused; resume it before approving',
    );
    expect(operationRefusal(paused, 'reject', 'review')).toBeUndefined();
  });

  it('refuses pause when paused, resume when not, and everything once the run has ended', () => {
    const state = waiting();
    expect(operationRefusal(state, 'resume')).toBe('the orchestration is not paused');
    expect(operationRefusal(state, 'pause')).toBeUndefined();
    state.paused = true;
    expect(operationRefusal(state, 'pause')).toBe('the orchestration is already paused');
    expect(operationRefusal(state, 'resume')).toBeUndefined();
    state.phase = 'completed';
    for (const operation of ['approve', 'reject', 'pause', 'resume', 'cancel'] as const) {
      expect(operationRefusal(state, operation, 'review')).toBe('the orchestration has already completed');
    }
  });

  it('publishes awaiting_approval only with the patch, while an undecided approval waits and the run is not paused', () => {
    const state = waiting();
    expect(awaitsApproval(state)).toBe(true);
    expect(visibilityValues(state).status).toBe('running');
    expect(visibilityValues(state, { awaitingApproval: true }).status).toBe('awaiting_approval');
    state.paused = true;
    expect(visibilityValues(state, { awaitingApproval: true }).status).toBe('paused');
    state.paused = false;
    state.approvals.review = { approved: true, at: 1 };
    expect(visibilityValues(state, { awaitingApproval: true }).status).toBe('running');
  });
});
