/**
 * Agents module of the LLM crash tests, loaded by real worker processes (`--module`): one LLM agent on the local
 * OpenAI-compatible test server (STEADFAST_TEST_LLM_BASE_URL), whose `note` tool appends each side effect to a
 * ledger (STEADFAST_TEST_LLM_LEDGER) under its idempotency key.
 */
import { z } from 'zod';
import { appendJsonLine } from '../../../src/activities/json-lines-file';
import { llmAgent } from '../../../src/activities/llm/llm-agent';
import { llmTool } from '../../../src/activities/llm/llm-tool';

export const LLM_CHAOS_AGENT = 'chaos-writer';
export const LLM_CHAOS_MODEL = 'chaos-model';

export interface NoteEntry {
  readonly key: string;
  readonly text: string;
  readonly pid: number;
}

export const writer = llmAgent({
  name: LLM_CHAOS_AGENT,
  model: {
    provider: 'openai-compatible',
    model: LLM_CHAOS_MODEL,
    name: 'fake',
    baseURL: process.env.STEADFAST_TEST_LLM_BASE_URL ?? 'http://127.0.0.1:9/v1',
  },
  system: 'You write notes.',
  tools: {
    note: llmTool({
      inputSchema: z.object({ text: z.string() }),
      execute: async ({ text }, { context }) => {
        const ledger = process.env.STEADFAST_TEST_LLM_LEDGER;
        if (ledger) appendJsonLine(ledger, { key: context.idempotencyKey, text, pid: process.pid } satisfies NoteEntry);
        return { noted: text };
      },
      timeout: '10s',
    }),
  },
  maxTurns: 20,
  // A pool killed mid-call is noticed after 2 s of silence; its call is made again, once.
  timeouts: { scheduleToStart: '60s', startToClose: '60s', heartbeat: '2s' },
  retry: { maxAttempts: 5, initialInterval: '200ms' },
  fallback: { autonomous: false },
});
