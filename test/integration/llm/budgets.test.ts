/**
 * Budgets end to end: a conversation stops when its next call would overrun, the step takes its fallback chain with
 * the recorded reason budget_exhausted, and the orchestration never spends more than its budget.
 */
import { z } from 'zod';
import { llmAgent } from '../../../src/activities/llm/llm-agent';
import { llmTool } from '../../../src/activities/llm/llm-tool';
import { scriptedModel } from '../../../src/activities/llm/scripted-model';
import { historyProblems } from '../../support/history-checks';
import { activityOutcomes, conversationEvents } from '../../support/llm/llm-histories';
import { startSteadfastEnv, uniqueAgentName, type SteadfastEnv } from '../../support/steadfast-env';

let env: SteadfastEnv;
beforeAll(async () => {
  env = await startSteadfastEnv();
});
afterAll(async () => {
  await env?.close();
});

const quick = { timeouts: { scheduleToStart: '5s', startToClose: '10s', heartbeat: '2s' } };
const searchTool = llmTool({
  inputSchema: z.object({ page: z.number() }),
  execute: async ({ page }) => ({ page, found: `result ${page}` }),
});

/** A model that keeps searching, page after page, and never answers on its own. */
function searchingModel(modelId: string) {
  return scriptedModel({
    modelId,
    turns: (call) => ({ text: `page ${call.turn}`, toolCalls: [{ toolName: 'search', input: { page: call.turn } }] }),
  });
}

test('a cost budget ends the expensive model’s conversation; the cheaper alternate answers within what is left', async () => {
  const cheap = llmAgent({
    name: uniqueAgentName('cheap'),
    model: scriptedModel({ modelId: 'cheap-model', turns: [{ text: 'short answer' }] }),
    prices: { 'cheap-model': { inputPerMillionTokens: 1, outputPerMillionTokens: 1 } },
    ...quick,
  });
  const expensive = llmAgent({
    name: uniqueAgentName('expensive'),
    model: searchingModel('expensive-model'),
    tools: { search: searchTool },
    prices: { 'expensive-model': { inputPerMillionTokens: 1_000, outputPerMillionTokens: 1_000 } },
    maxOutputTokens: 50,
    maxTurns: 50,
    fallback: { alternates: [cheap.name], autonomous: false },
    ...quick,
  });
  await env.withWorkers({ agents: [expensive, cheap] }, async (ctx) => {
    const handle = await ctx.client.start(
      ctx.request({
        goal: 'find it',
        plan: { steps: [{ id: 'search', agent: expensive.name }] },
        budget: { costUsd: 0.5 },
        visibility: { searchAttributes: true },
      }),
    );
    const result = await handle.result();
    expect(result.output).toBe('short answer');
    const step = result.steps[0]!;
    expect(step.mode).toBe('alternate');
    expect(step.branches[0]).toMatchObject({ agent: expensive.name, outcome: 'failed', reason: 'budget_exhausted' });
    expect(step.branches[0]!.error).toMatch(/cost budget/);
    // Never a silent overrun: what the orchestration spent stays within its budget.
    expect(result.budget?.used.costUsd).toBeLessThanOrEqual(0.5);
    expect(result.budget?.used.costUsd).toBeGreaterThan(0.3);
    expect(result.budget?.limits).toEqual({ costUsd: 0.5 });
    // Spending is searchable: the run publishes its tokens and cost.
    const described = await env.test.client.workflow.getHandle(handle.id).describe();
    const attributes = described.searchAttributes as Record<string, unknown[]>;
    expect(attributes.SteadfastLlmCostUsd).toEqual([result.budget!.used.costUsd]);
    expect(attributes.SteadfastLlmTokens).toEqual([result.budget!.used.inputTokens + result.budget!.used.outputTokens]);

    const events = await conversationEvents(env.test.client, handle.id, 'search', 0);
    expect(historyProblems(events)).toEqual([]);
    const failed = events.find((event) => event.workflowExecutionFailedEventAttributes);
    expect(failed?.workflowExecutionFailedEventAttributes?.failure?.applicationFailureInfo?.type).toBe(
      'BudgetExhausted',
    );
    // The conversation made calls while they fitted, and none after.
    const modelCalls = activityOutcomes(events).filter((o) => o.type.endsWith('/model'));
    expect(modelCalls.length).toBe(result.budget!.used.modelCalls - 1);
  });
});

test('a per-step model-call budget: the step falls back to the autonomous handler with reason budget_exhausted', async () => {
  const agent = llmAgent({
    name: uniqueAgentName('searcher'),
    model: searchingModel('searching-model'),
    tools: { search: searchTool },
    maxTurns: 50,
    autonomous: async () => 'rule-based answer',
    ...quick,
  });
  await env.withWorkers({ agents: [agent] }, async (ctx) => {
    const handle = await ctx.client.start(
      ctx.request({
        goal: 'find it',
        plan: { steps: [{ id: 'search', agent: agent.name, budget: { modelCalls: 3 } }] },
      }),
    );
    const result = await handle.result();
    expect(result.output).toBe('rule-based answer');
    const step = result.steps[0]!;
    expect(step.mode).toBe('autonomous');
    expect(step.fallbackReason).toBe('budget_exhausted');
    expect(step.usage?.modelCalls).toBe(3);
    const status = await handle.status();
    expect(status.steps[0]!.usage?.modelCalls).toBe(3);
  });
});

test('an orchestration whose budget is spent bypasses later LLM steps without starting a conversation', async () => {
  const agent = llmAgent({
    name: uniqueAgentName('searcher'),
    model: searchingModel('searching-model-2'),
    tools: { search: searchTool },
    maxTurns: 50,
    fallback: { onExhausted: 'skip', autonomous: false },
    ...quick,
  });
  await env.withWorkers({ agents: [agent] }, async (ctx) => {
    const handle = await ctx.client.start(
      ctx.request({
        goal: 'find it',
        plan: {
          steps: [
            { id: 'first', agent: agent.name },
            { id: 'second', agent: agent.name, dependsOn: ['first'] },
          ],
        },
        budget: { modelCalls: 2 },
      }),
    );
    const result = await handle.result();
    expect(result.steps.map((step) => [step.id, step.mode, step.fallbackReason])).toEqual([
      ['first', 'skipped', 'budget_exhausted'],
      ['second', 'skipped', 'budget_exhausted'],
    ]);
    expect(result.budget?.used.modelCalls).toBe(2);
    expect(result.steps[1]!.usage).toBeUndefined();
  });
});
