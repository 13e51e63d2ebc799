/** How the throughput benchmark splits a step's time: queued, agent attempt, orchestrator turnaround. */
import { msToTs } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { collectStepTimes, emptyStepTimes, summarizeStepTimes } from '../../../../bench/throughput/step-stages';

const { EventType } = temporal.api.enums.v1;
type HistoryEvent = temporal.api.history.v1.IHistoryEvent;

/** One chain step: scheduled at `scheduled`, taken at `started`, answered at `completed`; ids from `firstId`. */
function step(firstId: number, scheduled: number, started: number, completed: number): HistoryEvent[] {
  const events = [
    { eventId: firstId, eventType: EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED, eventTime: msToTs(scheduled) },
    {
      eventId: firstId + 1,
      eventType: EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED,
      eventTime: msToTs(started),
      activityTaskStartedEventAttributes: { scheduledEventId: firstId },
    },
    {
      eventId: firstId + 2,
      eventType: EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED,
      eventTime: msToTs(completed),
      activityTaskCompletedEventAttributes: { scheduledEventId: firstId, startedEventId: firstId + 1 },
    },
  ];
  return events as unknown as HistoryEvent[];
}

test('a chain of steps splits into queue waits, agent attempts and the turnarounds between them', () => {
  const times = emptyStepTimes();
  collectStepTimes(
    [...step(5, 1_000, 1_040, 1_150), ...step(12, 1_180, 1_200, 1_300), ...step(20, 1_390, 1_391, 1_500)],
    times,
  );
  expect(times.queueWaitMs).toEqual([40, 20, 1]);
  expect(times.agentAttemptMs).toEqual([110, 100, 109]);
  expect(times.orchestratorTurnaroundMs).toEqual([30, 90]);
  expect(summarizeStepTimes(times).agentSlotMs).toBe(319);
});

test('runs add up, and a turnaround never spans two runs', () => {
  const times = emptyStepTimes();
  collectStepTimes(step(5, 0, 10, 110), times);
  collectStepTimes(step(5, 5_000, 5_010, 5_120), times);
  expect(times.orchestratorTurnaroundMs).toEqual([]);
  const stages = summarizeStepTimes(times);
  expect(stages.agentAttemptMs?.count).toBe(2);
  expect(stages.queueWaitMs?.p50Ms).toBe(10);
  expect(stages.orchestratorTurnaroundMs).toBeNull();
});
