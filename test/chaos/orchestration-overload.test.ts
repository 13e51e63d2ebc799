/**
 * Failure-mode suite, scenario 3: overload. Batches submitted at once against fixed pools, through a client with
 * admission control: every orchestration completes or is refused up front with the typed overload error; nothing
 * times out, fails or is lost. (Throughput and latency per level are benchmark figures: npm run chaos.)
 */
import { runOverload } from '../support/chaos/scenarios/overload';
import { silentLog } from '../support/chaos/scenario-kit';

jest.setTimeout(120_000);

test('past maxInFlight, orchestrations are refused up front with a typed overload error; all the others complete', async () => {
  const report = await runOverload(
    {
      levels: [20, 60],
      maxInFlight: 40,
      stepsPerOrchestration: 1,
      workMs: 100,
      pools: 2,
      concurrency: 4,
      agentHealth: true,
      settleWithinMs: 90_000,
    },
    silentLog,
  );
  expect(report.levels.map((level) => [level.submitted, level.completed + level.refused, level.failedOrLost])).toEqual([
    [20, 20, 0],
    [60, 60, 0],
  ]);
  // The first level fits under the limit; the second is submitted at once, so exactly the excess is refused.
  expect(report.levels.map((level) => level.refused)).toEqual([0, 20]);
  expect(report).toMatchObject({ orchestrations: 80, completed: 60, refused: 20, failed: 0, lost: 0, duplicates: 0 });
  expect(report.ledger).toMatchObject({ effects: 60, reRunsAbsorbed: 0, abandoned: 0 });
});
