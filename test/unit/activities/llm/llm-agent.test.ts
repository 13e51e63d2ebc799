/** Bad input to llmAgent is refused when the agents module loads, with the field named. */
import { jsonSchema, tool } from 'ai';
import { z } from 'zod';
import { llmAgent } from '../../../../src/activities/llm/llm-agent';
import { llmTool } from '../../../../src/activities/llm/llm-tool';
import { scriptedModel } from '../../../../src/activities/llm/scripted-model';
import { InvalidConfigError } from '../../../../src/config/parse-config';
import { parseOrchestrationRequest } from '../../../../src/config/orchestration-request';

function problemsOf(make: () => unknown): string[] {
  try {
    make();
  } catch (error) {
    if (error instanceof InvalidConfigError) return [...error.problems];
    throw error;
  }
  throw new Error('expected an InvalidConfigError');
}

const model = scriptedModel({ modelId: 'tiny', turns: [{ text: 'ok' }] });

describe('llmAgent definitions', () => {
  it('an unknown provider names model.provider', () => {
    const problems = problemsOf(() =>
      llmAgent({ name: 'a', model: { provider: 'openia', model: 'gpt-4o-mini' } as never }),
    );
    expect(problems).toEqual([
      'model.provider: unknown provider "openia": expected one of "openai", "anthropic", "openai-compatible"',
    ]);
  });

  it('a missing API key names model.apiKey and the environment variable', () => {
    const saved = process.env.OPENAI_API_KEY;
    delete process.env.OPENAI_API_KEY;
    try {
      expect(problemsOf(() => llmAgent({ name: 'a', model: { provider: 'openai', model: 'gpt-4o-mini' } }))).toEqual([
        'model.apiKey: missing: set OPENAI_API_KEY or pass model.apiKey',
      ]);
    } finally {
      if (saved !== undefined) process.env.OPENAI_API_KEY = saved;
    }
  });

  it('a tool schema that is not zod names the tool', () => {
    const notZod = tool({ inputSchema: jsonSchema({ type: 'object' }), execute: async () => 'x' });
    expect(problemsOf(() => llmAgent({ name: 'a', model, tools: { search: notZod } }))).toEqual([
      'tools.search.inputSchema: expected a zod schema such as z.object({ ... }), got an AI SDK jsonSchema(...)',
    ]);
  });

  it('a price table without the model in use names prices', () => {
    const problems = problemsOf(() =>
      llmAgent({ name: 'a', model, prices: { 'gpt-4o': { inputPerMillionTokens: 1, outputPerMillionTokens: 2 } } }),
    );
    expect(problems).toEqual([
      'prices: no price for the agent\'s model "tiny" (or "scripted/tiny"); prices are given for: gpt-4o',
    ]);
  });

  it('a budget of zero is refused, in the agent and in a request', () => {
    expect(problemsOf(() => llmAgent({ name: 'a', model, budget: { costUsd: 0 } }))).toEqual([
      'budget.costUsd: must be greater than 0 (leave the field out for no limit)',
    ]);
    expect(
      problemsOf(() =>
        parseOrchestrationRequest({ goal: 'g', plan: { steps: [{ id: 's', agent: 'a' }] }, budget: { modelCalls: 0 } }),
      ),
    ).toEqual(['budget.modelCalls: must be greater than 0 (leave the field out for no limit)']);
  });

  it('a valid agent carries its model, price, tools and guards into its policy', () => {
    const agent = llmAgent({
      name: 'writer',
      model,
      prices: { tiny: { inputPerMillionTokens: 1, outputPerMillionTokens: 4 } },
      tools: { lookup: llmTool({ inputSchema: z.object({ q: z.string() }), execute: async () => 1, timeout: '5s' }) },
      maxTurns: 4,
    });
    expect(agent.policy.llm).toMatchObject({
      model: 'scripted/tiny',
      circuitKey: 'model:scripted/tiny',
      price: { inputPerMillionTokens: 1, outputPerMillionTokens: 4 },
      maxTurns: 4,
      tools: { lookup: { timeouts: { startToClose: 5_000, scheduleToStart: 10_000 } } },
    });
    expect(agent.llm?.tools.lookup).toBeDefined();
  });
});
