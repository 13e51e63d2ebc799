/**
 * Failure-mode suite, scenario 5b: a network partition cut for real with a TCP proxy between one of two orchestrator
 * worker processes and the server. Its orchestrations resume (on the other one, or on it once healed); nothing is
 * lost and no side effect happens twice.
 */
import { runOrchestratorPartition } from '../support/chaos/scenarios/partition-orchestrator';
import { silentLog } from '../support/chaos/scenario-kit';
import { figureOf, numericFigureOf } from '../support/chaos/scenario-report';

jest.setTimeout(120_000);

test('an orchestrator cut off from the server: its orchestrations resume, and it works again once healed', async () => {
  const report = await runOrchestratorPartition(
    {
      orchestrations: 56,
      arrivalIntervalMs: 250,
      workMs: 300,
      concurrency: 6,
      cutAfterMs: 2_000,
      cutForMs: 4_000,
      settleWithinMs: 90_000,
    },
    silentLog,
  );
  expect(report).toMatchObject({ orchestrations: 56, completed: 56, failed: 0, lost: 0, duplicates: 0 });
  expect(report.ledger).toMatchObject({ effects: 168, staleActs: 0, actedAfterDeadline: 0 });
  expect(figureOf(report, 'workflow tasks completed by the cut orchestrator during the cut')).toBe(0);
  expect(figureOf(report, 'heal → the cut orchestrator completes a workflow task again (ms)')).toBeGreaterThanOrEqual(
    0,
  );
  // Each orchestration it held when cut had a workflow task completed again, by the other orchestrator or by it.
  const held = numericFigureOf(report, 'orchestrations open on the cut orchestrator');
  const resumedElsewhere = numericFigureOf(report, 'of them resumed by the reachable one');
  const resumedByItself = numericFigureOf(report, 'of them resumed by the cut one once healed');
  // Without orchestrations on the cut orchestrator there was nothing to resume: the scenario would prove nothing.
  expect(held).toBeGreaterThan(0);
  expect(resumedElsewhere + resumedByItself).toBe(held);
});
