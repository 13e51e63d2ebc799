/**
 * The LLM agents of `steadfast demo --scenario llm`, loaded by real worker processes (`--module`). Their models are
 * scripted (no API key, no network), and each misbehaves on purpose: the researcher's provider rate-limits and
 * fails, the writer's stream stops mid-way, the analyst's large model would spend past its budget, and the
 * reviewer's provider is down. Each step input says which of these strike (`"flaky"`, `"hang"`), so every batch
 * shows every path. Tools append their side effects to the demo ledger under their idempotency keys.
 */
import { z } from 'zod';
import { llmAgent } from '../../../activities/llm/llm-agent';
import { llmTool } from '../../../activities/llm/llm-tool';
import { scriptedModel, type ScriptedCall, type ScriptedTurn } from '../../../activities/llm/scripted-model';
import { recordEffect } from '../demo-ledger';

const timeouts = { scheduleToStart: '20s', startToClose: '30s', heartbeat: '2s' };
const retry = { maxAttempts: 3, initialInterval: '300ms' };

/** A tool whose every call is a side effect, recorded once per idempotency key (the ledger counts duplicates). */
function effectTool(name: string) {
  return llmTool({
    description: `${name} something`,
    inputSchema: z.object({ about: z.string() }),
    execute: async ({ about }, { context }) => {
      recordEffect({
        key: context.idempotencyKey,
        agent: `${context.agent}.${name}`,
        mode: 'primary',
        attempt: context.attempt,
      });
      return { [name]: `${name} on ${about}` };
    },
  });
}

/** The request marks the faults a step should meet; the marks reach the model in its first message. */
const marked = (call: ScriptedCall, mark: string) => call.firstMessage.includes(`"${mark}": true`);

function twoTurns(tool: string, answer: string, fault?: ScriptedTurn['fault']): (call: ScriptedCall) => ScriptedTurn {
  return (call) =>
    call.turn === 1
      ? {
          text: `Let me ${tool} first.`,
          toolCalls: [{ toolName: tool, input: { about: 'the topic' } }],
          ...(fault ? { fault } : {}),
        }
      : { text: answer };
}

export const researcher = llmAgent({
  name: 'llm-researcher',
  model: scriptedModel({
    modelId: 'flaky-model',
    chunkDelayMs: 20,
    // A flaky provider: the first attempt is rate-limited (retry after 1 s), the second fails with a 500.
    turns: (call) => {
      const turn = twoTurns('search', 'Findings: durable execution keeps every step of a conversation.')(call);
      if (!marked(call, 'flaky') || call.turn !== 1) return turn;
      if (call.attempt === 1)
        return { ...turn, fault: { kind: 'error', status: 429, retryAfterSeconds: 1, attempts: [1] } };
      if (call.attempt === 2) return { ...turn, fault: { kind: 'error', status: 500, attempts: [2] } };
      return turn;
    },
  }),
  system: 'You research a topic with the search tool, then summarise.',
  tools: { search: effectTool('search') },
  prices: { 'flaky-model': { inputPerMillionTokens: 0.5, outputPerMillionTokens: 1.5 } },
  timeouts,
  retry,
  fallback: { autonomous: false },
});

export const writer = llmAgent({
  name: 'llm-writer',
  model: scriptedModel({
    modelId: 'writer-model',
    chunkSize: 8,
    chunkDelayMs: 30,
    // A hung stream: the first attempt stops sending after a few tokens; the 2 s heartbeat timeout notices.
    turns: (call) =>
      twoTurns(
        'cite',
        'Draft: every model call and tool call is recorded, so a crash repeats none that finished.',
        marked(call, 'hang') ? { kind: 'stall', afterChunks: 4, attempts: [1] } : undefined,
      )(call),
  }),
  system: 'You write a short draft from the research, citing it.',
  tools: { cite: effectTool('cite') },
  prices: { 'writer-model': { inputPerMillionTokens: 0.5, outputPerMillionTokens: 1.5 } },
  timeouts,
  retry,
  fallback: { autonomous: false },
});

export const analystSmall = llmAgent({
  name: 'llm-analyst-small',
  model: scriptedModel({ modelId: 'small-model', turns: [{ text: 'Analysis (small model): the draft holds up.' }] }),
  prices: { 'small-model': { inputPerMillionTokens: 0.1, outputPerMillionTokens: 0.4 } },
  timeouts,
  retry,
  fallback: { autonomous: false },
});

export const analyst = llmAgent({
  name: 'llm-analyst',
  // A large model that keeps crunching numbers: the step's cost budget runs out before it answers.
  model: scriptedModel({
    modelId: 'large-model',
    turns: (call) => ({
      text: `Crunching part ${call.turn}.`,
      toolCalls: [{ toolName: 'crunch', input: { about: `part ${call.turn}` } }],
    }),
  }),
  system: 'You analyse the draft thoroughly.',
  tools: { crunch: effectTool('crunch') },
  prices: { 'large-model': { inputPerMillionTokens: 30, outputPerMillionTokens: 60 } },
  maxTurns: 30,
  maxOutputTokens: 200,
  timeouts,
  retry,
  fallback: { alternates: ['llm-analyst-small'], autonomous: false },
});

export const reviewerBackup = llmAgent({
  name: 'llm-reviewer-backup',
  model: scriptedModel({ modelId: 'backup-model', turns: [{ text: 'Review (backup provider): approved.' }] }),
  prices: { 'backup-model': { inputPerMillionTokens: 0.5, outputPerMillionTokens: 1.5 } },
  timeouts,
  retry,
  fallback: { autonomous: false },
});

export const reviewer = llmAgent({
  name: 'llm-reviewer',
  // A provider outage: every call answers 503. After three failed reviews its model's circuit opens.
  model: scriptedModel({ modelId: 'outage-model', outage: true, turns: [{ text: 'never' }] }),
  prices: { 'outage-model': { inputPerMillionTokens: 0.5, outputPerMillionTokens: 1.5 } },
  timeouts,
  retry: { maxAttempts: 2, initialInterval: '200ms' },
  fallback: { alternates: ['llm-reviewer-backup'], autonomous: false },
});

export const LLM_DEMO_AGENTS = [
  researcher.name,
  writer.name,
  analyst.name,
  analystSmall.name,
  reviewer.name,
  reviewerBackup.name,
] as const;
