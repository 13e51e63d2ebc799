/** Steering a running orchestration: pause holds new dispatches, resume releases them, cancel stops running steps. */
import { defineAgent } from '../../../src/activities/define-agent';
import { gate, Journal, untilOpenedOrAborted } from '../../fixtures/agents/recording';
import { startSteadfastEnv, uniqueAgentName, type SteadfastEnv } from '../../support/steadfast-env';
import { waitUntil } from '../../support/wait-until';

let env: SteadfastEnv;
beforeAll(async () => {
  env = await startSteadfastEnv();
});
afterAll(async () => env?.close());

const quick = {
  timeouts: { scheduleToStart: '5s', startToClose: '20s', heartbeat: '600ms' },
  retry: { maxAttempts: 1 },
};

test('pause holds the next step until resume; the running step finishes meanwhile', async () => {
  const journal = new Journal();
  const firstMayFinish = gate();
  const worker = defineAgent({
    name: uniqueAgentName('worker'),
    handler: journal.recorded(async (task, ctx) => {
      if (ctx.stepId === 'first') await untilOpenedOrAborted(firstMayFinish, ctx);
      return `${ctx.stepId} done`;
    }),
    ...quick,
  });

  await env.withWorkers({ agents: [worker] }, async ({ client, request }) => {
    const handle = await client.start(
      request({
        goal: 'g',
        plan: {
          steps: [
            { id: 'first', agent: worker.name },
            { id: 'second', agent: worker.name, dependsOn: ['first'] },
          ],
        },
      }),
    );
    await waitUntil(() => journal.count('started', { stepId: 'first' }) === 1, { what: 'the first step to start' });
    await client.pause(handle.id);
    await waitUntil(async () => (await handle.status()).paused, { what: 'the pause to be recorded' });
    firstMayFinish.open();

    // The first step's completion is processed while paused; the second is not dispatched in the same task.
    const paused = await waitUntil(
      async () => {
        const status = await handle.status();
        return status.steps[0]!.state === 'succeeded' ? status : undefined;
      },
      { what: 'the running step to finish while paused' },
    );
    expect(paused.phase).toBe('paused');
    expect(paused.steps[1]!.state).toBe('pending');
    expect(journal.count('started', { stepId: 'second' })).toBe(0);

    await client.resume(handle.id);
    const result = await handle.result();
    expect(result.status).toBe('completed');
    expect(result.steps.map((step) => step.state)).toEqual(['succeeded', 'succeeded']);
    expect(journal.count('started', { stepId: 'second' })).toBe(1);
  });
});

test('cancel stops the orchestration: the running step is cancelled at the agent and the result says cancelled', async () => {
  const journal = new Journal();
  const never = gate();
  const worker = defineAgent({
    name: uniqueAgentName('worker'),
    handler: journal.recorded(async (_task, ctx) => untilOpenedOrAborted(never, ctx)),
    ...quick,
  });

  await env.withWorkers({ agents: [worker] }, async ({ client, request }) => {
    const handle = await client.start(
      request({
        goal: 'g',
        plan: {
          steps: [
            { id: 'long', agent: worker.name },
            { id: 'later', agent: worker.name, dependsOn: ['long'] },
          ],
        },
      }),
    );
    await waitUntil(() => journal.count('started', { stepId: 'long' }) === 1, { what: 'the long step to start' });
    await client.cancel(handle.id, 'the user changed their mind');

    const result = await handle.result();
    expect(result.status).toBe('cancelled');
    expect(result.steps.map((step) => [step.id, step.state])).toEqual([
      ['long', 'cancelled'],
      ['later', 'cancelled'],
    ]);
    expect(result.steps[0]!.branches[0]).toMatchObject({ outcome: 'failed', reason: 'cancelled' });
    // The agent learns of the cancellation through its heartbeats and its handler's signal fires.
    await waitUntil(() => journal.count('aborted', { stepId: 'long' }) === 1, {
      what: 'the agent to see the cancellation',
    });
    expect(journal.count('started', { stepId: 'later' })).toBe(0);
    // A finished run refuses with how it ended; only an id nobody started is not found.
    await expect(client.pause(handle.id)).rejects.toMatchObject({
      name: 'OperationRefusedError',
      reason: 'the orchestration has already cancelled',
    });
    await expect(client.pause(`${handle.id}-never-started`)).rejects.toMatchObject({
      name: 'OrchestrationNotFoundError',
    });
  });
});
