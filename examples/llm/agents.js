/**
 * LLM agents against any OpenAI-compatible chat-completions endpoint (Ollama, vLLM, LM Studio, llama.cpp, OpenAI...):
 *
 *   OPENAI_BASE_URL=http://127.0.0.1:11434/v1 STEADFAST_LLM_MODEL=llama3.2 [OPENAI_API_KEY=...]
 *
 * Without OPENAI_BASE_URL every agent runs on a scripted model (no API key, no network), so the example works as is.
 * Load it with `--module examples/llm/agents.js` (docs/llm-agents.md walks through it).
 *
 *   researcher   looks facts up with its `lookup` tool, then summarises them
 *   writer       writes the brief from the research; if its model fails it falls back to the `editor`
 *   editor       the writer's alternate, with a tighter output limit
 */
'use strict';
const { z } = require('zod');
const { llmAgent, llmTool, scriptedModel } = require('steadfast/llm');

const baseURL = process.env.OPENAI_BASE_URL;
const modelId = process.env.STEADFAST_LLM_MODEL ?? 'gpt-4o-mini';

/** The endpoint's model, or a scripted stand-in that answers `turns` in order. */
function model(turns) {
  if (!baseURL) return scriptedModel({ modelId: `scripted-${modelId}`, turns, chunkDelayMs: 10 });
  return {
    provider: 'openai-compatible',
    name: 'endpoint',
    baseURL,
    model: modelId,
    // A local server usually needs no key; a hosted one reads it from OPENAI_API_KEY.
    ...(process.env.OPENAI_API_KEY ? { apiKeyEnv: 'OPENAI_API_KEY' } : {}),
  };
}

const FACTS = {
  'durable execution': 'Durable execution records every step of a program so that a crash resumes it where it stopped.',
  heartbeats: 'A heartbeat tells the server a long task is alive; silence past the heartbeat timeout means it hung.',
};

const lookup = llmTool({
  description: 'Looks up a short fact about a topic',
  inputSchema: z.object({ topic: z.string().describe('the topic, e.g. "durable execution"') }),
  execute: async ({ topic }, { context }) => ({
    topic,
    fact: FACTS[topic.toLowerCase()] ?? `No stored fact about ${topic}.`,
    // Side-effecting tools pass this on, so a retried call is not performed twice.
    idempotencyKey: context.idempotencyKey,
  }),
  timeout: '10s',
  retry: { maxAttempts: 3, initialInterval: '500ms' },
});

const timeouts = { scheduleToStart: '30s', startToClose: '3m', heartbeat: '15s' };

const researcher = llmAgent({
  name: 'researcher',
  model: model([
    { text: 'I will look that up.', toolCalls: [{ toolName: 'lookup', input: { topic: 'durable execution' } }] },
    { text: 'Durable execution records every step of a program, so a crash resumes it where it stopped.' },
  ]),
  system: 'You research a topic. Use the lookup tool once, then answer with two sentences of findings.',
  tools: { lookup },
  maxTurns: 4,
  maxOutputTokens: 400,
  timeouts,
});

const editor = llmAgent({
  name: 'editor',
  model: model([
    { text: 'Brief: durable execution lets long LLM conversations survive crashes without paying twice.' },
  ]),
  system: 'You write a three-sentence brief from the research you are given.',
  maxOutputTokens: 200,
  timeouts,
});

const writer = llmAgent({
  name: 'writer',
  model: model([
    {
      text:
        'Brief: durable execution records every model call and tool call of a conversation, so a crash repeats ' +
        'only the call in flight and never pays twice for one that finished.',
    },
  ]),
  system: 'You write a three-sentence brief from the research you are given.',
  maxOutputTokens: 600,
  // Prices in US dollars per million tokens; budgets in the request are charged from them.
  prices: {
    [modelId]: { inputPerMillionTokens: 0.15, outputPerMillionTokens: 0.6 },
    [`scripted-${modelId}`]: { inputPerMillionTokens: 0.15, outputPerMillionTokens: 0.6 },
  },
  timeouts,
  fallback: { alternates: ['editor'] },
});

module.exports = { researcher, writer, editor };
