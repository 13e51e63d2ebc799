/**
 * An orchestrator worker process killed with kill -9 in the middle of an orchestration: another orchestrator
 * process picks it up from its history and finishes it, and the agents' ledger shows that no step ran twice.
 * Real processes (compiled entry points in dist/): the orchestrator workers and the agent pool.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { temporal } from '@temporalio/proto';
import { SteadfastClient } from '../../../src/client';
import {
  startAgentPoolProcess,
  startOrchestratorWorkerProcess,
  type WorkerChildProcess,
} from '../../../src/workers/worker-child-process';
import { writeOrchestratorWorkflowBundle } from '../../../src/workers/orchestrator-workflows';
import { readLedger } from '../../fixtures/agents/ledger-agents';
import { historyEvents } from '../../support/history-checks';
import { logged } from '../../support/test-log';
import { startTestEnv, type TestEnv } from '../../support/test-server';
import { waitUntil } from '../../support/wait-until';

const AGENTS_MODULE = path.resolve(__dirname, '../../../dist/test/fixtures/agents/ledger-agents.js');

let env: TestEnv;
let scratch: string;
let bundleFile: string;
const processes: WorkerChildProcess[] = [];

beforeAll(async () => {
  if (!fs.existsSync(AGENTS_MODULE))
    throw new Error(`${AGENTS_MODULE} is missing: build first with npx tsc -p tsconfig.build.json`);
  env = await startTestEnv();
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'steadfast-crash-'));
  bundleFile = path.join(scratch, 'orchestrator-workflows.js');
  // Both orchestrator processes load this bundle instead of bundling at start, so the second one is up in a moment.
  await writeOrchestratorWorkflowBundle(bundleFile);
});

afterAll(async () => {
  await Promise.all(processes.map((child) => child.kill('SIGKILL')));
  await env?.close();
  if (scratch) fs.rmSync(scratch, { recursive: true, force: true });
});

test('a killed orchestrator worker is replaced by another that finishes the run, with no step executed twice', async () => {
  const taskQueue = env.taskQueue('orchestrator');
  const registryId = `health-${path.basename(scratch)}`;
  const ledger = path.join(scratch, 'ledger.jsonl');
  const address = env.server.address;
  const orchestratorFlags = {
    address,
    module: AGENTS_MODULE,
    taskQueue,
    workflowBundle: bundleFile,
    // Hand the dead worker's cached orchestrations to the survivor quickly.
    stickyQueueScheduleToStartTimeout: '1s',
  };

  processes.push(logged('agent pool', await startAgentPoolProcess({ address, module: AGENTS_MODULE })));
  const first = logged(
    'orchestrator-first',
    await startOrchestratorWorkerProcess({ ...orchestratorFlags, identity: 'orchestrator-first' }),
  );
  processes.push(first);

  const client = SteadfastClient.fromClient(env.client, { taskQueue, healthRegistryId: registryId });
  const steps = Array.from({ length: 6 }, (_, i) => `s${i + 1}`);
  const handle = await client.start({
    goal: 'write six entries',
    plan: {
      steps: steps.map((id, i) => ({
        id,
        agent: 'ledger-writer',
        input: { ledger, workMs: 300 },
        dependsOn: i === 0 ? [] : [steps[i - 1]!],
      })),
    },
    agentHealth: { registryId },
  });

  await waitUntil(() => readLedger(ledger).some((entry) => entry.stepId === 's3' && entry.event === 'started'), {
    what: 'the third step to start',
    timeoutMs: 30_000,
  });
  expect(await first.kill('SIGKILL')).toEqual({ code: null, signal: 'SIGKILL' });
  processes.push(
    logged(
      'orchestrator-second',
      await startOrchestratorWorkerProcess({ ...orchestratorFlags, identity: 'orchestrator-second' }),
    ),
  );

  const result = await handle.result();
  expect(result.status).toBe('completed');
  expect(result.steps.map((step) => [step.id, step.state, step.mode])).toEqual(
    steps.map((id) => [id, 'succeeded', 'primary']),
  );

  // Every step started and finished exactly once, under its own idempotency key.
  const entries = readLedger(ledger);
  for (const id of steps) {
    const key = `${handle.id}/${id}`;
    expect(entries.filter((entry) => entry.key === key).map((entry) => [entry.event, entry.attempt])).toEqual([
      ['started', 1],
      ['finished', 1],
    ]);
  }

  // Both processes completed workflow tasks of this run: the second one finished what the first began.
  const events = await historyEvents(env.client, handle.id);
  const deciders = new Set(
    events
      .filter((event) => event.eventType === temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED)
      .map((event) => event.workflowTaskCompletedEventAttributes?.identity),
  );
  expect([...deciders].sort()).toEqual(['orchestrator-first', 'orchestrator-second']);
});
