/**
 * The health registry's circuit works per model: during a provider outage the model's circuit opens, so every agent
 * on that model — not only the one that failed — goes straight to its alternate without calling the provider; once
 * the provider is back, a trial after the cooldown closes the circuit again.
 */
import { llmAgent } from '../../../src/activities/llm/llm-agent';
import { startFakeOpenAiServer, type FakeOpenAiServer } from '../../support/llm/fake-openai-server';
import { startSteadfastEnv, uniqueAgentName, type SteadfastEnv } from '../../support/steadfast-env';
import { StartedResources } from '../../support/started-resources';
import { waitUntil } from '../../support/wait-until';

const resources = new StartedResources();
let env: SteadfastEnv;
let fake: FakeOpenAiServer;
beforeAll(async () => {
  [env, fake] = await Promise.all([resources.start(startSteadfastEnv()), resources.start(startFakeOpenAiServer())]);
});
afterAll(async () => {
  await resources.closeAll();
});

test('the per-model circuit opens during an outage and closes after it', async () => {
  const down = 'outage-model';
  const backup = 'backup-model';
  fake.script(down, [{ text: 'from the primary model' }]);
  fake.script(backup, [{ text: 'from the backup model' }]);
  const on = (modelId: string, name: string, alternates: string[] = []) =>
    llmAgent({
      name: uniqueAgentName(name),
      model: { provider: 'openai-compatible', model: modelId, baseURL: fake.baseURL, name: 'fake' },
      timeouts: { scheduleToStart: '5s', startToClose: '10s', heartbeat: '2s' },
      retry: { maxAttempts: 2, initialInterval: '50ms' },
      fallback: { alternates, autonomous: false },
    });
  const fallback = on(backup, 'fallback');
  const writer = on(down, 'writer', [fallback.name]);
  const editor = on(down, 'editor', [fallback.name]);
  const circuit = `model:fake.chat/${down}`;

  await env.withWorkers(
    {
      agents: [writer, editor, fallback],
      healthRegistry: { failureThreshold: 2, cooldown: '3s', snapshotMaxAge: 0 },
    },
    async (ctx) => {
      const run = async (agent: string) => {
        const handle = await ctx.client.start(ctx.request({ goal: 'write', plan: { steps: [{ id: 'w', agent }] } }));
        return (await handle.result()).steps[0]!;
      };
      fake.setOutage(down, true);
      for (let i = 0; i < 2; i++) {
        const step = await run(writer.name);
        expect([step.mode, step.fallbackReason]).toEqual(['alternate', 'retries_exhausted']);
      }
      const circuitOf = async () => (await ctx.client.agents()).find((view) => view.agent === circuit);
      expect((await circuitOf())?.state).toBe('open');

      // The editor never failed itself, but it is on the same model: it is bypassed without a single request.
      const before = fake.requests(down).length;
      const bypassed = await run(editor.name);
      expect([bypassed.mode, bypassed.fallbackReason]).toEqual(['alternate', 'circuit_open']);
      expect(bypassed.branches[0]!.outcome).toBe('bypassed');
      expect(fake.requests(down).length).toBe(before);

      // The provider recovers; after the cooldown a trial goes through and closes the circuit.
      fake.setOutage(down, false);
      // The registry's view is evaluated at its own (workflow) clock: wait for the reopening time it announced.
      const reopensAt = (await circuitOf())!.reopensAt!;
      await waitUntil(() => Date.now() >= reopensAt, { what: 'the cooldown', timeoutMs: 10_000 });
      const recovered = await run(editor.name);
      expect(recovered.mode).toBe('primary');
      await waitUntil(async () => (await circuitOf())?.state === 'closed', { what: 'the circuit to close' });
    },
  );
});
