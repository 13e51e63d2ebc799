/** Where a take-over's time goes, per orchestration, from the workflow-task events of its history. */
import type { OrchestrationTimeline, WorkflowTaskEvent } from '../../../support/chaos/histories';
import { analyzeTakeOver } from '../../../support/chaos/take-over-analysis';

const KILL = 10_000;
const parties = { at: KILL, dead: 'a', survivor: 'b' };

function timeline(id: string, tasks: WorkflowTaskEvent[], closedAt?: number): OrchestrationTimeline {
  return { id, tasks, ...(closedAt !== undefined ? { closedAt } : {}) };
}

test('an orchestration caught inside a task: its timeout, the retry on the normal queue, the survivor picking it up', () => {
  const { perOrchestration, summary } = analyzeTakeOver(
    [
      timeline('inside', [
        { kind: 'completed', at: 9_000, identity: 'a' },
        { kind: 'scheduled', at: 9_500, queue: 'sticky' },
        { kind: 'started', at: 9_500, poller: 'a' },
        { kind: 'timed-out', at: 12_500, timeout: 'start-to-close' },
        { kind: 'scheduled', at: 12_500, queue: 'normal' },
        { kind: 'started', at: 12_700, poller: 'b' },
        { kind: 'completed', at: 12_900, identity: 'b' },
      ]),
      timeline('between', [
        { kind: 'completed', at: 9_800, identity: 'a' },
        { kind: 'scheduled', at: 10_100, queue: 'sticky' },
        { kind: 'timed-out', at: 11_100, timeout: 'schedule-to-start' },
        { kind: 'scheduled', at: 11_100, queue: 'normal' },
        { kind: 'started', at: 11_150, poller: 'b' },
        { kind: 'completed', at: 11_200, identity: 'b' },
      ]),
      // Held by the survivor, or closed before the kill: not part of the take-over.
      timeline('survivor-own', [{ kind: 'completed', at: 9_900, identity: 'b' }]),
      timeline('done-before', [{ kind: 'completed', at: 9_000, identity: 'a' }], 9_000),
    ],
    parties,
  );
  expect(perOrchestration).toEqual([
    {
      id: 'inside',
      atKill: 'in-flight',
      neededMs: 0,
      recoveryMs: 2_900,
      firstTimeoutMs: 2_500,
      retryDispatchedMs: 2_700,
      queuedForSurvivorMs: 200,
      resumedMs: 2_900,
      timeouts: 1,
      startToCloseTimeouts: 1,
      scheduleToStartTimeouts: 0,
      stickySchedules: 0,
    },
    {
      id: 'between',
      atKill: 'idle',
      neededMs: 100,
      recoveryMs: 1_100,
      firstTimeoutMs: 1_100,
      retryDispatchedMs: 1_150,
      queuedForSurvivorMs: 50,
      resumedMs: 1_200,
      timeouts: 1,
      startToCloseTimeouts: 0,
      scheduleToStartTimeouts: 1,
      stickySchedules: 1,
    },
  ]);
  expect(summary).toMatchObject({
    orchestrations: 2,
    resumed: 2,
    timeoutsPerOrchestration: { 1: 2 },
    maxTimeoutsPerOrchestration: 1,
    inFlight: 1,
    idle: 1,
  });
  expect(summary.resumedAfter?.maxMs).toBe(2_900);
  expect(summary.recoveryInFlight?.maxMs).toBe(2_900);
  expect(summary.recoveryIdle?.maxMs).toBe(1_100);
  expect(summary.recovery?.maxMs).toBe(2_900);
});

test('an orchestration the survivor never resumed counts as held but not resumed', () => {
  const { summary } = analyzeTakeOver(
    [
      timeline('stuck', [
        { kind: 'completed', at: 9_000, identity: 'a' },
        { kind: 'timed-out', at: 13_000 },
      ]),
    ],
    parties,
  );
  expect(summary).toMatchObject({ orchestrations: 1, resumed: 0, resumedAfter: null });
});

test('an orchestration idle at the kill recovers from when its next workflow task is scheduled, not from the kill', () => {
  const { perOrchestration, summary } = analyzeTakeOver(
    [
      timeline('idle', [
        { kind: 'completed', at: 9_000, identity: 'a' },
        // Its agent answers 6 s after the kill: only then does it need an orchestrator.
        { kind: 'scheduled', at: 16_000, queue: 'sticky' },
        { kind: 'timed-out', at: 17_000, timeout: 'schedule-to-start' },
        { kind: 'scheduled', at: 17_000, queue: 'normal' },
        { kind: 'started', at: 17_050, poller: 'b' },
        { kind: 'completed', at: 17_300, identity: 'b' },
      ]),
    ],
    parties,
  );
  expect(perOrchestration[0]).toMatchObject({ atKill: 'idle', neededMs: 6_000, resumedMs: 7_300, recoveryMs: 1_300 });
  expect(summary).toMatchObject({ inFlight: 0, idle: 1 });
  expect(summary.recoveryInFlight).toBeNull();
  expect(summary.recovery?.maxMs).toBe(1_300);
});

test('a completion the dead worker sent before the kill and the server recorded after it leaves the orchestration idle', () => {
  const { perOrchestration } = analyzeTakeOver(
    [
      timeline('answered-late', [
        { kind: 'completed', at: 9_000, identity: 'a' },
        { kind: 'scheduled', at: 9_500, queue: 'sticky' },
        { kind: 'started', at: 9_500, poller: 'a' },
        { kind: 'completed', at: 10_010, identity: 'a' },
        // Its agent answers 5 s later; the task goes to the dead worker's sticky queue, then to the survivor.
        { kind: 'scheduled', at: 15_000, queue: 'sticky' },
        { kind: 'timed-out', at: 16_000, timeout: 'schedule-to-start' },
        { kind: 'scheduled', at: 16_000, queue: 'normal' },
        { kind: 'started', at: 16_100, poller: 'b' },
        { kind: 'completed', at: 16_400, identity: 'b' },
      ]),
    ],
    parties,
  );
  expect(perOrchestration[0]).toMatchObject({ atKill: 'idle', neededMs: 5_000, resumedMs: 6_400, recoveryMs: 1_400 });
});
