/**
 * Large prompts and replies stay out of the history: above the threshold, payloads go to the local store and the
 * history holds references; the run still completes, its result reads back in full, and it replays — with the store,
 * and not without it (the references are real).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Worker } from '@temporalio/worker';
import { z } from 'zod';
import { llmAgent } from '../../../src/activities/llm/llm-agent';
import { llmTool } from '../../../src/activities/llm/llm-tool';
import { scriptedModel } from '../../../src/activities/llm/scripted-model';
import { conversationWorkflowId } from '../../../src/orchestration/conversation-api';
import { localPayloadStorage } from '../../../src/payloads/payload-storage';
import { historyProblems } from '../../support/history-checks';
import { historyBytes, isReference, largestInlinePayload, payloadsOf } from '../../support/llm/history-payloads';
import { orchestratorBundle, startSteadfastEnv, uniqueAgentName, type SteadfastEnv } from '../../support/steadfast-env';

let env: SteadfastEnv;
let dir: string;
beforeAll(async () => {
  env = await startSteadfastEnv();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'steadfast-payloads-'));
});
afterAll(async () => {
  await env?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const TURN_BYTES = 20_000;
const TURNS = 8;
const bigText = (turn: number) => `turn ${turn} `.padEnd(TURN_BYTES, 'x');

test('20 KB turns are stored once and referenced; the history stays small and the run replays', async () => {
  const storage = localPayloadStorage({ directory: dir, thresholdBytes: 4_096 });
  const name = uniqueAgentName('verbose');
  const agent = llmAgent({
    name,
    model: scriptedModel({
      turns: (call) =>
        call.turn < TURNS
          ? { text: bigText(call.turn), toolCalls: [{ toolName: 'fetch', input: { page: call.turn } }] }
          : { text: bigText(call.turn) },
      // Streamed in large parts: this test is about where payloads go, not about thousands of 16-character deltas.
      chunkSize: 4_096,
    }),
    tools: {
      fetch: llmTool({ inputSchema: z.object({ page: z.number() }), execute: async ({ page }) => bigText(100 + page) }),
    },
    maxTurns: TURNS,
    maxOutputTokens: 20_000,
    // Generous: this test is about offloading, and a loaded CI machine must not turn slow calls into hangs.
    timeouts: { scheduleToStart: '30s', startToClose: '60s', heartbeat: '20s' },
  });
  await env.withWorkers({ agents: [agent], payloadStorage: storage }, async (ctx) => {
    const handle = await ctx.client.start(
      ctx.request({ goal: 'write a lot', plan: { steps: [{ id: 'write', agent: name }] } }),
    );
    const result = await handle.result();
    expect(result.output).toBe(bigText(TURNS));

    const childId = conversationWorkflowId(handle.id, 'write', 0);
    const history = await env.test.client.workflow.getHandle(childId).fetchHistory();
    const events = history.events ?? [];
    expect(historyProblems(events)).toEqual([]);
    const references = payloadsOf(events).filter(isReference);
    expect(references.length).toBeGreaterThanOrEqual(2 * TURNS);
    expect(largestInlinePayload(events)).toBeLessThan(4_096);
    // Without offloading, every model call would carry the window of earlier 20 KB turns inline: far more than this.
    expect(historyBytes(events)).toBeLessThan(TURNS * TURN_BYTES);

    const bundle = await orchestratorBundle();
    await expect(
      Worker.runReplayHistory(
        { workflowBundle: bundle, dataConverter: { externalStorage: storage } },
        history,
        childId,
      ),
    ).resolves.toBeUndefined();
    await expect(Worker.runReplayHistory({ workflowBundle: bundle }, history, childId)).rejects.toThrow();
  });
}, 180_000); // seconds alone; eight 20 KB turns and a replay take far longer on a loaded machine
