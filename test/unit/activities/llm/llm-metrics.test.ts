import type { MetricMeter } from '@temporalio/common';
import { recordModelCall } from '../../../../src/activities/llm/llm-metrics';

test('a model call counts its outcome, its tokens by direction and its cost in micro-dollars', () => {
  const added: [string, number, Record<string, unknown>][] = [];
  const meter = {
    createCounter: (name: string) => ({
      add: (value: number, tags: Record<string, unknown>) => added.push([name, value, tags]),
    }),
  } as unknown as MetricMeter;
  const labels = {
    agent: 'writer',
    model: 'openai.chat/gpt-4o-mini',
    price: { inputPerMillionTokens: 1, outputPerMillionTokens: 4 },
  };
  recordModelCall(meter, labels, { inputTokens: 1_000, outputTokens: 500 }, 'ok');
  recordModelCall(meter, labels, undefined, 'LlmRateLimited');
  const tags = { agent: 'writer', model: 'openai.chat/gpt-4o-mini' };
  expect(added).toEqual([
    ['steadfast_llm_calls_total', 1, { ...tags, outcome: 'ok' }],
    ['steadfast_llm_tokens_total', 1_000, { ...tags, direction: 'input' }],
    ['steadfast_llm_tokens_total', 500, { ...tags, direction: 'output' }],
    ['steadfast_llm_cost_microusd_total', 3_000, tags],
    ['steadfast_llm_calls_total', 1, { ...tags, outcome: 'LlmRateLimited' }],
  ]);
});
