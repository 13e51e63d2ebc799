/** The client SDK against a real server: validation before any RPC, listing by status, the agent table, lookups. */
import { Client, Connection } from '@temporalio/client';
import { defineAgent } from '../../../src/activities/define-agent';
import { InvalidConfigError, OrchestrationNotFoundError, SteadfastClient } from '../../../src/client';
import { registerSteadfastSearchAttributes } from '../../../src/workers/search-attributes';
import { gate, untilOpenedOrAborted } from '../../fixtures/agents/recording';
import { startSteadfastEnv, uniqueAgentName, type SteadfastEnv } from '../../support/steadfast-env';
import { startTestEnv } from '../../support/test-server';
import { waitUntil } from '../../support/wait-until';

let env: SteadfastEnv;
beforeAll(async () => {
  env = await startSteadfastEnv();
});
afterAll(async () => env?.close());

const quick = { timeouts: { scheduleToStart: '5s', startToClose: '20s', heartbeat: '1s' }, retry: { maxAttempts: 1 } };

test('a bad request is refused with every bad field named, before anything is sent', async () => {
  // Nothing listens on this address: had the client sent anything, it would fail with a connection error instead.
  const unreachable = new Client({ connection: Connection.lazy({ address: '127.0.0.1:1' }) });
  const client = SteadfastClient.fromClient(unreachable);
  const refusal = await client.start({ goal: '  ', plan: { steps: [{ id: 'a', agent: 'x' }] }, deadline: 'soon' }).then(
    () => undefined,
    (error: unknown) => error,
  );
  expect(refusal).toBeInstanceOf(InvalidConfigError);
  expect((refusal as InvalidConfigError).problems).toEqual([
    'goal: must not be empty',
    'deadline: expected a duration: milliseconds, or text like "500ms", "30s", "5m", "1h", got "soon"',
  ]);
  await expect(
    client.start({ goal: 'g', plan: { steps: [{ id: 'a', agent: 'x', dependsOn: ['missing'] }] } }),
  ).rejects.toMatchObject({
    problems: ['plan.steps[0].dependsOn: unknown step "missing"'],
  });
  await expect(client.start({ goal: 'g', router: { agent: 'r' } }, { id: 'has spaces' })).rejects.toThrow(
    /id: expected an id/,
  );
});

test('connect reads TEMPORAL_ADDRESS when no address is given', async () => {
  const saved = process.env.TEMPORAL_ADDRESS;
  process.env.TEMPORAL_ADDRESS = env.test.server.address;
  try {
    const client = await SteadfastClient.connect();
    await expect(client.status('no-such-orchestration')).rejects.toBeInstanceOf(OrchestrationNotFoundError);
    expect(await client.list({ status: 'running' })).toEqual(expect.any(Array));
    await client.close();
  } finally {
    if (saved === undefined) delete process.env.TEMPORAL_ADDRESS;
    else process.env.TEMPORAL_ADDRESS = saved;
  }
});

test('search attribute registration is idempotent', async () => {
  const warnings: string[] = [];
  const again = await registerSteadfastSearchAttributes(env.test.connection, 'default', {
    warn: (line) => warnings.push(line),
  });
  expect(again).toEqual({
    added: [],
    present: [
      'SteadfastStatus',
      'SteadfastCurrentAgent',
      'SteadfastFallbackCount',
      'SteadfastLlmTokens',
      'SteadfastLlmCostUsd',
    ],
  });
  expect(warnings).toEqual([]);
});

test('list filters orchestrations by status, with goal, current agent and fallback count', async () => {
  const held = gate();
  const worker = defineAgent({
    name: uniqueAgentName('worker'),
    handler: async (task, ctx) => {
      if (task.input === 'hold') await untilOpenedOrAborted(held, ctx);
      return 'ok';
    },
    ...quick,
  });

  await env.withWorkers({ agents: [worker] }, async ({ client, request }) => {
    const visible = { searchAttributes: true, memo: true };
    const plan = (input: string) => ({ steps: [{ id: 'only', agent: worker.name, input }] });
    const done = await client.start(request({ goal: 'finished one', plan: plan('now'), visibility: visible }));
    await done.result();
    const running = await client.start(request({ goal: 'running one', plan: plan('hold'), visibility: visible }));
    const paused = await client.start(request({ goal: 'paused one', plan: plan('hold'), visibility: visible }));
    await client.pause(paused.id);
    const cancelled = await client.start(request({ goal: 'cancelled one', plan: plan('hold'), visibility: visible }));
    await client.cancel(cancelled.id);
    await cancelled.result();

    const ids = (rows: { id: string }[]) =>
      rows.map((row) => row.id).filter((id) => [done.id, running.id, paused.id, cancelled.id].includes(id));
    await waitUntil(async () => ids(await client.list({ status: 'paused' })).length === 1, {
      what: 'the paused status to be published',
    });
    await waitUntil(
      async () => (await client.list({ status: 'running' })).find((row) => row.id === running.id)?.currentAgents.length,
      {
        what: 'the current agent to be published',
      },
    );

    expect(ids(await client.list({ status: 'completed' }))).toEqual([done.id]);
    expect(ids(await client.list({ status: 'running' }))).toEqual([running.id]);
    expect(ids(await client.list({ status: 'paused' }))).toEqual([paused.id]);
    expect(ids(await client.list({ status: 'cancelled' }))).toEqual([cancelled.id]);
    expect(ids(await client.list()).sort()).toEqual([done.id, running.id, paused.id, cancelled.id].sort());

    const [row] = (await client.list({ status: 'running' })).filter((r) => r.id === running.id);
    expect(row).toMatchObject({ goal: 'running one', mode: 'plan', currentAgents: [worker.name], fallbackCount: 0 });

    // Resume first: a paused plan whose last step finishes completes, and a finished run refuses resume.
    await client.resume(paused.id);
    held.open();
    await Promise.all([running.result(), paused.result()]);
  });
});

test('agents() shows the registry table once outcomes were reported', async () => {
  const ok = defineAgent({ name: uniqueAgentName('ok'), handler: async () => 'fine', ...quick });
  await env.withWorkers({ agents: [ok] }, async ({ client, request }) => {
    expect(await client.agents()).toEqual([]);
    await client.run(request({ goal: 'g', plan: { steps: [{ id: 'a', agent: ok.name }] } }));
    const rows = await waitUntil(
      async () => {
        const table = await client.agents();
        return table.length > 0 ? table : undefined;
      },
      { what: 'the registry to record the outcome' },
    );
    expect(rows).toEqual([
      expect.objectContaining({
        agent: ok.name,
        state: 'closed',
        consecutiveFailures: 0,
        recent: [expect.objectContaining({ ok: true, stepId: 'a' })],
      }),
    ]);
  });
});

test('visibility.searchAttributes on a server that lacks them is refused with what to do about it', async () => {
  const bare = await startTestEnv();
  try {
    const client = SteadfastClient.fromClient(bare.client);
    await expect(
      client.start({ goal: 'g', plan: { steps: [{ id: 'a', agent: 'x' }] }, visibility: { searchAttributes: true } }),
    ).rejects.toMatchObject({
      name: 'InvalidConfigError',
      problems: [
        expect.stringMatching(
          /^visibility\.searchAttributes: the server does not know the Steadfast search attributes/,
        ),
      ],
    });
  } finally {
    await bare.close();
  }
});
