/**
 * Failure-mode suite, scenarios 4a–4c: failures of logic rather than machines. A routing loop is ended by the loop
 * guard; an agent deadlocked on another is ended by its timeouts and settled by the fallback; invalid configuration is
 * refused at start, naming the field, while orchestrations run. (4d, a broken release: orchestration-bad-release.)
 */
import { runAgentDeadlock } from '../support/chaos/scenarios/agent-deadlock';
import { runInvalidConfig } from '../support/chaos/scenarios/invalid-config';
import { runRoutingLoop } from '../support/chaos/scenarios/routing-loop';
import { silentLog } from '../support/chaos/scenario-kit';
import { figureOf } from '../support/chaos/scenario-report';

jest.setTimeout(120_000);

test('a routing loop is stopped by the loop guard after a bounded number of steps; the other orchestrations complete', async () => {
  const report = await runRoutingLoop(
    { orchestrations: 6, loopThreshold: 3, workMs: 50, settleWithinMs: 60_000 },
    silentLog,
  );
  expect(report).toMatchObject({ orchestrations: 12, completed: 6, failed: 6, lost: 0, duplicates: 0 });
  expect(figureOf(report, 'ended with RoutingLoopDetected')).toBe(6);
  // Two identical decisions are admitted, the third is the loop: two agent steps per looping orchestration.
  expect(figureOf(report, 'agent steps run by looping orchestrations')).toBe(12);
  expect(figureOf(report, 'first failure message')).toContain(
    'routing loop: the router chose agent "chaos-worker" with identical input 3 times',
  );
});

test('an agent deadlocked on another is ended by start-to-close, and the autonomous branch settles the step', async () => {
  const report = await runAgentDeadlock({ orchestrations: 6, workMs: 50, settleWithinMs: 60_000 }, silentLog);
  expect(report).toMatchObject({ orchestrations: 6, completed: 6, viaFallback: 6, failed: 0, lost: 0, duplicates: 0 });
  expect(report.ledger).toMatchObject({ effects: 12, staleActs: 0 });
  // Every waiting attempt of "draft" was ended and the step dispatched again: a retry, then the autonomous branch.
  expect(figureOf(report, 'waiting executions')).toBeGreaterThanOrEqual(6);
  expect(figureOf(report, 'of them dispatched again')).toBe(figureOf(report, 'waiting executions'));
});

test('invalid configuration is refused at start, naming the field, while running orchestrations complete', async () => {
  const report = await runInvalidConfig({ orchestrations: 10, workMs: 200, settleWithinMs: 60_000 }, silentLog);
  expect(report).toMatchObject({ orchestrations: 13, completed: 10, refused: 3, failed: 0, lost: 0, duplicates: 0 });
  expect(report.rejections.map((r) => [r.what, r.message])).toEqual([
    ['request invalid-dependency', expect.stringContaining('plan.steps[1].dependsOn')],
    [
      'request invalid-timeouts',
      expect.stringContaining('plan.steps[0].timeouts.heartbeat: must not be longer than startToClose'),
    ],
    ['request invalid-goal', expect.stringContaining('goal: must not be empty')],
    [
      'agent pool with a corrupt agents module',
      expect.stringMatching(
        /invalid agent "summarize": timeouts\.heartbeat: expected a duration.*got "every now and then"/,
      ),
    ],
    [
      'orchestrator with an out-of-range flag',
      expect.stringContaining('--max-concurrent-workflow-task-executions: Too small'),
    ],
  ]);
});
