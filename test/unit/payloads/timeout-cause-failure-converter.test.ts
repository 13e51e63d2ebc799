import {
  ActivityFailure,
  DefaultFailureConverter,
  TimeoutFailure,
  TimeoutType,
  defaultPayloadConverter,
  type ProtoFailure,
} from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { classifyAgentFailure } from '../../../src/orchestration/failure-classifier';
import { dataConverterWith } from '../../../src/payloads/payload-storage';
import { TimeoutCauseFailureConverter, failureConverter } from '../../../src/payloads/timeout-cause-failure-converter';

const { TimeoutType: ProtoTimeoutType, RetryState: ProtoRetryState } = temporal.api.enums.v1;

/** What a workflow receives when a retried agent activity finally times out (Temporal's shape, see the server). */
function hungThenUnreachable(): ProtoFailure {
  return {
    message: 'Activity task timed out',
    activityFailureInfo: {
      activityType: { name: 'search' },
      activityId: 'step#0',
      retryState: ProtoRetryState.RETRY_STATE_TIMEOUT,
    },
    cause: {
      message: 'activity ScheduleToStart timeout',
      source: 'Server',
      timeoutFailureInfo: { timeoutType: ProtoTimeoutType.TIMEOUT_TYPE_SCHEDULE_TO_START },
      cause: {
        message: 'activity Heartbeat timeout',
        source: 'Server',
        timeoutFailureInfo: {
          timeoutType: ProtoTimeoutType.TIMEOUT_TYPE_HEARTBEAT,
          lastHeartbeatDetails: { payloads: [defaultPayloadConverter.toPayload({ progress: 'half way' })] },
        },
      },
    },
  };
}

test("a timeout keeps the earlier attempt's failure as its cause", () => {
  const error = failureConverter.failureToError(hungThenUnreachable(), defaultPayloadConverter);
  expect(error).toBeInstanceOf(ActivityFailure);
  const timeout = error.cause as TimeoutFailure;
  expect(timeout).toBeInstanceOf(TimeoutFailure);
  expect(timeout).toMatchObject({ timeoutType: TimeoutType.SCHEDULE_TO_START });
  expect(timeout?.cause).toBeInstanceOf(TimeoutFailure);
  expect(timeout?.cause).toMatchObject({
    message: 'activity Heartbeat timeout',
    timeoutType: TimeoutType.HEARTBEAT,
    lastHeartbeatDetails: { progress: 'half way' },
  });
});

test('with it, the step records the hung attempt behind "no agent reachable"; the SDK default loses it', () => {
  const kept = classifyAgentFailure(failureConverter.failureToError(hungThenUnreachable(), defaultPayloadConverter));
  expect(kept.reason).toBe('no_agent_reachable');
  expect(kept.earlierAttempts).toEqual([{ reason: 'agent_hung', message: 'activity Heartbeat timeout' }]);

  const sdkDefault = new DefaultFailureConverter().failureToError(hungThenUnreachable(), defaultPayloadConverter);
  expect(classifyAgentFailure(sdkDefault).earlierAttempts).toBeUndefined();
});

test('a timeout without a cause and every other failure convert as the SDK default does', () => {
  const ours = new TimeoutCauseFailureConverter();
  const sdkDefault = new DefaultFailureConverter();
  const alone: ProtoFailure = {
    message: 'activity StartToClose timeout',
    timeoutFailureInfo: { timeoutType: ProtoTimeoutType.TIMEOUT_TYPE_START_TO_CLOSE },
  };
  const application: ProtoFailure = {
    message: 'refused',
    applicationFailureInfo: { type: 'Refused', nonRetryable: true },
    cause: { message: 'inner', applicationFailureInfo: { type: 'Inner' } },
  };
  for (const failure of [alone, application]) {
    const converted = ours.failureToError(failure, defaultPayloadConverter);
    const expected = sdkDefault.failureToError(failure, defaultPayloadConverter);
    expect(converted.constructor).toBe(expected.constructor);
    expect({ ...converted, cause: converted.cause }).toEqual({ ...expected, cause: expected.cause });
  }
  expect(ours.failureToError(alone, defaultPayloadConverter).cause).toBeUndefined();
});

test('every worker and client gets it by path, so workflow bundles carry it too', async () => {
  const { dataConverter } = dataConverterWith(undefined);
  expect(dataConverter.externalStorage).toBeUndefined();
  const loaded = (await import(dataConverter.failureConverterPath!)) as { failureConverter?: unknown };
  expect(loaded.failureConverter).toBeInstanceOf(TimeoutCauseFailureConverter);
});
