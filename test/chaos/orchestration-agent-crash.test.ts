/**
 * Failure-mode suite, scenario 2a: an agent pool process is killed with SIGKILL while it runs steps. The heartbeat
 * timeout catches each interrupted step and the surviving pool process runs it: nothing lost, no side effect twice.
 */
import { runAgentCrash } from '../support/chaos/scenarios/agent-crash';
import { silentLog } from '../support/chaos/scenario-kit';
import { figureOf } from '../support/chaos/scenario-report';

jest.setTimeout(120_000);

test('a pool process killed mid-step: every interrupted step is retried on the surviving process', async () => {
  const report = await runAgentCrash(
    {
      orchestrations: 30,
      stepsPerOrchestration: 2,
      workMs: 600,
      concurrency: 6,
      killAfterShare: 0.2,
      settleWithinMs: 90_000,
    },
    silentLog,
  );
  expect(report).toMatchObject({ orchestrations: 30, completed: 30, failed: 0, lost: 0, duplicates: 0 });
  expect(report.ledger).toMatchObject({ effects: 60, staleActs: 0, actedAfterDeadline: 0 });
  expect(figureOf(report, 'steps interrupted by the kill')).toBeGreaterThan(0);
  expect(figureOf(report, 'retried on the other pool process')).toBe(figureOf(report, 'steps interrupted by the kill'));
});
