/** A long orchestration continues as new before its history grows large, carrying results, decisions and policies. */
import { defineAgent } from '../../../src/activities/define-agent';
import { SignalNames } from '../../../src/orchestration/names';
import { Journal } from '../../fixtures/agents/recording';
import { waitUntil } from '../../support/wait-until';
import { startSteadfastEnv, uniqueAgentName, type SteadfastEnv } from '../../support/steadfast-env';

let env: SteadfastEnv;
beforeAll(async () => {
  env = await startSteadfastEnv();
});
afterAll(async () => env?.close());

test('steps finished before continue-as-new are neither repeated nor forgotten by later runs', async () => {
  const journal = new Journal();
  const appender = defineAgent<unknown, string>({
    name: uniqueAgentName('appender'),
    handler: journal.recorded(async (task, ctx) => {
      const previous = Object.values(task.results)[0];
      return typeof previous === 'string' ? `${previous}+${ctx.stepId}` : ctx.stepId;
    }),
    timeouts: { scheduleToStart: '5s', startToClose: '10s', heartbeat: '2s' },
  });
  const chain = Array.from({ length: 12 }, (_, i) => `s${i + 1}`);

  await env.withWorkers({ agents: [appender] }, async ({ client, request }) => {
    const handle = await client.start(
      request({
        goal: 'a long chain',
        continueAsNewAfterEvents: 50,
        plan: {
          steps: [
            ...chain.map((id, i) => ({ id, agent: appender.name, dependsOn: i === 0 ? [] : [chain[i - 1]!] })),
            { id: 'sign-off', kind: 'approval' as const, dependsOn: ['s12'], timeout: '1m' },
          ],
        },
        visibility: { searchAttributes: true, memo: true },
      }),
    );
    // Decided once the step waits, after several continue-as-new: the waiting step and its run's state were carried.
    await waitUntil(
      async () => (await handle.status()).steps.find((step) => step.id === 'sign-off')?.state === 'awaiting_approval',
      { what: 'the sign-off to wait' },
    );
    await client.approve(handle.id, 'sign-off', { by: 'carol' });
    const result = await handle.result();

    expect(result.status).toBe('completed');
    expect(result.results.s12).toBe(chain.join('+'));
    expect(result.output).toMatchObject({ approved: true, by: 'carol' });
    for (const id of chain) expect(journal.count('started', { stepId: id })).toBe(1);

    const runs = [];
    for await (const run of client.temporal.workflow.list({ query: `WorkflowId = '${handle.id}'` })) runs.push(run);
    expect(runs.filter((run) => run.status.name === 'CONTINUED_AS_NEW').length).toBeGreaterThanOrEqual(1);
    const status = await handle.status();
    expect(status.generation).toBe(runs.length - 1);
    expect(status.startedAt).toBeLessThan(runs.find((run) => run.status.name === 'COMPLETED')!.startTime.getTime());
    // The memo set at start is carried into every run.
    expect(runs.every((run) => run.memo?.goal === 'a long chain')).toBe(true);
  });
});

test('a run waiting on an approval continues as new when its history grows without any change of state', async () => {
  await env.withWorkers({ agents: [] }, async ({ client, request }) => {
    const handle = await client.start(
      request({
        goal: 'a long wait',
        continueAsNewAfterEvents: 50,
        plan: { steps: [{ id: 'sign-off', kind: 'approval' as const, timeout: '5m' }] },
      }),
    );
    const waiting = async () => (await handle.status()).steps[0]!.state === 'awaiting_approval';
    await waitUntil(waiting, { what: 'the sign-off to wait' });

    // A resume while not paused changes nothing, yet each brings a workflow task that lengthens the history.
    const raw = client.temporal.workflow.getHandle(handle.id);
    const generation = await waitUntil(
      async () => {
        await raw.signal(SignalNames.resume);
        const status = await handle.status();
        return status.generation >= 1 && status.steps[0]!.state === 'awaiting_approval' ? status.generation : false;
      },
      { what: 'a continue-as-new while the approval waits', timeoutMs: 30_000, intervalMs: 0 },
    );
    expect(generation).toBeGreaterThanOrEqual(1);

    await client.approve(handle.id, 'sign-off', { by: 'dana' });
    const result = await handle.result();
    expect(result.status).toBe('completed');
    expect(result.output).toMatchObject({ approved: true, by: 'dana' });
  });
});
