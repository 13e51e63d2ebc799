/**
 * An orchestrator worker process killed with kill -9 in the middle of an orchestration: another orchestrator
 * process picks it up from its history and finishes it, and the agents' ledger shows that no step ran twice.
 * Real processes (compiled entry points in dist/): the orchestrator workers and the agent pool.
 */
import path from 'node:path';
import { temporal } from '@temporalio/proto';
import { SteadfastClient } from '../../../src/client';
import { startAgentPoolProcess, startOrchestratorWorkerProcess } from '../../../src/workers/worker-child-process';
import { readLedger } from '../../fixtures/agents/ledger-agents';
import { historyEvents } from '../../support/history-checks';
import { logged } from '../../support/test-log';
import { LEDGER_AGENTS_MODULE, startWorkerProcessBed, type WorkerProcessBed } from '../../support/worker-process-bed';
import { waitUntil } from '../../support/wait-until';

let bed: WorkerProcessBed;

// Orchestrator processes load a prebuilt bundle instead of bundling at start, so each one is up in a moment.
beforeAll(async () => {
  bed = await startWorkerProcessBed('steadfast-crash-');
});

afterAll(async () => bed?.close());

test('a killed orchestrator worker is replaced by another that finishes the run, with no step executed twice', async () => {
  const taskQueue = bed.env.taskQueue('orchestrator');
  const registryId = `health-${path.basename(bed.scratch)}`;
  const ledger = path.join(bed.scratch, 'ledger.jsonl');
  const address = bed.env.server.address;
  const orchestratorFlags = {
    address,
    module: LEDGER_AGENTS_MODULE,
    taskQueue,
    workflowBundle: bed.bundleFile,
    // Hand the dead worker's cached orchestrations to the survivor quickly.
    stickyQueueScheduleToStartTimeout: '1s',
  };

  bed.track(logged('agent pool', await startAgentPoolProcess({ address, module: LEDGER_AGENTS_MODULE })));
  const first = logged(
    'orchestrator-first',
    await startOrchestratorWorkerProcess({ ...orchestratorFlags, identity: 'orchestrator-first' }),
  );
  bed.track(first);

  const client = SteadfastClient.fromClient(bed.env.client, { taskQueue, healthRegistryId: registryId });
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
  bed.track(
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
  const events = await historyEvents(bed.env.client, handle.id);
  const deciders = new Set(
    events
      .filter((event) => event.eventType === temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED)
      .map((event) => event.workflowTaskCompletedEventAttributes?.identity),
  );
  expect([...deciders].sort()).toEqual(['orchestrator-first', 'orchestrator-second']);
});
