/**
 * Each trigger of a step's fallback chain, through real workers: nobody polling (schedule-to-start), a hung agent
 * (heartbeat timeout), a failing agent (retries exhausted), and an open circuit (skipped without dispatching).
 */
import { defineAgent } from '../../../src/activities/define-agent';
import { simulatedAgent } from '../../../src/activities/simulated-agent';
import type { StepStatus } from '../../../src/client';
import { Journal } from '../../fixtures/agents/recording';
import { startSteadfastEnv, uniqueAgentName, type SteadfastEnv } from '../../support/steadfast-env';
import { waitUntil } from '../../support/wait-until';

let env: SteadfastEnv;
beforeAll(async () => {
  env = await startSteadfastEnv();
});
afterAll(async () => env?.close());

const quick = { timeouts: { scheduleToStart: '5s', startToClose: '10s', heartbeat: '2s' }, retry: { maxAttempts: 1 } };

function branchSummary(step: StepStatus) {
  return step.branches.map((branch) => ({
    mode: branch.mode,
    agent: branch.agent,
    outcome: branch.outcome,
    reason: branch.reason,
  }));
}

test('no agent polling: the schedule-to-start timeout hands the step to the alternate', async () => {
  const journal = new Journal();
  const backup = defineAgent({
    name: uniqueAgentName('backup'),
    handler: journal.recorded(async () => 'from backup'),
    ...quick,
  });
  const absent = defineAgent({
    name: uniqueAgentName('absent'),
    handler: journal.recorded(async () => 'never'),
    timeouts: { scheduleToStart: '300ms' },
    fallback: { alternates: [backup.name] },
  });

  await env.withWorkers({ agents: [absent, backup], pool: [backup] }, async ({ client, request }) => {
    const result = await client.run(request({ goal: 'g', plan: { steps: [{ id: 'only', agent: absent.name }] } }));
    const step = result.steps[0]!;
    expect(step).toMatchObject({ state: 'succeeded', mode: 'alternate', fallbackReason: 'no_agent_reachable' });
    expect(branchSummary(step)).toEqual([
      { mode: 'primary', agent: absent.name, outcome: 'failed', reason: 'no_agent_reachable' },
      { mode: 'alternate', agent: backup.name, outcome: 'succeeded', reason: undefined },
    ]);
    expect(result.output).toBe('from backup');
    expect(result.fallbackCount).toBe(1);
  });
});

test('no agent polling and no alternate: the autonomous branch answers on the orchestrator', async () => {
  const absent = defineAgent<string, string>({
    name: uniqueAgentName('absent'),
    handler: async () => 'never',
    autonomous: async (task, ctx) => `degraded answer to ${task.input} (${ctx.mode})`,
    timeouts: { scheduleToStart: '300ms' },
  });

  await env.withWorkers({ agents: [absent], pool: [] }, async ({ client, request }) => {
    const result = await client.run(
      request({ goal: 'g', plan: { steps: [{ id: 'only', agent: absent.name, input: 'q' }] } }),
    );
    expect(result.steps[0]).toMatchObject({
      state: 'succeeded',
      mode: 'autonomous',
      fallbackReason: 'no_agent_reachable',
    });
    expect(result.output).toBe('degraded answer to q (autonomous)');
  });
});

test('a hung agent is detected by its heartbeat timeout and abandoned; the autonomous branch takes over', async () => {
  const journal = new Journal();
  const hung = defineAgent({
    name: uniqueAgentName('hung'),
    handler: journal.recorded(simulatedAgent({ faults: { hang: 1 }, latency: { min: 1, max: 1 } })),
    autonomous: async () => 'autonomous result',
    timeouts: { scheduleToStart: '5s', startToClose: '20s', heartbeat: '400ms' },
    retry: { maxAttempts: 1 },
  });

  await env.withWorkers({ agents: [hung] }, async ({ client, request }) => {
    const result = await client.run(request({ goal: 'g', plan: { steps: [{ id: 'only', agent: hung.name }] } }));
    const step = result.steps[0]!;
    expect(step).toMatchObject({ state: 'succeeded', mode: 'autonomous', fallbackReason: 'agent_hung' });
    expect(branchSummary(step)[0]).toEqual({
      mode: 'primary',
      agent: hung.name,
      outcome: 'failed',
      reason: 'agent_hung',
    });
    expect(result.output).toBe('autonomous result');
    // The worker notices the missed heartbeats too: the hung handler's signal fires instead of it holding its slot forever.
    await waitUntil(() => journal.count('aborted', { agent: hung.name }) === 1, {
      what: 'the hung handler to be abandoned',
      timeoutMs: 15_000,
    });
  });
});

