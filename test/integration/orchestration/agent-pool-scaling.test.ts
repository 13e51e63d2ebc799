/** Agent pools grow and shrink: an instruction running on a pool that shuts down is retried on another pool of the agent. */
import { NativeConnection } from '@temporalio/worker';
import { defineAgent } from '../../../src/activities/define-agent';
import { createAgentPoolWorkers } from '../../../src/workers/agent-pool-workers';
import { gate, Journal, untilOpenedOrAborted } from '../../fixtures/agents/recording';
import { startSteadfastEnv, uniqueAgentName, type SteadfastEnv } from '../../support/steadfast-env';
import { waitUntil } from '../../support/wait-until';

let env: SteadfastEnv;
beforeAll(async () => {
  env = await startSteadfastEnv();
});
afterAll(async () => env?.close());

test('stopping a pool mid-instruction hands the instruction to another pool as a retry', async () => {
  const name = uniqueAgentName('summarizer');
  const journal = new Journal();
  const policy = {
    timeouts: { scheduleToStart: '10s', startToClose: '20s', heartbeat: '1s' },
    retry: { maxAttempts: 3, initialInterval: '50ms' },
  };
  const neverFinishes = gate();
  // The same agent served by two processes' worth of pools; each records which one ran the instruction.
  const onLeavingPool = defineAgent({
    name,
    handler: journal.recorded(async (_task, ctx) => untilOpenedOrAborted(neverFinishes, ctx)),
    ...policy,
  });
  const onStayingPool = defineAgent({
    name,
    handler: journal.recorded(async (_task, ctx) => `done on attempt ${ctx.attempt}`),
    ...policy,
  });

  await env.withWorkers({ agents: [onLeavingPool], pool: [] }, async ({ client, request, startPool }) => {
    const leaving = await startPool([onLeavingPool]);
    const handle = await client.start(request({ goal: 'g', plan: { steps: [{ id: 'summary', agent: name }] } }));
    await waitUntil(() => journal.count('started') === 1, { what: 'the first pool to take the instruction' });

    // A second process joins: its own connection, as a separate pool process would have.
    const joining = await NativeConnection.connect({ address: env.test.server.address });
    const staying = await createAgentPoolWorkers({
      connection: joining,
      client: env.test.client,
      agents: [onStayingPool],
    });
    const result = await staying.runUntil(async () => {
      await leaving.shutdown();
      return handle.result();
    });
    await joining.close();

    expect(result.steps[0]).toMatchObject({ state: 'succeeded', mode: 'primary', attempts: 2 });
    expect(result.output).toBe('done on attempt 2');
    expect(journal.entries.map((entry) => [entry.event, entry.attempt])).toEqual([
      ['started', 1],
      ['aborted', 1],
      ['started', 2],
      ['finished', 2],
    ]);
  });
});
