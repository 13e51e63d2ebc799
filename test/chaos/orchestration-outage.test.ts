/**
 * Failure-mode suite, scenario 6: every worker process killed while requests keep arriving, then brought back. The
 * backlog drains completely; orchestrations whose deadline passed during the outage end with DeadlineExceeded and
 * no agent acts on an expired instruction. (Drain rate against the pools' capacity is a benchmark figure: npm run chaos.)
 */
import { runOutageCascade } from '../support/chaos/scenarios/outage-cascade';
import { silentLog } from '../support/chaos/scenario-kit';
import { figureOf } from '../support/chaos/scenario-report';

jest.setTimeout(120_000);

test('after an outage of every worker, the backlog drains: nothing lost, nothing twice, expired work refused', async () => {
  const report = await runOutageCascade(
    {
      warmupMs: 5_000,
      outageMs: 8_000,
      arrivalsPerSecond: 5,
      workMs: 500,
      pools: 2,
      concurrency: 4,
      expiring: 4,
      agentHealth: true,
      settleWithinMs: 90_000,
    },
    silentLog,
  );
  expect(report).toMatchObject({ orchestrations: 69, completed: 65, failed: 4, refused: 0, lost: 0, duplicates: 0 });
  // Whose deadline passed while every worker was down: each failed with a typed reason, none acted.
  expect(figureOf(report, 'of them failed, typed')).toBe(4);
  expect(figureOf(report, 'their failure types')).toMatch(/^((DeadlineExceeded|StepFailed) × \d(, )?)+$/);
  expect(figureOf(report, 'side effects of theirs')).toBe(0);
  expect(report.ledger).toMatchObject({ effects: 65, staleActs: 0, actedAfterDeadline: 0 });
  // Requests kept arriving while every worker was down: they were waiting, and all of them completed afterwards.
  expect(figureOf(report, 'orchestrations waiting at the restart')).toBeGreaterThanOrEqual(40);
});
