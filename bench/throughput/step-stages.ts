/**
 * Where a step's time went under load, read from the orchestrations' own histories: how long its instruction waited
 * in the agents' queue, how long the agent attempt ran (as the server saw it, so it includes the pool's own handling),
 * and how long the orchestrator took from one step's result to the next step's instruction. With the agents' total
 * slot time, this says which side bounds the throughput.
 */
import { tsToMs } from '@temporalio/common/lib/time';
import { temporal } from '@temporalio/proto';
import { summarizeLatencies, type LatencySummary } from '../latency-stats';

type HistoryEvent = temporal.api.history.v1.IHistoryEvent;

const { EventType } = temporal.api.enums.v1;

export interface StepStages {
  /** Instruction scheduled until an agent pool took it. */
  readonly queueWaitMs: LatencySummary | null;
  /** Taken until its result reached the server: the agent's own time plus the pool's handling and report. */
  readonly agentAttemptMs: LatencySummary | null;
  /** A step's result at the server until the orchestration's next instruction was scheduled. */
  readonly orchestratorTurnaroundMs: LatencySummary | null;
  /** Sum of every agent attempt, in milliseconds: the agent slot time the load used. */
  readonly agentSlotMs: number;
}

export interface StepTimes {
  readonly queueWaitMs: number[];
  readonly agentAttemptMs: number[];
  readonly orchestratorTurnaroundMs: number[];
}

/** Adds one orchestration run's activity timings to `into`; events in history order. */
export function collectStepTimes(events: readonly HistoryEvent[], into: StepTimes): void {
  const scheduledAt = new Map<number, number>();
  const startedAt = new Map<number, number>();
  let lastResultAt: number | undefined;
  for (const event of events) {
    const at = tsToMs(event.eventTime);
    switch (Number(event.eventType)) {
      case EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED:
        scheduledAt.set(Number(event.eventId), at);
        if (lastResultAt !== undefined) into.orchestratorTurnaroundMs.push(at - lastResultAt);
        lastResultAt = undefined;
        break;
      case EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED: {
        const scheduled = scheduledAt.get(Number(event.activityTaskStartedEventAttributes?.scheduledEventId));
        if (scheduled !== undefined) into.queueWaitMs.push(at - scheduled);
        startedAt.set(Number(event.eventId), at);
        break;
      }
      case EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED: {
        const started = startedAt.get(Number(event.activityTaskCompletedEventAttributes?.startedEventId));
        if (started !== undefined) into.agentAttemptMs.push(at - started);
        lastResultAt = at;
        break;
      }
    }
  }
}

export function summarizeStepTimes(times: StepTimes): StepStages {
  const summary = (values: number[]) => (values.length > 0 ? summarizeLatencies(values) : null);
  return {
    queueWaitMs: summary(times.queueWaitMs),
    agentAttemptMs: summary(times.agentAttemptMs),
    orchestratorTurnaroundMs: summary(times.orchestratorTurnaroundMs),
    agentSlotMs: times.agentAttemptMs.reduce((sum, ms) => sum + ms, 0),
  };
}

export function emptyStepTimes(): StepTimes {
  return { queueWaitMs: [], agentAttemptMs: [], orchestratorTurnaroundMs: [] };
}
