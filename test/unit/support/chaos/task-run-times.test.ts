import type { OrchestrationTimeline, WorkflowTaskEvent } from '../../../support/chaos/histories';
import { completedTaskRuns, taskRunFigure } from '../../../support/chaos/task-run-times';

const scheduled = (at: number): WorkflowTaskEvent => ({ kind: 'scheduled', at, queue: 'normal' });
const started = (at: number, poller: string): WorkflowTaskEvent => ({ kind: 'started', at, poller });
const completed = (at: number, identity: string): WorkflowTaskEvent => ({ kind: 'completed', at, identity });
const timedOut = (at: number): WorkflowTaskEvent => ({ kind: 'timed-out', at, timeout: 'start-to-close' });

const timeline: OrchestrationTimeline = {
  id: 'o-1',
  tasks: [
    scheduled(0),
    started(10, 'a'),
    completed(40, 'a'),
    scheduled(100),
    started(110, 'a'),
    timedOut(3_110),
    scheduled(3_110),
    started(3_500, 'b'),
    completed(5_600, 'b'),
  ],
};

test('pairs each started task with its completion, by the worker that started it; timed-out tasks are left out', () => {
  expect(completedTaskRuns([timeline])).toEqual([
    { worker: 'a', startedAt: 10, runMs: 30 },
    { worker: 'b', startedAt: 3_500, runMs: 2_100 },
  ]);
});

test('the figure gives p50 / p99 / max, the count, and how many ran longer than the limit', () => {
  const runs = completedTaskRuns([timeline]);
  expect(taskRunFigure(runs, () => true, 1_500)).toBe('30 / 2100 / 2100 (of 2, 1 over 1.5 s)');
  expect(taskRunFigure(runs, (run) => run.worker === 'b', 1_500)).toBe('2100 / 2100 / 2100 (of 1, 1 over 1.5 s)');
  expect(taskRunFigure(runs, (run) => run.worker === 'c', 1_500)).toBe('—');
});
