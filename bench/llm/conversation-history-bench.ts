/**
 * History of a long LLM conversation: 200 turns of 20 KB replies (each turn a model call and a tool call), with
 * large payloads offloaded to the local store and older turns compacted. Reports each run's history (bytes, events)
 * after continue-as-new, and what the store holds; and, for contrast, a short conversation without offloading.
 */
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { llmAgent } from '../../src/activities/llm/llm-agent';
import { llmTool } from '../../src/activities/llm/llm-tool';
import { scriptedModel } from '../../src/activities/llm/scripted-model';
import { conversationWorkflowId } from '../../src/orchestration/conversation-api';
import { localPayloadStorage } from '../../src/payloads/payload-storage';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { SteadfastClient } from '../../src/client';
import { startDevServer } from '../../src/server/dev-server';
import { createAgentPoolWorkers } from '../../src/workers/agent-pool-workers';
import { createOrchestratorWorker } from '../../src/workers/orchestrator-worker';
import type { BenchPart } from '../support/bench-part';
import { round1, say } from '../support/progress';

const TURN_BYTES = 20 * 1024;
const THRESHOLD_BYTES = 4 * 1024;
const LIMIT_BYTES = 2 * 1024 * 1024;

export interface ConversationHistoryFigures {
  readonly turns: number;
  readonly turnBytes: number;
  readonly offloading: boolean;
  readonly keepTurns: number;
  readonly runs: readonly { readonly events: number; readonly bytes: number }[];
  readonly largestRunBytes: number;
  readonly largestRunMiB: number;
  readonly underTwoMiB: boolean;
  readonly storedPayloads: number;
  readonly storedMiB: number;
  readonly wallSeconds: number;
}

interface InProcess {
  readonly temporal: Client;
  readonly connection: Connection;
  readonly native: NativeConnection;
  readonly workflowBundle: string;
}

async function measure(
  env: InProcess,
  scratch: string,
  turns: number,
  offloading: boolean,
): Promise<ConversationHistoryFigures> {
  const directory = path.join(scratch, `payloads-${turns}-${offloading}`);
  const storage = offloading ? localPayloadStorage({ directory, thresholdBytes: THRESHOLD_BYTES }) : undefined;
  const keepTurns = 20;
  const text = (turn: number) => `turn ${turn}: `.padEnd(TURN_BYTES, 'lorem ipsum ');
  const agent = llmAgent({
    name: `long-talker-${turns}-${offloading ? 'offloaded' : 'inline'}`,
    model: scriptedModel({
      turns: (call) =>
        call.turn < turns
          ? { text: text(call.turn), toolCalls: [{ toolName: 'recall', input: { turn: call.turn } }] }
          : { text: 'done' },
    }),
    tools: {
      recall: llmTool({
        inputSchema: z.object({ turn: z.number() }),
        execute: async ({ turn }) => ({ turn, ok: true }),
      }),
    },
    maxTurns: turns,
    maxOutputTokens: 100_000,
    keepTurns,
    timeouts: { scheduleToStart: '30s', startToClose: '60s', heartbeat: '30s' },
  });
  const began = performance.now();
  const taskQueue = `llm-history-${turns}-${offloading}`;
  const orchestrator = await createOrchestratorWorker({
    connection: env.native,
    agents: [agent],
    taskQueue,
    workflowBundle: { codePath: env.workflowBundle },
    payloadStorage: storage,
  });
  const pool = await createAgentPoolWorkers({
    connection: env.native,
    client: env.temporal,
    agents: [agent],
    payloadStorage: storage,
  });
  const temporal = new Client({
    connection: env.connection,
    ...(storage ? { dataConverter: { externalStorage: storage } } : {}),
  });
  const client = SteadfastClient.fromClient(temporal, { taskQueue, healthRegistryId: `health-${taskQueue}` });
  const polling = [orchestrator.run(), pool.run()];
  try {
    const handle = await client.start({
      goal: 'talk for a long time',
      plan: { steps: [{ id: 'talk', agent: agent.name }] },
      agentHealth: { registryId: `health-${taskQueue}` },
    });
    await handle.result();
    const wallSeconds = round1((performance.now() - began) / 1000);
    const childId = conversationWorkflowId(handle.id, 'talk', 0);
    const listed = [];
    for await (const run of temporal.workflow.list({ query: `WorkflowId = '${childId}'` })) listed.push(run);
    listed.sort((a, b) => a.startTime.getTime() - b.startTime.getTime());
    const runs = await Promise.all(
      listed.map(async (run) => {
        const info = (await temporal.workflow.getHandle(childId, run.runId).describe()).raw.workflowExecutionInfo;
        return { events: Number(info?.historyLength ?? 0), bytes: Number(info?.historySizeBytes ?? 0) };
      }),
    );
    const largestRunBytes = Math.max(...runs.map((run) => run.bytes));
    const stored = offloading ? storedFiles(directory) : { count: 0, bytes: 0 };
    return {
      turns,
      turnBytes: TURN_BYTES,
      offloading,
      keepTurns,
      runs,
      largestRunBytes,
      largestRunMiB: Math.round((largestRunBytes / 1024 / 1024) * 100) / 100,
      underTwoMiB: largestRunBytes < LIMIT_BYTES,
      storedPayloads: stored.count,
      storedMiB: Math.round((stored.bytes / 1024 / 1024) * 10) / 10,
      wallSeconds,
    };
  } finally {
    orchestrator.shutdown();
    await pool.shutdown();
    await Promise.all(polling);
  }
}

