/**
 * Failure-mode suite, scenario 4d: a broken workflow release is deployed mid-batch. Its workflow tasks fail, and the
 * orchestrations wait for a fixed release instead of failing or being lost; once it is deployed, all complete. The
 * batch's histories then replay cleanly on the current code and fail with a determinism error on a reordered change.
 */
import { runBadRelease } from '../support/chaos/scenarios/bad-release';
import { silentLog } from '../support/chaos/scenario-kit';
import { figureOf } from '../support/chaos/scenario-report';

jest.setTimeout(120_000);

test('a broken release fails workflow tasks without losing runs; the fixed release completes them all; replay catches non-determinism', async () => {
  const report = await runBadRelease(
    { orchestrations: 12, stepsPerOrchestration: 3, workMs: 200, brokenForMs: 2_000, settleWithinMs: 90_000 },
    silentLog,
  );
  expect(report).toMatchObject({ orchestrations: 12, completed: 12, failed: 0, lost: 0, duplicates: 0 });
  expect(report.ledger).toMatchObject({ effects: 36, staleActs: 0 });
  expect(figureOf(report, 'workflow tasks failed on the broken release')).toBeGreaterThan(0);
  expect(figureOf(report, 'orchestrations closed while it was deployed')).toBe(0);
  expect(report.replay).toEqual({ histories: 10, passedOnCurrent: 10, caughtOnChanged: 10 });
});
