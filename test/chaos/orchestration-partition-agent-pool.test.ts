/**
 * Failure-mode suite, scenario 5a: a network partition cut for real with a TCP proxy between an agent pool process
 * and the server, longer than the heartbeat and schedule-to-start timeouts. The steps it held are dispatched again
 * elsewhere, steps for the agent only it serves go to the autonomous branch, and once healed it takes work again;
 * no side effect happens twice. Steps take longer than the heartbeat timeout, so the steps the cut pool holds would
 * act after the server moved them elsewhere, were it not for the pool stopping them when its lease lapses.
 */
import { runAgentPoolPartition } from '../support/chaos/scenarios/partition-agent-pool';
import { CHAOS_WORKER } from '../support/chaos/chaos-agents';
import { silentLog } from '../support/chaos/scenario-kit';
import { figureOf } from '../support/chaos/scenario-report';

jest.setTimeout(120_000);

test('an agent pool cut off from the server stops the steps it holds; they are dispatched elsewhere, and it takes work again once healed', async () => {
  const report = await runAgentPoolPartition(
    // Arrivals go on for seconds after the heal, so the healed pool has work to take once it has reconnected. The first
    // step goes to chaos-worker, which the reachable pool serves too: what the cut pool held moves there at once.
    {
      orchestrations: 56,
      arrivalIntervalMs: 250,
      workMs: 2_500,
      concurrency: 6,
      cutForMs: 6_000,
      settleWithinMs: 90_000,
      firstAgent: CHAOS_WORKER,
    },
    silentLog,
  );
  expect(report).toMatchObject({ orchestrations: 56, completed: 56, failed: 0, lost: 0, duplicates: 0 });
  expect(report.ledger).toMatchObject({ effects: 112, staleActs: 0, actedAfterDeadline: 0 });
  // Every step the cut pool held was dispatched again elsewhere.
  expect(figureOf(report, 'steps the cut pool held when cut')).toBeGreaterThan(0);
  expect(figureOf(report, 'of them dispatched again')).toBe(figureOf(report, 'steps the cut pool held when cut'));
  // The cut pool stopped them itself, before the server could dispatch them elsewhere: no stale instruction acted.
  expect(figureOf(report, 'of them stopped by the cut pool itself before acting')).toBeGreaterThan(0);
  // chaos-solo steps, which only the cut pool serves, went to the autonomous branch; after the heal it took work again.
  expect(figureOf(report, 'executions on the autonomous branch')).toBeGreaterThan(0);
  expect(figureOf(report, 'heal → the cut pool takes work again (ms)')).toBeGreaterThanOrEqual(0);
});
