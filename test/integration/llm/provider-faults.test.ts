/**
 * LLM agents against a local OpenAI-compatible server through @ai-sdk/openai-compatible: streamed and plain replies,
 * tool calls, and each provider fault the pool must classify — 500s retried, 429 retried after its retry-after, 401
 * not retried, a stream that stops (declared hung by the heartbeat timeout), a slow first token (tolerated).
 */
import { z } from 'zod';
import { llmAgent, type LlmAgentOptions } from '../../../src/activities/llm/llm-agent';
import { llmTool } from '../../../src/activities/llm/llm-tool';
import { startFakeOpenAiServer, type FakeOpenAiServer } from '../../support/llm/fake-openai-server';
import { activityOutcomes, conversationEvents, timerDurations } from '../../support/llm/llm-histories';
import { historyProblems } from '../../support/history-checks';
import { startSteadfastEnv, uniqueAgentName, type SteadfastEnv } from '../../support/steadfast-env';
import { StartedResources } from '../../support/started-resources';

const resources = new StartedResources();
let env: SteadfastEnv;
let fake: FakeOpenAiServer;
beforeAll(async () => {
  [env, fake] = await Promise.all([resources.start(startSteadfastEnv()), resources.start(startFakeOpenAiServer())]);
});
afterAll(async () => {
  await resources.closeAll();
});

let modelCounter = 0;
function model(): string {
  modelCounter += 1;
  return `fake-model-${modelCounter}`;
}

function agentOn(modelId: string, overrides: Partial<LlmAgentOptions> = {}) {
  return llmAgent({
    name: uniqueAgentName('llm'),
    model: { provider: 'openai-compatible', model: modelId, baseURL: fake.baseURL, name: 'fake' },
    timeouts: { scheduleToStart: '5s', startToClose: '30s', heartbeat: '1s' },
    retry: { maxAttempts: 3, initialInterval: '100ms' },
    fallback: { autonomous: false },
    ...overrides,
  });
}

async function runStep(agents: ReturnType<typeof agentOn>[], primary: string) {
  return env.withWorkers({ agents }, async (ctx) => {
    const handle = await ctx.client.start(
      ctx.request({ goal: 'answer', plan: { steps: [{ id: 'ask', agent: primary }] } }),
    );
    const result = await handle.result();
    const events = await conversationEvents(env.test.client, handle.id, 'ask');
    expect(historyProblems(events)).toEqual([]);
    return { id: handle.id, result, events, outcomes: activityOutcomes(events) };
  });
}

test.each([true, false])('streamed=%s: a tool call and the answer, each turn requested once', async (stream) => {
  const modelId = model();
  fake.script(modelId, [
    { text: 'Checking.', toolCalls: [{ name: 'weather', arguments: { city: 'Oslo' } }] },
    { text: 'It rains in Oslo.' },
  ]);
  const cities: string[] = [];
  const agent = agentOn(modelId, {
    stream,
    tools: {
      weather: llmTool({
        inputSchema: z.object({ city: z.string() }),
        execute: async ({ city }) => {
          cities.push(city);
          return { city, sky: 'rain' };
        },
      }),
    },
  });
  const { result } = await runStep([agent], agent.name);
  expect(result.output).toBe('It rains in Oslo.');
  expect(cities).toEqual(['Oslo']);
  expect(fake.requests(modelId).map((r) => [r.turn, r.attempt, r.stream])).toEqual([
    [1, 1, stream],
    [2, 1, stream],
  ]);
  // Usage as the server reported it (streamed replies carry it only with includeUsage).
  expect(result.steps[0]!.usage).toMatchObject({ modelCalls: 2 });
  expect(result.steps[0]!.usage!.outputTokens).toBeGreaterThan(0);
});

