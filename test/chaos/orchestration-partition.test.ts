/**
 * Failure-mode suite, scenario 5: network partitions, cut for real with a TCP proxy between a worker process and the
 * server, for longer than the timeouts that must notice. Work moves to the reachable pool or the autonomous branch,
 * or to the reachable orchestrator; after the heal, the cut process works again and no side effect happens twice.
 */
import { runAgentPoolPartition } from '../support/chaos/scenarios/partition-agent-pool';
import { runOrchestratorPartition } from '../support/chaos/scenarios/partition-orchestrator';
import { silentLog } from '../support/chaos/scenario-kit';

jest.setTimeout(120_000);

test('an agent pool cut off from the server: its steps move to the reachable pool and the autonomous branch', async () => {
  const report = await runAgentPoolPartition(
    { orchestrations: 48, arrivalIntervalMs: 250, workMs: 300, concurrency: 6, cutForMs: 6_000, settleWithinMs: 90_000 },
    silentLog,
  );
  expect(report).toMatchObject({ orchestrations: 48, completed: 48, failed: 0, lost: 0, duplicates: 0 });
  expect(report.ledger).toMatchObject({ effects: 96, staleActs: 0, actedAfterDeadline: 0 });
  // Every step the cut pool held was dispatched again elsewhere.
  expect(report.figures['steps the cut pool held when cut']).toBeGreaterThan(0);
  expect(report.figures['of them dispatched again']).toBe(report.figures['steps the cut pool held when cut']);
  // While it was cut, the reachable pool took chaos-worker steps; chaos-solo steps it alone serves went to the
  // autonomous branch; after the heal it took work again.
  expect(report.figures['executions begun during the cut on the reachable pool']).toBeGreaterThan(0);
  expect(report.figures['executions on the autonomous branch']).toBeGreaterThan(0);
  expect(report.figures['heal → the cut pool takes work again']).not.toBe('— ms');
});

test('an orchestrator cut off from the server: its orchestrations resume elsewhere, and it works again once healed', async () => {
  const report = await runOrchestratorPartition(
    { orchestrations: 40, arrivalIntervalMs: 250, workMs: 300, concurrency: 6, cutAfterMs: 2_000, cutForMs: 4_000, settleWithinMs: 90_000 },
    silentLog,
  );
  expect(report).toMatchObject({ orchestrations: 40, completed: 40, failed: 0, lost: 0, duplicates: 0 });
  expect(report.ledger).toMatchObject({ effects: 120, staleActs: 0, actedAfterDeadline: 0 });
  expect(report.figures['workflow tasks completed by the cut orchestrator during the cut']).toBe(0);
  expect(report.figures['heal → the cut orchestrator completes a workflow task again']).not.toBe('— ms');
  expect(report.recoveryMs).not.toBeNull();
});