function storedFiles(directory: string): { count: number; bytes: number } {
  let count = 0;
  let bytes = 0;
  for (const sub of fs.existsSync(directory) ? fs.readdirSync(directory) : []) {
    for (const file of fs.readdirSync(path.join(directory, sub))) {
      count += 1;
      bytes += fs.statSync(path.join(directory, sub, file)).size;
    }
  }
  return { count, bytes };
}

export const conversationHistoryPart: BenchPart = {
  name: 'llm-history',
  summary: 'history per run of a 200-turn LLM conversation with 20 KB turns (offloaded payloads, compaction)',
  async run(ctx) {
    const turns = ctx.sizes.quick ? 40 : 200;
    const server = await startDevServer({ port: 0, db: path.join(ctx.scratch, 'llm-history.db') });
    const connection = await Connection.connect({ address: server.address });
    const native = await NativeConnection.connect({ address: server.address });
    const env: InProcess = {
      temporal: new Client({ connection }),
      connection,
      native,
      workflowBundle: ctx.workflowBundle,
    };
    try {
      say(`  ${turns} turns of ${TURN_BYTES / 1024} KiB, payloads above ${THRESHOLD_BYTES / 1024} KiB offloaded`);
      const offloaded = await measure(env, ctx.scratch, turns, true);
      say(
        `    ${offloaded.runs.length} run(s), largest ${offloaded.largestRunMiB} MiB (${Math.max(...offloaded.runs.map((r) => r.events))} events); ` +
          `store ${offloaded.storedPayloads} payloads, ${offloaded.storedMiB} MiB; ${offloaded.wallSeconds}s`,
      );
      say('  10 turns without offloading, for contrast');
      const inline = await measure(env, ctx.scratch, 10, false);
      say(`    largest run ${inline.largestRunMiB} MiB after 10 turns`);
      ctx.record(
        'llm-history',
        {
          conversation: `scripted model; every turn a ${TURN_BYTES}-byte reply and a tool call; keepTurns 20; continueAsNewAfterEvents 1000 (the default)`,
          server: 'embedded server in-process on a temp-file database; orchestrator worker and pool in-process',
        },
        { offloaded, inline },
      );
    } finally {
      await connection.close();
      await native.close();
      await server.close();
    }
  },
};