test('500s are retried by the conversation, each attempt recorded with its classification', async () => {
  const modelId = model();
  fake.script(modelId, [
    { text: 'fine', faults: { 1: { kind: 'status', status: 500 }, 2: { kind: 'status', status: 502 } } },
  ]);
  const agent = agentOn(modelId);
  const { result, outcomes } = await runStep([agent], agent.name);
  expect(result.output).toBe('fine');
  expect(outcomes.map((o) => [o.activityId, o.outcome, o.failure])).toEqual([
    ['turn-1.model.1', 'Failed', 'LlmServerError'],
    ['turn-1.model.2', 'Failed', 'LlmServerError'],
    ['turn-1.model.3', 'Completed', undefined],
  ]);
  expect(result.steps[0]!.usage?.modelCalls).toBe(3);
});

test('429 is retried after the retry-after the provider sent, not the backoff', async () => {
  const modelId = model();
  fake.script(modelId, [{ text: 'later', faults: { 1: { kind: 'status', status: 429, retryAfterSeconds: 2 } } }]);
  const agent = agentOn(modelId);
  const { result, outcomes, events } = await runStep([agent], agent.name);
  expect(result.output).toBe('later');
  expect(outcomes.map((o) => o.failure)).toEqual(['LlmRateLimited', undefined]);
  expect(timerDurations(events)).toEqual([2000]);
  const [first, second] = fake.requests(modelId);
  expect(second!.at - first!.at).toBeGreaterThanOrEqual(2000);
});

test('401 is not retried: the step moves to its alternate on another model', async () => {
  const broken = model();
  const working = model();
  fake.script(broken, [{ text: 'never', faults: { 1: { kind: 'status', status: 401 } } }]);
  fake.script(working, [{ text: 'from the alternate' }]);
  const alternate = agentOn(working);
  const primary = agentOn(broken, { fallback: { alternates: [alternate.name], autonomous: false } });
  const { id, result } = await runStep([primary, alternate], primary.name);
  expect(result.output).toBe('from the alternate');
  expect(fake.requests(broken)).toHaveLength(1);
  const step = result.steps[0]!;
  expect(step.mode).toBe('alternate');
  expect(step.fallbackReason).toBe('agent_rejected');
  expect(step.branches[0]!.error).toContain('LlmAuthenticationFailed');
  const events = await conversationEvents(env.test.client, id, 'ask', 0);
  expect(activityOutcomes(events).map((o) => o.failure)).toEqual(['LlmAuthenticationFailed']);
});

test('a stream that stops mid-way is declared hung by the heartbeat timeout and the call is made again', async () => {
  const modelId = model();
  fake.script(modelId, [
    {
      text: 'a long answer that the provider stops sending half-way',
      faults: { 1: { kind: 'stall', afterChunks: 2 } },
    },
  ]);
  const agent = agentOn(modelId);
  const { result, outcomes } = await runStep([agent], agent.name);
  expect(result.output).toBe('a long answer that the provider stops sending half-way');
  const [hung, retried] = outcomes;
  // Whichever noticed first, the server's heartbeat timeout or the pool's stall watch, it was the heartbeat's 1 s and
  // not the 30 s start-to-close timeout.
  expect(['timeout:HEARTBEAT', 'LlmStreamStalled']).toContain(hung!.failure);
  expect(hung!.endedAt! - hung!.scheduledAt).toBeLessThan(30_000);
  expect(retried!.outcome).toBe('Completed');
  // The partial answer of the hung attempt was charged: it had streamed, so it counts more than the input alone.
  expect(result.steps[0]!.usage?.modelCalls).toBe(2);
});

test('a slow first token is not a hang: the call waits for it within firstTokenTimeout', async () => {
  const modelId = model();
  fake.script(modelId, [{ text: 'took a while', faults: { 1: { kind: 'slow-first-token', delayMs: 2_500 } } }]);
  const agent = agentOn(modelId, { firstTokenTimeout: '20s' });
  const { result, outcomes } = await runStep([agent], agent.name);
  expect(result.output).toBe('took a while');
  expect(outcomes.map((o) => o.outcome)).toEqual(['Completed']);
  expect(fake.requests(modelId)).toHaveLength(1);
});
