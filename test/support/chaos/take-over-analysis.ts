/**
 * Where a take-over's time goes, orchestration by orchestration, read from histories: from the kill of a worker to the
 * first workflow-task timeout, to the survivor picking the retry up, to the survivor completing it; and how many
 * timeouts (of which kind) and sticky-queue schedules each orchestration went through on the way. An orchestration
 * idle at the kill (waiting on its agents) needs no orchestrator until its next workflow task is scheduled, so its
 * recovery counts from then.
 */
import { formatSpread, summarizeLatencies, type LatencySummary } from '../latency-stats';
import type { OrchestrationTimeline } from './histories';
import type { ReportTable } from './scenario-report';

export interface OrchestrationTakeOver {
  readonly id: string;
  /**
   * In flight: a workflow task was due or running at the kill. Idle: its last task was completed, none due (counting a
   * completion the dead worker sent just before the kill that the server recorded just after).
   */
  readonly atKill: 'in-flight' | 'idle';
  /** Kill → it next needed an orchestrator: 0 when in flight, else when its next workflow task was scheduled. */
  readonly neededMs: number | null;
  /** Recovery: from when it needed an orchestrator (see neededMs) → the survivor completed a workflow task of it. */
  readonly recoveryMs: number | null;
  /** Kill → the first workflow task timed out; null when none timed out (the task moved without one). */
  readonly firstTimeoutMs: number | null;
  /** Kill → the survivor started a workflow task of the orchestration. */
  readonly retryDispatchedMs: number | null;
  /**
   * How long the task the survivor first started had waited in the server's queue (its scheduled event → started):
   * time spent waiting for a free survivor, not for the dead worker.
   */
  readonly queuedForSurvivorMs: number | null;
  /** Kill → the survivor completed a workflow task of it; null when it never did. */
  readonly resumedMs: number | null;
  readonly timeouts: number;
  readonly startToCloseTimeouts: number;
  readonly scheduleToStartTimeouts: number;
  /** Workflow tasks scheduled on a sticky queue between the kill and the survivor's first completion. */
  readonly stickySchedules: number;
}

export interface TakeOverSummary {
  /** Orchestrations the dead worker held: open at the kill, their latest workflow task completed by it. */
  readonly orchestrations: number;
  readonly resumed: number;
  readonly firstTimeout: LatencySummary | null;
  readonly retryDispatched: LatencySummary | null;
  readonly queuedForSurvivor: LatencySummary | null;
  readonly resumedAfter: LatencySummary | null;
  readonly inFlight: number;
  readonly idle: number;
  /** Kill → resumed, of the orchestrations in flight at the kill. */
  readonly recoveryInFlight: LatencySummary | null;
  /** Next workflow task scheduled → resumed, of the orchestrations idle at the kill. */
  readonly recoveryIdle: LatencySummary | null;
  /** Both together: the take-over's recovery. */
  readonly recovery: LatencySummary | null;
  /** How many orchestrations saw 0, 1, 2 ... workflow-task timeouts after the kill, by count. */
  readonly timeoutsPerOrchestration: Readonly<Record<number, number>>;
  readonly maxTimeoutsPerOrchestration: number;
  readonly startToCloseTimeouts: number;
  readonly scheduleToStartTimeouts: number;
  readonly stickySchedules: number;
}

export interface TakeOverParties {
  /** Epoch ms of the kill (or cut). */
  readonly at: number;
  readonly dead: string;
  readonly survivor: string;
}

/** Whether the dead worker held the orchestration when it died. */
export function heldBy(timeline: OrchestrationTimeline, parties: TakeOverParties): boolean {
  const completedBefore = timeline.tasks.filter((task) => task.at < parties.at && task.kind === 'completed');
  return (
    (timeline.closedAt === undefined || timeline.closedAt > parties.at) &&
    completedBefore.at(-1)?.identity === parties.dead
  );
}

