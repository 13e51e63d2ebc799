/**
 * Where a step's time went under load, read from the orchestrations' own histories: how long its instruction waited
 * in the agents' queue, how long the agent attempt ran (as the server saw it, so it includes the pool's own handling),
 * and how long the orchestrator took from one step's result to the next step's instruction. With the agents' total
 * slot time, this says which side bounds the throughput.
 */
import type { temporal } from '@temporalio/proto';
import { activityTimeline } from '../support/activity-timeline';
import { summarizeLatencies, type LatencySummary } from '../../test/support/latency-stats';

type HistoryEvent = temporal.api.history.v1.IHistoryEvent;

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

/** Adds one orchestration run's activity timings to `into`; turnarounds are between consecutive (chained) steps. */
export function collectStepTimes(events: readonly HistoryEvent[], into: StepTimes): void {
  const activities = activityTimeline(events);
  activities.forEach((times, i) => {
    if (times.started !== undefined) into.queueWaitMs.push(times.started - times.scheduled);
    if (times.started !== undefined && times.completed !== undefined)
      into.agentAttemptMs.push(times.completed - times.started);
    const previous = activities[i - 1];
    if (previous?.completed !== undefined) into.orchestratorTurnaroundMs.push(times.scheduled - previous.completed);
  });
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
