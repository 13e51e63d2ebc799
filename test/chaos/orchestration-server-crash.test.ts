/**
 * Failure-mode suite, scenario 1b: the embedded server process is killed with SIGKILL in the middle of a batch and
 * restarted on its database file. Workers and client reconnect by themselves; every orchestration completes, none is
 * lost, no step's side effect happens twice.
 */
import { runServerCrash } from '../support/chaos/scenarios/server-crash';
import { silentLog } from '../support/chaos/scenario-kit';

jest.setTimeout(120_000);

test('a killed and restarted server loses nothing: every orchestration completes once the new process is up', async () => {
  const report = await runServerCrash(
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
  // Steps were dispatched again after the restart: the new server process took over the old one's work.
  expect(report.recoveryMs).not.toBeNull();
});