test('a failing agent is retried up to its maximum, then the alternate is used', async () => {
  const journal = new Journal();
  const steady = defineAgent({
    name: uniqueAgentName('steady'),
    handler: journal.recorded(async () => 'steady answer'),
    ...quick,
  });
  const failing = defineAgent({
    name: uniqueAgentName('failing'),
    handler: journal.recorded(simulatedAgent({ faults: { fail: 1 }, latency: { min: 1, max: 1 } })),
    retry: { maxAttempts: 3, initialInterval: '50ms' },
    fallback: { alternates: [steady.name] },
  });

  await env.withWorkers({ agents: [failing, steady] }, async ({ client, request }) => {
    const result = await client.run(request({ goal: 'g', plan: { steps: [{ id: 'only', agent: failing.name }] } }));
    const step = result.steps[0]!;
    expect(step).toMatchObject({
      state: 'succeeded',
      mode: 'alternate',
      fallbackReason: 'retries_exhausted',
      attempts: 4,
    });
    expect(branchSummary(step)[0]).toEqual({
      mode: 'primary',
      agent: failing.name,
      outcome: 'failed',
      reason: 'retries_exhausted',
    });
    expect(step.branches[0]!.error).toContain('simulated failure');
    expect(journal.count('started', { agent: failing.name })).toBe(3);
    expect(journal.count('started', { agent: steady.name })).toBe(1);
  });
});

test('an open circuit skips the agent without dispatching to it, recording "circuit open"', async () => {
  const journal = new Journal();
  const steady = defineAgent({
    name: uniqueAgentName('steady'),
    handler: journal.recorded(async () => 'steady answer'),
    ...quick,
  });
  const flaky = defineAgent({
    name: uniqueAgentName('flaky'),
    handler: journal.recorded(simulatedAgent({ faults: { fail: 1 }, latency: { min: 1, max: 1 } })),
    ...quick,
    fallback: { alternates: [steady.name], autonomous: false },
  });
  const healthRegistry = { failureThreshold: 1, cooldown: '10m' };

  await env.withWorkers({ agents: [flaky, steady], healthRegistry }, async ({ client, request }) => {
    // One failure opens the circuit (threshold 1).
    const first = await client.run(request({ goal: 'g', plan: { steps: [{ id: 'first', agent: flaky.name }] } }));
    expect(first.steps[0]).toMatchObject({ mode: 'alternate', fallbackReason: 'retries_exhausted' });
    const row = await waitUntil(
      async () => (await client.agents()).find((agent) => agent.agent === flaky.name && agent.state === 'open'),
      { what: 'the registry to open the circuit of the failing agent' },
    );
    expect(row).toMatchObject({
      consecutiveFailures: 1,
      recent: [expect.objectContaining({ ok: false, reason: 'retries_exhausted' })],
    });

    const second = await client.run(
      request({
        goal: 'g',
        plan: {
          steps: [
            { id: 'with-alternate', agent: flaky.name },
            { id: 'nothing-left', agent: flaky.name, fallback: { alternates: [], onExhausted: 'skip' } },
          ],
        },
      }),
    );
    const [withAlternate, nothingLeft] = second.steps;
    expect(withAlternate).toMatchObject({ state: 'succeeded', mode: 'alternate', fallbackReason: 'circuit_open' });
    expect(branchSummary(withAlternate!)).toEqual([
      { mode: 'primary', agent: flaky.name, outcome: 'bypassed', reason: 'circuit_open' },
      { mode: 'alternate', agent: steady.name, outcome: 'succeeded', reason: undefined },
    ]);
    expect(nothingLeft).toMatchObject({ state: 'skipped', mode: 'skipped', fallbackReason: 'circuit_open' });
    expect(nothingLeft!.error).toBe(
      `step "nothing-left" exhausted its fallback chain: primary agent "${flaky.name}": circuit open`,
    );
    // Only the first orchestration ever reached the flaky agent.
    expect(journal.count('started', { agent: flaky.name })).toBe(1);
  });
});