export function takeOverOf(timeline: OrchestrationTimeline, parties: TakeOverParties): OrchestrationTakeOver {
  const after = timeline.tasks.filter((task) => task.at >= parties.at);
  const since = (at: number | undefined) => (at === undefined ? null : at - parties.at);
  const resumed = after.find((task) => task.kind === 'completed' && task.identity === parties.survivor);
  const upToResumed = after.filter((task) => resumed === undefined || task.at <= resumed.at);
  const timeouts = after.filter((task) => task.kind === 'timed-out');
  const firstStart = after.findIndex((task) => task.kind === 'started' && task.poller === parties.survivor);
  const scheduledBefore =
    firstStart < 0 ? undefined : [...after.slice(0, firstStart)].reverse().find((task) => task.kind === 'scheduled');
  // The dead worker's last completion can land just after the kill (sent before it): nothing was due from then on.
  const lateAnswer = after[0]?.kind === 'completed' && after[0].identity === parties.dead ? 1 : 0;
  const lastBeforeKill = timeline.tasks.filter((task) => task.at < parties.at).at(-1);
  const atKill = lateAnswer === 1 || lastBeforeKill?.kind === 'completed' ? 'idle' : 'in-flight';
  const neededMs =
    atKill === 'in-flight' ? 0 : since(after.slice(lateAnswer).find((task) => task.kind === 'scheduled')?.at);
  const resumedMs = since(resumed?.at);
  return {
    id: timeline.id,
    atKill,
    neededMs,
    recoveryMs: resumedMs === null || neededMs === null ? null : resumedMs - neededMs,
    firstTimeoutMs: since(timeouts[0]?.at),
    retryDispatchedMs: since(after.find((task) => task.kind === 'started' && task.poller === parties.survivor)?.at),
    queuedForSurvivorMs:
      firstStart < 0 || scheduledBefore === undefined ? null : after[firstStart]!.at - scheduledBefore.at,
    resumedMs,
    timeouts: timeouts.length,
    startToCloseTimeouts: timeouts.filter((task) => task.timeout === 'start-to-close').length,
    scheduleToStartTimeouts: timeouts.filter((task) => task.timeout === 'schedule-to-start').length,
    stickySchedules: upToResumed.filter((task) => task.kind === 'scheduled' && task.queue === 'sticky').length,
  };
}

function summaryOf(values: readonly (number | null)[]): LatencySummary | null {
  const present = values.filter((value): value is number => value !== null);
  return present.length > 0 ? summarizeLatencies(present) : null;
}

export function summarizeTakeOvers(takeOvers: readonly OrchestrationTakeOver[]): TakeOverSummary {
  const timeoutsPerOrchestration: Record<number, number> = {};
  for (const takeOver of takeOvers)
    timeoutsPerOrchestration[takeOver.timeouts] = (timeoutsPerOrchestration[takeOver.timeouts] ?? 0) + 1;
  const total = (pick: (takeOver: OrchestrationTakeOver) => number) =>
    takeOvers.reduce((sum, takeOver) => sum + pick(takeOver), 0);
  return {
    orchestrations: takeOvers.length,
    resumed: takeOvers.filter((takeOver) => takeOver.resumedMs !== null).length,
    firstTimeout: summaryOf(takeOvers.map((takeOver) => takeOver.firstTimeoutMs)),
    retryDispatched: summaryOf(takeOvers.map((takeOver) => takeOver.retryDispatchedMs)),
    queuedForSurvivor: summaryOf(takeOvers.map((takeOver) => takeOver.queuedForSurvivorMs)),
    resumedAfter: summaryOf(takeOvers.map((takeOver) => takeOver.resumedMs)),
    inFlight: takeOvers.filter((takeOver) => takeOver.atKill === 'in-flight').length,
    idle: takeOvers.filter((takeOver) => takeOver.atKill === 'idle').length,
    recoveryInFlight: summaryOf(takeOvers.filter((t) => t.atKill === 'in-flight').map((t) => t.recoveryMs)),
    recoveryIdle: summaryOf(takeOvers.filter((t) => t.atKill === 'idle').map((t) => t.recoveryMs)),
    recovery: summaryOf(takeOvers.map((takeOver) => takeOver.recoveryMs)),
    timeoutsPerOrchestration,
    maxTimeoutsPerOrchestration: Math.max(0, ...takeOvers.map((takeOver) => takeOver.timeouts)),
    startToCloseTimeouts: total((takeOver) => takeOver.startToCloseTimeouts),
    scheduleToStartTimeouts: total((takeOver) => takeOver.scheduleToStartTimeouts),
    stickySchedules: total((takeOver) => takeOver.stickySchedules),
  };
}

