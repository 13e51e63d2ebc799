/**
 * Failure-mode suite, scenarios 2b and 2c: agents that hang without heartbeating, and agents that heartbeat but never
 * answer, on their first attempt (a retry fixes it) or on every attempt (only the fallback can). Each is caught by its
 * own timeout and the step runs again on a pool process or on the autonomous branch; nothing lost, nothing twice.
 */
import { runAgentHang } from '../support/chaos/scenarios/agent-hang';
import { runAgentUnresponsive } from '../support/chaos/scenarios/agent-unresponsive';
import { silentLog } from '../support/chaos/scenario-kit';
import { figureOf } from '../support/chaos/scenario-report';

jest.setTimeout(120_000);

// Every first step starts at once (24 slots): orchestrations 4, 8, 16 and 20 misbehave once, 6, 12, 18 and 24 always.
const misbehaving = {
  orchestrations: 24,
  stepsPerOrchestration: 2,
  workMs: 100,
  concurrency: 12,
  onceEvery: 4,
  alwaysEvery: 6,
  settleWithinMs: 90_000,
};

/**
 * What holds whatever the timing: every orchestration completes, those misbehaving on every attempt via the fallback,
 * and each misbehaving execution was followed by another. (Consecutive failures may also open the agent's circuit,
 * sending more steps straight to the fallback: that count varies from run to run.)
 */
function expectSurvived(report: Awaited<ReturnType<typeof runAgentHang>>): void {
  expect(report).toMatchObject({ orchestrations: 24, completed: 24, failed: 0, lost: 0, duplicates: 0 });
  expect(report.ledger).toMatchObject({ effects: 48, staleActs: 0, actedAfterDeadline: 0 });
  expect(figureOf(report, 'orchestrations misbehaving on every attempt')).toBe(4);
  expect(figureOf(report, 'of them completed via fallback')).toBe(4);
  expect(figureOf(report, 'misbehaving executions')).toBeGreaterThanOrEqual(8);
  expect(figureOf(report, 'of them dispatched again')).toBe(figureOf(report, 'misbehaving executions'));
  expect(report.detectionMs).not.toBeNull();
  expect(report.recoveryMs).not.toBeNull();
}

test('hung agents are detected by the heartbeat timeout and retried, or routed to the autonomous branch', async () => {
  expectSurvived(await runAgentHang(misbehaving, silentLog));
});

test('agents that heartbeat but never answer are ended by start-to-close and retried, or routed to the autonomous branch', async () => {
  const report = await runAgentUnresponsive(misbehaving, silentLog);
  expectSurvived(report);
  // Every silent execution noticed its own time was up and stopped without acting.
  expect(report.ledger.abandoned).toBe(figureOf(report, 'misbehaving executions'));
});
