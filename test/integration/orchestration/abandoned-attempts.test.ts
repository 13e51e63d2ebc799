/**
 * Issue 14, finding 8: a pool that hangs mid-step, whose retry then finds no pool, must show both reasons on the
 * step: the first attempt's "agent hung" and the final "no agent reachable". The server puts the hung attempt's
 * failure as the cause of the final timeout; Steadfast's failure converter brings it to the workflow.
 */
import type { StepStatus } from '../../../src/client';
import type { BranchAttempt } from '../../../src/orchestration/types';
import { OrchestrationFailedError } from '../../../src/client';
import { formatFallbackChains } from '../../../src/cli/views/step-table';
import { stalledAgent } from '../../support/abandoned-attempts';
import { rejectionOf } from '../../support/rejection-of';
import { startSteadfastEnv, uniqueAgentName, type SteadfastEnv } from '../../support/steadfast-env';

let env: SteadfastEnv;
beforeAll(async () => {
  env = await startSteadfastEnv();
});
afterAll(async () => env?.close());

const hungThenUnreachable: Partial<BranchAttempt> = {
  mode: 'primary',
  outcome: 'failed',
  reason: 'no_agent_reachable',
  error: 'activity ScheduleToStart timeout',
  earlierAttempts: [{ reason: 'agent_hung', error: 'activity Heartbeat timeout' }],
};

function primaryOf(step: StepStatus | undefined): BranchAttempt | undefined {
  return step?.branches.find((branch) => branch.mode === 'primary');
}

test('the hung attempt stays on the record behind "no agent reachable", in the result and the status', async () => {
  const stalled = stalledAgent(uniqueAgentName('stalled'));
  await env.withWorkers({ agents: [stalled] }, async ({ client, request }) => {
    const handle = await client.start(
      request({ goal: 'a pool hangs mid-step', plan: { steps: [{ id: 'hangs', agent: stalled.name }] } }),
    );
    const result = await handle.result();
    expect(result.output).toBe('autonomous answer');
    const step = result.steps.find((s) => s.id === 'hangs');
    expect(step).toMatchObject({ state: 'succeeded', mode: 'autonomous', fallbackReason: 'no_agent_reachable' });
    expect(primaryOf(step)).toMatchObject({ ...hungThenUnreachable, agent: stalled.name });

    const status = await handle.status();
    expect(primaryOf(status.steps.find((s) => s.id === 'hangs'))).toMatchObject(hungThenUnreachable);
    expect(formatFallbackChains(status.steps).join('\n')).toContain(
      `primary ${stalled.name} failed: no agent reachable (schedule-to-start timeout) (after: agent hung (heartbeat timeout))`,
    );
  });
});

test('with no branch left, the orchestration fails naming both reasons of the primary', async () => {
  const stalled = stalledAgent(uniqueAgentName('stalled-alone'));
  await env.withWorkers({ agents: [stalled] }, async ({ client, request }) => {
    const failure = await rejectionOf(
      client.run(
        request({
          goal: 'nothing to fall back to',
          plan: { steps: [{ id: 'hangs', agent: stalled.name, fallback: { autonomous: false } }] },
        }),
      ),
    );
    expect(failure).toBeInstanceOf(OrchestrationFailedError);
    const failed = failure as OrchestrationFailedError;
    expect(failed.stepId).toBe('hangs');
    expect(primaryOf(failed.status?.steps.find((s) => s.id === 'hangs'))).toMatchObject(hungThenUnreachable);
    expect(failed.message).toContain(
      `primary agent "${stalled.name}": no agent reachable (schedule-to-start timeout) (activity ScheduleToStart timeout), after an attempt that ended with agent hung (heartbeat timeout) (activity Heartbeat timeout)`,
    );
  });
});
