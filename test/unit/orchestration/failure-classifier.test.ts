import {
  ActivityFailure,
  ApplicationFailure,
  CancelledFailure,
  RetryState,
  TimeoutFailure,
  TimeoutType,
} from '@temporalio/common';
import { classifyAgentFailure, describeReason } from '../../../src/orchestration/failure-classifier';

const activityFailure = (retryState: RetryState, cause?: Error) =>
  new ActivityFailure('activity failed', 'search', '1', retryState, 'worker-1', cause);

describe('classifyAgentFailure with the SDK failure classes', () => {
  it('schedule-to-start timeout means no agent is reachable', () => {
    const error = activityFailure(
      RetryState.NON_RETRYABLE_FAILURE,
      new TimeoutFailure('no worker', undefined, TimeoutType.SCHEDULE_TO_START),
    );
    expect(classifyAgentFailure(error)).toEqual({
      reason: 'no_agent_reachable',
      message: 'no worker',
      allAttemptsUsed: false,
    });
  });

  it('heartbeat timeout means the agent hung, even once retries ran out', () => {
    const error = activityFailure(
      RetryState.MAXIMUM_ATTEMPTS_REACHED,
      new TimeoutFailure('silent', undefined, TimeoutType.HEARTBEAT),
    );
    expect(classifyAgentFailure(error)).toEqual({ reason: 'agent_hung', message: 'silent', allAttemptsUsed: true });
  });

  it('a schedule-to-close timeout ends the branch as timed out; the attempt below it is an earlier one', () => {
    const previousAttempt = new TimeoutFailure('silent', undefined, TimeoutType.HEARTBEAT);
    const overall = Object.assign(new TimeoutFailure('budget spent', undefined, TimeoutType.SCHEDULE_TO_CLOSE), {});
    Object.defineProperty(overall, 'cause', { value: previousAttempt });
    expect(classifyAgentFailure(activityFailure(RetryState.TIMEOUT, overall))).toEqual({
      reason: 'timed_out',
      message: 'budget spent',
      allAttemptsUsed: false,
      earlierAttempts: [{ reason: 'agent_hung', message: 'silent' }],
    });
    const plain = activityFailure(
      RetryState.TIMEOUT,
      new TimeoutFailure('slow', undefined, TimeoutType.START_TO_CLOSE),
    );
    expect(classifyAgentFailure(plain).reason).toBe('timed_out');
  });

  it('a retryable application failure with attempts used up means retries exhausted', () => {
    const error = activityFailure(RetryState.MAXIMUM_ATTEMPTS_REACHED, ApplicationFailure.retryable('boom', 'Error'));
    expect(classifyAgentFailure(error)).toEqual({
      reason: 'retries_exhausted',
      message: 'boom',
      allAttemptsUsed: true,
    });
  });

  it('a non-retryable application failure is a rejection', () => {
    const error = activityFailure(
      RetryState.NON_RETRYABLE_FAILURE,
      ApplicationFailure.nonRetryable('bad input', 'ValidationError'),
    );
    expect(classifyAgentFailure(error).reason).toBe('agent_rejected');
    const byPolicy = activityFailure(
      RetryState.NON_RETRYABLE_FAILURE,
      ApplicationFailure.retryable('listed type', 'Listed'),
    );
    expect(classifyAgentFailure(byPolicy).reason).toBe('agent_rejected');
  });

  it('recognises Steadfast failure types', () => {
    const stale = activityFailure(
      RetryState.NON_RETRYABLE_FAILURE,
      ApplicationFailure.nonRetryable('old', 'StaleInstruction'),
    );
    expect(classifyAgentFailure(stale).reason).toBe('stale_instruction');
    const none = activityFailure(
      RetryState.NON_RETRYABLE_FAILURE,
      ApplicationFailure.nonRetryable('x', 'NoAutonomousHandler'),
    );
    expect(classifyAgentFailure(none).reason).toBe('no_autonomous_handler');
    const late = activityFailure(
      RetryState.NON_RETRYABLE_FAILURE,
      ApplicationFailure.nonRetryable('x', 'InstructionDeadlineExceeded'),
    );
    expect(classifyAgentFailure(late).reason).toBe('timed_out');
  });

  it('cancellation is recognised so the chain does not fall back', () => {
    expect(classifyAgentFailure(new CancelledFailure('cancelled')).reason).toBe('cancelled');
    expect(classifyAgentFailure(activityFailure(RetryState.CANCEL_REQUESTED, new CancelledFailure('x'))).reason).toBe(
      'cancelled',
    );
  });
});

describe('classifyAgentFailure with plain structural values', () => {
  it('works on minimal shapes', () => {
    expect(classifyAgentFailure({ name: 'ActivityFailure', cause: { timeoutType: 'HEARTBEAT' } }).reason).toBe(
      'agent_hung',
    );
    expect(classifyAgentFailure({ retryState: 'MAXIMUM_ATTEMPTS_REACHED' }).reason).toBe('retries_exhausted');
  });

  it('falls back to unknown and never throws on odd input', () => {
    expect(classifyAgentFailure(undefined)).toEqual({
      reason: 'unknown',
      message: 'no failure message',
      allAttemptsUsed: false,
    });
    expect(classifyAgentFailure('text').reason).toBe('unknown');
    const cyclic: { cause?: unknown; message: string } = { message: 'loop' };
    cyclic.cause = cyclic;
    expect(classifyAgentFailure(cyclic).reason).toBe('unknown');
  });
});

describe('describeReason', () => {
  it('says which timeout stands behind each reason', () => {
    expect(describeReason('no_agent_reachable')).toBe('no agent reachable (schedule-to-start timeout)');
    expect(describeReason('agent_hung')).toBe('agent hung (heartbeat timeout)');
    expect(describeReason('circuit_open')).toBe('circuit open');
  });
});

describe('earlier attempts of a branch (finding 8: a pool killed mid-step)', () => {
  it('keeps the hung attempt behind the final schedule-to-start timeout', () => {
    const hung = new TimeoutFailure('activity Heartbeat timeout', undefined, TimeoutType.HEARTBEAT);
    const unreachable = new TimeoutFailure(
      'activity ScheduleToStart timeout',
      undefined,
      TimeoutType.SCHEDULE_TO_START,
    );
    Object.defineProperty(unreachable, 'cause', { value: hung });
    const classified = classifyAgentFailure(activityFailure(RetryState.TIMEOUT, unreachable));
    expect(classified.reason).toBe('no_agent_reachable');
    expect(classified.message).toBe('activity ScheduleToStart timeout');
    expect(classified.earlierAttempts).toEqual([{ reason: 'agent_hung', message: 'activity Heartbeat timeout' }]);
  });

  it('has none when the final failure carries no earlier attempt', () => {
    const alone = new TimeoutFailure('no worker', undefined, TimeoutType.SCHEDULE_TO_START);
    expect(classifyAgentFailure(activityFailure(RetryState.TIMEOUT, alone)).earlierAttempts).toBeUndefined();
  });
});
