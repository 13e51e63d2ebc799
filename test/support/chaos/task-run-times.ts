/**
 * How long workers held the workflow tasks they completed (started → completed), read from histories: the figure to
 * set against the workflow task timeout, which a live worker's task must stay under to not be taken for dead.
 */
import { formatSpread, summarizeLatencies } from '../latency-stats';
import type { OrchestrationTimeline } from './histories';

export interface TaskRun {
  readonly worker: string;
  /** Epoch ms the worker started the task. */
  readonly startedAt: number;
  readonly runMs: number;
}

/** Every workflow task a worker started and then completed; tasks that timed out or failed are left out. */
export function completedTaskRuns(timelines: readonly OrchestrationTimeline[]): TaskRun[] {
  const runs: TaskRun[] = [];
  for (const timeline of timelines) {
    let started: { at: number; poller: string } | undefined;
    for (const task of timeline.tasks) {
      if (task.kind === 'started') started = { at: task.at, poller: task.poller ?? '' };
      else if (task.kind === 'completed' && started !== undefined)
        runs.push({ worker: started.poller, startedAt: started.at, runMs: task.at - started.at });
      if (task.kind !== 'started' && task.kind !== 'scheduled') started = undefined;
    }
  }
  return runs;
}

/** p50 / p99 / max (ms) of the selected runs, their count, and how many ran longer than `overMs`. */
export function taskRunFigure(runs: readonly TaskRun[], select: (run: TaskRun) => boolean, overMs: number): string {
  const times = runs.filter(select).map((run) => run.runMs);
  if (times.length === 0) return '—';
  const summary = summarizeLatencies(times);
  const over = times.filter((ms) => ms > overMs).length;
  return `${formatSpread(summary)} (of ${times.length}, ${over} over ${overMs / 1000} s)`;
}
