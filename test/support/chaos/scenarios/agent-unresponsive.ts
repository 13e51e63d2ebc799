/**
 * Scenario 2c: an agent stops answering but keeps heartbeating, past its start-to-close timeout. The heartbeats
 * cannot keep it alive: the start-to-close timeout ends the attempt, which is retried or handed to the fallback.
 */
import { runMisbehavingAgent, type MisbehaviourOptions } from '../misbehaving-agent';
import type { ScenarioLog } from '../scenario-kit';
import type { ScenarioReport } from '../scenario-report';

export function runAgentUnresponsive(options: MisbehaviourOptions, log: ScenarioLog): Promise<ScenarioReport> {
  return runMisbehavingAgent(
    {
      scenario: 'agent-unresponsive',
      title: '2c. Agent heartbeats but never answers',
      failure: 'Some steps keep heartbeating without answering, on their first attempt or on every attempt.',
      kind: 'unresponsive',
      overrides: {
        timeouts: { heartbeat: '1s', startToClose: '3s' },
        retry: { maxAttempts: 2, initialInterval: '100ms' },
      },
      catchingTimeout: 'start-to-close 3 s (+ 100 ms retry backoff)',
      detection: 'start of a silent execution → the step is dispatched again (worst case)',
    },
    options,
    log,
  );
}
