/**
 * Issue 14, finding 8, as it was reported: an agent pool process killed with kill -9 mid-step, and no other pool.
 * The server abandons the attempt at its heartbeat timeout ("agent hung"), the retry waits for a pool until its
 * schedule-to-start timeout ("no agent reachable"), and the step's record keeps both, in the client's status and
 * in `steadfast status`. Real processes: the orchestrator worker (prebuilt bundle) and the agent pool.
 */
import path from 'node:path';
import { OrchestrationFailedError, SteadfastClient } from '../../../src/client';
import type { StepStatus } from '../../../src/client';
import { startAgentPoolProcess, startOrchestratorWorkerProcess } from '../../../src/workers/worker-child-process';
import { readLedger } from '../../fixtures/agents/ledger-agents';
import { runCli } from '../../support/cli-process';
import { rejectionOf } from '../../support/rejection-of';
import { logged } from '../../support/test-log';
import { LEDGER_AGENTS_MODULE, startWorkerProcessBed, type WorkerProcessBed } from '../../support/worker-process-bed';
import { waitUntil } from '../../support/wait-until';

let bed: WorkerProcessBed;

// Orchestrator processes load a prebuilt bundle instead of bundling at start, so each one is up in a moment.
beforeAll(async () => {
  bed = await startWorkerProcessBed('steadfast-pool-kill-');
}, 120_000);

afterAll(async () => bed?.close());

const EXPECTED_CHAIN =
  'primary ledger-writer failed: no agent reachable (schedule-to-start timeout) (after: agent hung (heartbeat timeout))';

test('a pool killed mid-step: the step shows the hung attempt and the final "no agent reachable"', async () => {
  const taskQueue = bed.env.taskQueue('orchestrator');
  const registryId = `health-${path.basename(bed.scratch)}`;
  const ledger = path.join(bed.scratch, 'ledger.jsonl');
  const address = bed.env.server.address;
  const pool = logged('agent pool', await startAgentPoolProcess({ address, module: LEDGER_AGENTS_MODULE }));
  bed.track(pool);
  bed.track(
    logged(
      'orchestrator',
      await startOrchestratorWorkerProcess({
        address,
        module: LEDGER_AGENTS_MODULE,
        taskQueue,
        workflowBundle: bed.bundleFile,
      }),
    ),
  );

  const client = SteadfastClient.fromClient(bed.env.client, { taskQueue, healthRegistryId: registryId });
  const handle = await client.start({
    goal: 'one long step',
    plan: {
      steps: [
        {
          id: 'long',
          agent: 'ledger-writer',
          input: { ledger, workMs: 120_000 },
          timeouts: { heartbeat: '1s', scheduleToStart: '2s' },
          retry: { maxAttempts: 3, initialInterval: '100ms' },
        },
      ],
    },
    agentHealth: { registryId },
  });
  await waitUntil(() => readLedger(ledger).some((entry) => entry.stepId === 'long' && entry.pid === pool.pid), {
    what: 'the step to start on the pool',
    timeoutMs: 30_000,
  });
  expect(await pool.kill('SIGKILL')).toEqual({ code: null, signal: 'SIGKILL' });

  // ledger-writer has no autonomous handler: with the pool gone, the step and so the orchestration fail.
  const failure = await rejectionOf(handle.result());
  expect(failure).toBeInstanceOf(OrchestrationFailedError);
  const step = (failure as OrchestrationFailedError).status?.steps.find((s: StepStatus) => s.id === 'long');
  expect(step?.branches).toEqual([
    expect.objectContaining({
      mode: 'primary',
      outcome: 'failed',
      reason: 'no_agent_reachable',
      earlierAttempts: [{ reason: 'agent_hung', error: 'activity Heartbeat timeout' }],
    }),
  ]);
  expect((await client.status(handle.id)).steps[0]?.branches[0]?.earlierAttempts).toEqual(
    step?.branches[0]?.earlierAttempts,
  );

  const text = await runCli(['status', handle.id, '--address', address], { cwd: bed.scratch, timeoutMs: 60_000 });
  expect(text.stdout).toContain(`  long  ${EXPECTED_CHAIN}`);
  const json = await runCli(['status', handle.id, '--json', '--address', address], {
    cwd: bed.scratch,
    timeoutMs: 60_000,
  });
  const status = JSON.parse(json.stdout.join('\n')) as { steps: StepStatus[] };
  expect(status.steps[0]?.branches[0]?.earlierAttempts).toEqual([
    { reason: 'agent_hung', error: 'activity Heartbeat timeout' },
  ]);
}, 120_000);
