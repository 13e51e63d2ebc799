/**
 * examples/llm runs as documented: against an OpenAI-compatible endpoint given by OPENAI_BASE_URL and
 * STEADFAST_LLM_MODEL (here the local test server), and on scripted models when those are unset.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { AnyAgentDefinition } from '../../../src/activities/define-agent';
import { collectAgentDefinitions } from '../../../src/activities/agent-catalog';
import type { OrchestrationRequestInput } from '../../../src/config/orchestration-request';
import { startFakeOpenAiServer, type FakeOpenAiServer } from '../../support/llm/fake-openai-server';
import { startSteadfastEnv, type SteadfastEnv } from '../../support/steadfast-env';
import { StartedResources } from '../../support/started-resources';

const EXAMPLE = path.resolve(__dirname, '../../../examples/llm');
const request = JSON.parse(
  fs.readFileSync(path.join(EXAMPLE, 'brief-request.json'), 'utf8'),
) as OrchestrationRequestInput;

const resources = new StartedResources();
let env: SteadfastEnv;
let fake: FakeOpenAiServer;
beforeAll(async () => {
  [env, fake] = await Promise.all([resources.start(startSteadfastEnv()), resources.start(startFakeOpenAiServer())]);
});
afterAll(async () => {
  await resources.closeAll();
});

/** The module reads its environment when it loads: load a fresh copy under `vars`. */
function loadExample(vars: Record<string, string | undefined>): AnyAgentDefinition[] {
  const saved = { ...process.env };
  Object.assign(process.env, vars);
  for (const [name, value] of Object.entries(vars)) if (value === undefined) delete process.env[name];
  try {
    let agents: AnyAgentDefinition[] = [];
    jest.isolateModules(() => {
      // A plain CommonJS module, loaded as worker processes load it (`--module`).
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      agents = collectAgentDefinitions(require(path.join(EXAMPLE, 'agents.js')));
    });
    return agents;
  } finally {
    process.env = saved;
  }
}

test('against an OpenAI-compatible endpoint: OPENAI_BASE_URL and STEADFAST_LLM_MODEL', async () => {
  fake.script('example-model', [
    { text: 'Looking it up.', toolCalls: [{ name: 'lookup', arguments: { topic: 'durable execution' } }] },
    { text: 'Endpoint answer.' },
  ]);
  const agents = loadExample({
    OPENAI_BASE_URL: fake.baseURL,
    STEADFAST_LLM_MODEL: 'example-model',
    OPENAI_API_KEY: 'test-key',
  });
  const result = await env.withWorkers({ agents }, async (ctx) =>
    (await ctx.client.start(ctx.request(request))).result(),
  );
  expect(result.status).toBe('completed');
  expect(result.results.research).toBe('Endpoint answer.');
  expect(fake.requests('example-model').length).toBeGreaterThanOrEqual(3);
  expect(result.budget?.used.modelCalls).toBe(fake.requests('example-model').length);
});

test('without OPENAI_BASE_URL: scripted models, no network', async () => {
  const agents = loadExample({ OPENAI_BASE_URL: undefined, STEADFAST_LLM_MODEL: undefined });
  const before = fake.requests().length;
  const result = await env.withWorkers({ agents }, async (ctx) =>
    (await ctx.client.start(ctx.request(request))).result(),
  );
  expect(result.status).toBe('completed');
  expect(String(result.output)).toMatch(/^Brief: durable execution/);
  expect(result.budget?.used.costUsd).toBeGreaterThan(0);
  expect(fake.requests().length).toBe(before);
});
