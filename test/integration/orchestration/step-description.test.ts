/**
 * Before a step's first dispatch the orchestration learns the policies of its agent and fallback chain, and their
 * circuits, in one local activity (patch steadfast-change-wakeups); a later step of an agent it knows asks for none.
 */
import type { temporal } from '@temporalio/proto';
import { defineAgent } from '../../../src/activities/define-agent';
import { simulatedAgent } from '../../../src/activities/simulated-agent';
import { OrchestratorActivityNames } from '../../../src/orchestration/names';
import { startSteadfastEnv, uniqueAgentName, type SteadfastEnv } from '../../support/steadfast-env';

let env: SteadfastEnv;
beforeAll(async () => {
  env = await startSteadfastEnv();
});
afterAll(async () => env?.close());

const quick = { timeouts: { scheduleToStart: '5s', startToClose: '10s', heartbeat: '2s' }, retry: { maxAttempts: 1 } };

/** The history's commands in order: local activities by type, activities as `dispatch:<type>`. */
function commandsOf(history: temporal.api.history.v1.IHistory): string[] {
  return (history.events ?? []).flatMap((event) => {
    const marker = event.markerRecordedEventAttributes;
    if (marker?.markerName === 'core_local_activity') {
      const data = marker.details?.['data']?.payloads?.[0]?.data;
      return [(JSON.parse(Buffer.from(data ?? []).toString('utf8')) as { activity_type: string }).activity_type];
    }
    const scheduled = event.activityTaskScheduledEventAttributes?.activityType?.name;
    return scheduled ? [`dispatch:${scheduled}`] : [];
  });
}

test("a step's first dispatch asks once for its chain's policies and circuits, even with a fallback override", async () => {
  const steady = defineAgent({ name: uniqueAgentName('steady'), handler: async () => 'steady answer', ...quick });
  const flaky = defineAgent({
    name: uniqueAgentName('flaky'),
    handler: simulatedAgent({ faults: { fail: 1 }, latency: { min: 1, max: 1 } }),
    ...quick,
    fallback: { alternates: [], autonomous: false },
  });

  await env.withWorkers({ agents: [flaky, steady] }, async ({ client, request }) => {
    const handle = await client.start(
      request({
        goal: 'g',
        plan: {
          steps: [
            // The step names an alternate the agent's own policy does not: it is described with the step.
            { id: 'first', agent: flaky.name, fallback: { alternates: [steady.name] } },
            { id: 'second', agent: steady.name, dependsOn: ['first'] },
          ],
        },
      }),
    );
    const result = await handle.result();
    expect(result.steps.map((step) => [step.id, step.state, step.mode])).toEqual([
      ['first', 'succeeded', 'alternate'],
      ['second', 'succeeded', 'primary'],
    ]);

    const commands = commandsOf(await client.temporal.workflow.getHandle(handle.id).fetchHistory());
    expect(commands.slice(0, commands.indexOf(`dispatch:${flaky.name}`))).toEqual([
      OrchestratorActivityNames.describeStep,
    ]);
    // The alternate's policy came with the first step's description: nobody asked for policies again.
    expect(commands.filter((command) => command === OrchestratorActivityNames.describeAgents)).toEqual([]);
    expect(commands.filter((command) => command === OrchestratorActivityNames.describeStep)).toHaveLength(1);
  });
});
