/**
 * A durable conversation across kill -9: of the agent pool in the middle of a model call, and of the orchestrator
 * worker while a model call is in flight. Counted at the model server: every finished model call is made exactly
 * once; only the call the killed pool was making is made again. Tool side effects happen once per idempotency key.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readJsonLines } from '../../src/activities/json-lines-file';
import { SteadfastClient } from '../../src/client';
import { startDevServerProcess, type DevServerProcess } from '../../src/server/dev-server-process';
import {
  startAgentPoolProcess,
  startOrchestratorWorkerProcess,
  type WorkerChildProcess,
} from '../../src/workers/worker-child-process';
import { currentWorkflowBundleFile } from '../support/chaos/chaos-cluster';
import { startFakeOpenAiServer, type FakeOpenAiServer, type FakeTurn } from '../support/llm/fake-openai-server';
import { LLM_CHAOS_AGENT, LLM_CHAOS_MODEL, type NoteEntry } from '../support/llm/llm-chaos-agents';
import { waitUntil } from '../support/wait-until';

jest.setTimeout(180_000);

let fake: FakeOpenAiServer;
let server: DevServerProcess;
let client: SteadfastClient;
let scratch: string;
const children: WorkerChildProcess[] = [];

beforeEach(async () => {
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'steadfast-llm-chaos-'));
  fake = await startFakeOpenAiServer();
  server = await startDevServerProcess({ db: path.join(scratch, 'server.db'), cwd: scratch });
  client = await SteadfastClient.connect({ address: server.address, healthRegistryId: 'llm-chaos-health' });
});

afterEach(async () => {
  await Promise.all(children.splice(0).map((child) => child.kill('SIGKILL')));
  await client?.close().catch(() => undefined);
  await server?.stop().catch(() => undefined);
  await fake?.close();
  fs.rmSync(scratch, { recursive: true, force: true });
});

function compiledModule(): string {
  for (let dir = __dirname; path.dirname(dir) !== dir; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'dist', 'test', 'support', 'llm', 'llm-chaos-agents.js');
    if (fs.existsSync(candidate)) return candidate;
  }
  throw new Error('llm-chaos-agents.js is not built; run npx tsc -p tsconfig.build.json first');
}

const ledger = () => path.join(scratch, 'notes.jsonl');

function spawnOptions() {
  return {
    cwd: scratch,
    env: {
      ...process.env,
      STEADFAST_LOG_LEVEL: 'WARN',
      STEADFAST_TEST_LLM_BASE_URL: fake.baseURL,
      STEADFAST_TEST_LLM_LEDGER: ledger(),
    },
  };
}

async function startOrchestrator(identity: string): Promise<WorkerChildProcess> {
  const child = await startOrchestratorWorkerProcess(
    {
      address: server.address,
      module: compiledModule(),
      identity,
      workflowBundle: await currentWorkflowBundleFile(),
      stickyQueueScheduleToStartTimeout: '1s',
    },
    spawnOptions(),
  );
  children.push(child);
  return child;
}

async function startPool(identity: string): Promise<WorkerChildProcess> {
  const child = await startAgentPoolProcess(
    { address: server.address, module: compiledModule(), identity, shutdownGraceTime: '1s' },
    spawnOptions(),
  );
  children.push(child);
  return child;
}

/** Five turns: four write a note, the fifth answers. `slowTurn` takes seconds to start answering, so a kill lands in it. */
function script(slowTurn: number): FakeTurn[] {
  return [1, 2, 3, 4, 5].map((turn) => ({
    ...(turn < 5
      ? { text: `note ${turn}`, toolCalls: [{ name: 'note', arguments: { text: `part ${turn}` } }] }
      : { text: 'all notes written' }),
    ...(turn === slowTurn ? { faults: { 1: { kind: 'slow-first-token' as const, delayMs: 4_000 } } } : {}),
  }));
}

async function startConversation() {
  return client.start(
    { goal: 'write notes', plan: { steps: [{ id: 'notes', agent: LLM_CHAOS_AGENT }] } },
    { id: `llm-chaos-${Date.now()}` },
  );
}

/** The model call of `turn` has reached the model server. */
function inFlight(turn: number) {
  return waitUntil(() => fake.requests(LLM_CHAOS_MODEL).some((request) => request.turn === turn), {
    what: `the model call of turn ${turn}`,
    timeoutMs: 60_000,
  });
}

function requestsPerTurn(): Record<number, number> {
  const counts: Record<number, number> = {};
  for (const request of fake.requests(LLM_CHAOS_MODEL)) counts[request.turn] = (counts[request.turn] ?? 0) + 1;
  return counts;
}

function expectNotesOnce(handleId: string): void {
  const notes = readJsonLines<NoteEntry>(ledger());
  const keys = notes.map((note) => note.key);
  expect(new Set(keys).size).toBe(keys.length);
  expect(keys.sort()).toEqual([1, 2, 3, 4].map((turn) => `${handleId}/notes/0/turn-${turn}/call-0`).sort());
}

test('kill -9 of the agent pool mid model call: only that call is made again', async () => {
  fake.script(LLM_CHAOS_MODEL, script(3));
  await startOrchestrator('llm-orchestrator');
  const pool = await startPool('llm-pool-1');
  const handle = await startConversation();
  await inFlight(3);
  await pool.kill('SIGKILL');
  await startPool('llm-pool-2');
  const result = await handle.result();
  expect(result.output).toBe('all notes written');
  expect(requestsPerTurn()).toEqual({ 1: 1, 2: 1, 3: 2, 4: 1, 5: 1 });
  expectNotesOnce(handle.id);
  // The attempt that died with its pool was declared hung and charged as a call.
  expect(result.steps[0]!.usage?.modelCalls).toBe(6);
});

test('kill -9 of the orchestrator worker mid conversation: no model call is made again', async () => {
  fake.script(LLM_CHAOS_MODEL, script(3));
  const first = await startOrchestrator('llm-orchestrator-1');
  await startPool('llm-pool');
  const handle = await startConversation();
  await inFlight(3);
  await first.kill('SIGKILL');
  await startOrchestrator('llm-orchestrator-2');
  const result = await handle.result();
  expect(result.output).toBe('all notes written');
  expect(requestsPerTurn()).toEqual({ 1: 1, 2: 1, 3: 1, 4: 1, 5: 1 });
  expectNotesOnce(handle.id);
  expect(result.steps[0]!.usage?.modelCalls).toBe(5);
});