/** The take-over of every orchestration the dead worker held. */
export function analyzeTakeOver(
  timelines: readonly OrchestrationTimeline[],
  parties: TakeOverParties,
): { perOrchestration: OrchestrationTakeOver[]; summary: TakeOverSummary } {
  const perOrchestration = timelines
    .filter((timeline) => heldBy(timeline, parties))
    .map((timeline) => takeOverOf(timeline, parties));
  return { perOrchestration, summary: summarizeTakeOvers(perOrchestration) };
}

const ms = (summary: LatencySummary | null) => (summary === null ? '—' : formatSpread(summary));

/** The take-over as figures of a chaos report (times are p50 / p99 / max in ms). */
export function takeOverFigures(summary: TakeOverSummary): Record<string, string | number> {
  return {
    'kill → first workflow-task timeout p50 / p99 / max (ms)': ms(summary.firstTimeout),
    "kill → survivor starts the orchestration's workflow task p50 / p99 / max (ms)": ms(summary.retryDispatched),
    'of it, queued in the server for a free survivor p50 / p99 / max (ms)': ms(summary.queuedForSurvivor),
    'kill → survivor completes it p50 / p99 / max (ms)': ms(summary.resumedAfter),
    'in flight at the kill (a workflow task due or running) / idle (waiting on agents)': `${summary.inFlight} / ${summary.idle}`,
    'recovery of those in flight: kill → survivor completes p50 / p99 / max (ms)': ms(summary.recoveryInFlight),
    'recovery of those idle: next workflow task scheduled → survivor completes p50 / p99 / max (ms)': ms(
      summary.recoveryIdle,
    ),
    'recovery of all p50 / p99 / max (ms)': ms(summary.recovery),
    'workflow-task timeouts per orchestration (count: orchestrations)': Object.entries(summary.timeoutsPerOrchestration)
      .map(([count, orchestrations]) => `${count}: ${orchestrations}`)
      .join(', '),
    'most workflow-task timeouts of one orchestration': summary.maxTimeoutsPerOrchestration,
    'start-to-close / schedule-to-start timeouts': `${summary.startToCloseTimeouts} / ${summary.scheduleToStartTimeouts}`,
    'workflow tasks scheduled on a sticky queue before the survivor resumed': summary.stickySchedules,
  };
}

/** The slowest take-overs, one row each, to see which step their time went to. */
export function slowestTakeOvers(takeOvers: readonly OrchestrationTakeOver[], count: number): ReportTable {
  const cell = (value: number | null) => (value === null ? '—' : value);
  return {
    columns: [
      'slowest orchestrations',
      'at the kill',
      'needed (ms)',
      'first timeout (ms)',
      'survivor starts (ms)',
      'of it, queued for the survivor (ms)',
      'survivor completes (ms)',
      'recovery (ms)',
      'timeouts (start-to-close / schedule-to-start)',
      'sticky schedules',
    ],
    rows: [...takeOvers]
      .sort((a, b) => (b.recoveryMs ?? Infinity) - (a.recoveryMs ?? Infinity))
      .slice(0, count)
      .map((t) => [
        t.id,
        t.atKill,
        cell(t.neededMs),
        cell(t.firstTimeoutMs),
        cell(t.retryDispatchedMs),
        cell(t.queuedForSurvivorMs),
        cell(t.resumedMs),
        cell(t.recoveryMs),
        `${t.startToCloseTimeouts} / ${t.scheduleToStartTimeouts}`,
        t.stickySchedules,
      ]),
  };
}
