/**
 * Finding 8: an agent pool killed with kill -9 in the middle of a step. Its attempt is abandoned as "agent hung"
 * (no more heartbeats), the retry finds no pool ("no agent reachable"); the step record keeps both reasons.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { OrchestrationFailedError } from '../../../src/client';
import { startAgentPoolProcess, type WorkerChildProcess } from '../../../src/workers/worker-child-process';
import { ledgerWriter, readLedger } from '../../fixtures/agents/ledger-agents';
import { logged } from '../../support/test-log';
import { startSteadfastEnv, type SteadfastEnv } from '../../support/steadfast-env';
import { waitUntil } from '../../support/wait-until';

const AGENTS_MODULE = path.resolve(__dirname, '../../../dist/test/fixtures/agents/ledger-agents.js');

let env: SteadfastEnv;
let dir: string;
let pool: WorkerChildProcess | undefined;
beforeAll(async () => {
  env = await startSteadfastEnv();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'steadfast-killed-pool-'));
});
afterAll(async () => {
  await pool?.kill('SIGKILL');
  await env?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

test('a pool killed mid-step: the branch records "agent hung" before the final "no agent reachable"', async () => {
  const ledger = path.join(dir, 'ledger.jsonl');
  await env.withWorkers({ agents: [ledgerWriter], pool: [] }, async ({ client, request }) => {
    pool = logged(
      'agent pool',
      await startAgentPoolProcess({ address: env.test.server.address, module: AGENTS_MODULE, concurrency: 2 }),
    );
    const handle = await client.start(
      request({
        goal: 'g',
        plan: {
          steps: [
            {
              id: 'write',
              agent: ledgerWriter.name,
              input: { ledger, workMs: 60_000 },
              timeouts: { scheduleToStart: '2s', heartbeat: '1s' },
              retry: { maxAttempts: 3, initialInterval: '100ms' },
            },
          ],
        },
      }),
    );
    await waitUntil(() => fs.existsSync(ledger) && readLedger(ledger).some((entry) => entry.event === 'started'), {
      what: 'the pool to start the step',
      timeoutMs: 60_000,
    });
    await pool.kill('SIGKILL');

    const failure = await handle.result().then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(OrchestrationFailedError);
    const [branch] = (failure as OrchestrationFailedError).status!.steps[0]!.branches;
    expect(branch).toMatchObject({ outcome: 'failed', reason: 'no_agent_reachable' });
    expect(branch!.earlierAttempts).toEqual([{ reason: 'agent_hung', error: expect.stringMatching(/heartbeat/i) }]);
    expect((failure as Error).message).toContain('after an attempt that ended with agent hung');
  });
}, 180_000);
