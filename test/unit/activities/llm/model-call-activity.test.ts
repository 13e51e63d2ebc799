/**
 * The model-call activity with the AI SDK's mock models: the output limit the budget left reaches the provider,
 * streamed parts become heartbeats, tool calls come back unexecuted, and a provider error is classified.
 */
import type { LanguageModelV4CallOptions, LanguageModelV4StreamPart } from '@ai-sdk/provider';
import { ApplicationFailure } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import { APICallError } from 'ai';
import { MockLanguageModelV4, simulateReadableStream } from 'ai/test';
import { z } from 'zod';
import { llmAgent } from '../../../../src/activities/llm/llm-agent';
import { llmTool } from '../../../../src/activities/llm/llm-tool';
import { createModelCallActivity } from '../../../../src/activities/llm/model-call-activity';
import type { ModelCallHeader, ModelCallResult } from '../../../../src/orchestration/conversation-api';
import type { TranscriptMessage } from '../../../../src/orchestration/conversation-transcript';

const header: ModelCallHeader = {
  conversationId: 'o/s/llm-0',
  orchestrationId: 'o',
  stepId: 's',
  agent: 'writer',
  mode: 'primary',
  turn: 2,
  attempt: 1,
  maxOutputTokens: 77,
  inputTokensEstimate: 40,
  droppedTurns: 3,
};
const task = { goal: 'Write about tides', input: { topic: 'tides' }, results: {} };
const usage = {
  inputTokens: { total: 40, noCache: 40, cacheRead: undefined, cacheWrite: undefined },
  outputTokens: { total: 9, text: 9, reasoning: undefined },
};

function agentOn(model: MockLanguageModelV4) {
  return llmAgent({
    name: 'writer',
    model,
    system: 'You write.',
    tools: { lookup: llmTool({ inputSchema: z.object({ q: z.string() }), execute: async () => 'never here' }) },
  });
}

test('streams, heartbeats per part, clamps the output and returns the tool calls unexecuted', async () => {
  const calls: LanguageModelV4CallOptions[] = [];
  const parts: LanguageModelV4StreamPart[] = [
    { type: 'stream-start', warnings: [] },
    { type: 'text-start', id: 't' },
    { type: 'text-delta', id: 't', delta: 'Looking ' },
    { type: 'text-delta', id: 't', delta: 'it up.' },
    { type: 'text-end', id: 't' },
    { type: 'tool-call', toolCallId: 'c1', toolName: 'lookup', input: '{"q":"tides"}' },
    { type: 'finish', usage, finishReason: { unified: 'tool-calls', raw: 'tool_calls' } },
  ];
  const model = new MockLanguageModelV4({
    doStream: async (options) => {
      calls.push(options);
      return { stream: simulateReadableStream({ chunks: parts }) };
    },
  });
  const agent = agentOn(model);
  const env = new MockActivityEnvironment({ heartbeatTimeoutMs: 3_000 });
  const beats: unknown[] = [];
  env.on('heartbeat', (details: unknown) => beats.push(details));

  const earlier: TranscriptMessage = { role: 'assistant', content: 'earlier answer' };
  const activity = createModelCallActivity('writer', agent.llm!);
  const result: ModelCallResult = await env.run(activity, header, task, earlier);

  expect(result).toMatchObject({
    text: 'Looking it up.',
    toolCalls: [{ toolCallId: 'c1', toolName: 'lookup', input: { q: 'tides' } }],
    finishReason: 'tool-calls',
    usage: { inputTokens: 40, outputTokens: 9 },
    usageReported: true,
  });
  expect(result.message).toMatchObject({ role: 'assistant' });
  const call = calls[0]!;
  expect(call.maxOutputTokens).toBe(77);
  expect(call.providerOptions?.steadfast).toEqual({ conversationId: 'o/s/llm-0', turn: 2, attempt: 1 });
  // System prompt, the first message built from the task (with the note on dropped turns), then the window.
  expect(call.prompt.map((message) => message.role)).toEqual(['system', 'user', 'assistant']);
  expect(JSON.stringify(call.prompt[1])).toContain('3 earlier turns were left out');
  expect(call.tools?.map((tool) => tool.name)).toEqual(['lookup']);
  expect(beats.length).toBeGreaterThanOrEqual(parts.length);
  expect(beats.at(-1)).toEqual({ inputTokensEstimate: 40, outputTokensSoFar: 4, chunks: 6 });
});

test('a 429 fails the attempt as LlmRateLimited with the retry-after', async () => {
  const model = new MockLanguageModelV4({
    doStream: async () => {
      throw new APICallError({
        message: 'Too many requests',
        url: 'http://provider/v1/chat/completions',
        requestBodyValues: {},
        statusCode: 429,
        responseHeaders: { 'retry-after': '4' },
      });
    },
  });
  const env = new MockActivityEnvironment({ heartbeatTimeoutMs: 3_000 });
  const failure = await env
    .run(createModelCallActivity('writer', agentOn(model).llm!), header, task)
    .catch((e: unknown) => e);
  expect(failure).toBeInstanceOf(ApplicationFailure);
  expect(failure).toMatchObject({
    type: 'LlmRateLimited',
    nonRetryable: false,
    nextRetryDelay: 4_000,
    details: [{ classification: 'LlmRateLimited', statusCode: 429, retryAfterMs: 4_000 }],
  });
});
