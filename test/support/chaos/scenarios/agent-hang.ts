/**
 * Scenario 2b: an agent hangs mid-step — it stops heartbeating and never answers. The server detects it at the
 * heartbeat timeout; a hang on the first attempt is retried, a hang on every attempt ends on the autonomous branch.
 */
import { runMisbehavingAgent, type MisbehaviourOptions } from '../misbehaving-agent';
import type { ScenarioLog } from '../scenario-kit';
import type { ScenarioReport } from '../scenario-report';

export function runAgentHang(options: MisbehaviourOptions, log: ScenarioLog): Promise<ScenarioReport> {
  return runMisbehavingAgent(
    {
      scenario: 'agent-hang',
      title: '2b. Agent hangs without heartbeating',
      failure: 'Some steps hang on their first attempt, some on every attempt: no heartbeat, no answer.',
      kind: 'hang',
      overrides: {
        timeouts: { heartbeat: '1s', startToClose: '5s' },
        retry: { maxAttempts: 2, initialInterval: '100ms' },
      },
      catchingTimeout: 'heartbeat 1 s (+ 100 ms retry backoff)',
      detection: 'start of a hung execution → the step is dispatched again (worst case)',
    },
    options,
    log,
  );
}
