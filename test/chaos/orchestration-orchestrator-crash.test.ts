/**
 * Failure-mode suite, scenario 1a: an orchestrator worker process is killed with SIGKILL in the middle of a batch
 * while a second one runs. The survivor resumes every orchestration the dead one held: none is lost, no step's side
 * effect happens twice. (npm run chaos runs it at full size and reports detection and recovery times.)
 */
import { runOrchestratorCrash } from '../support/chaos/scenarios/orchestrator-crash';
import { silentLog } from '../support/chaos/scenario-kit';
import { figureOf, numericFigureOf } from '../support/chaos/scenario-report';

jest.setTimeout(120_000);

test('a killed orchestrator worker loses nothing: the survivor resumes every orchestration it held, with one workflow-task timeout at most each', async () => {
  const report = await runOrchestratorCrash(
    {
      orchestrations: 30,
      stepsPerOrchestration: 3,
      workMs: 150,
      pools: 2,
      concurrency: 8,
      killAfterShare: 0.3,
      agentHealth: true,
      settleWithinMs: 90_000,
    },
    silentLog,
  );
  expect(report).toMatchObject({ orchestrations: 30, completed: 30, failed: 0, refused: 0, lost: 0, duplicates: 0 });
  expect(report.ledger).toMatchObject({ effects: 90, staleActs: 0, actedAfterDeadline: 0 });
  // The kill hit work in flight: the dead worker held open orchestrations, and the survivor resumed each of them.
  expect(figureOf(report, 'orchestrations open on the killed worker')).toBeGreaterThan(0);
  expect(figureOf(report, 'of them resumed by the survivor')).toBe(
    figureOf(report, 'orchestrations open on the killed worker'),
  );
  // The held task times out once and the survivor takes it from there: none of the survivor's own tasks time out
  // (its sticky pollers see their backlog through backlogCountHint, and its task slots fit its capacity).
  expect(numericFigureOf(report, 'most workflow-task timeouts of one orchestration')).toBeLessThanOrEqual(1);
  expect(report.detectionMs).not.toBeNull();
  expect(report.recoveryMs).not.toBeNull();
});
