/**
 * The agents of the take-over replay bench, run in the bench's own process (SteadfastTestEnvironment): one that
 * answers at once, and one that always fails, whose fallback is the first.
 */
import { defineAgent } from '../../src/activities/define-agent';
import { simulatedAgent } from '../../src/activities/simulated-agent';

export const REPLAY_STEP_AGENT = 'replay-step';
export const REPLAY_FAILING_AGENT = 'replay-failing';

export const replayAgents = [
  defineAgent({ name: REPLAY_STEP_AGENT, handler: simulatedAgent({ latency: { min: 0, max: 0 } }) }),
  defineAgent({
    name: REPLAY_FAILING_AGENT,
    handler: simulatedAgent({ latency: { min: 0, max: 0 }, faults: { fail: 1 }, failNonRetryable: true }),
    retry: { maxAttempts: 1 },
    fallback: { alternates: [REPLAY_STEP_AGENT], autonomous: false },
  }),
];
