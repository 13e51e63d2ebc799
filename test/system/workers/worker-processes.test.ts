/** The worker process entry points as a user runs them: a bad flag stops them with one line, SIGTERM stops them cleanly. */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { compiledWorkerEntry, startAgentPoolProcess } from '../../../src/workers/worker-child-process';
import { logChildStderr, logged } from '../../support/test-log';
import { startTestEnv, type TestEnv } from '../../support/test-server';

const AGENTS_MODULE = path.resolve(__dirname, '../../../dist/test/fixtures/agents/ledger-agents.js');

let env: TestEnv;
beforeAll(async () => {
  env = await startTestEnv();
});
afterAll(async () => env?.close());

/** Runs the agent pool entry point to its end (asynchronously: the server lives in this process). */
function runAgentPool(args: string[]): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(process.execPath, [compiledWorkerEntry('agent-pool-process'), ...args], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  logChildStderr('agent pool', child);
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => void (stderr += chunk));
  return new Promise((resolve) => child.once('close', (code) => resolve({ code, stderr })));
}

test('a bad flag ends the process with exit code 2 (usage error) and one line naming the flag', async () => {
  expect(await runAgentPool(['--module', AGENTS_MODULE, '--concurrency', '0'])).toEqual({
    code: 2,
    stderr: 'steadfast agent pool: invalid command line:\n  --concurrency: Too small: expected number to be >=1\n',
  });
  expect(
    await runAgentPool(['--module', AGENTS_MODULE, '--agents', 'nobody', '--address', env.server.address]),
  ).toEqual({
    code: 2,
    stderr:
      'steadfast agent pool: invalid agent pool:\n  only[0]: no agent "nobody" is defined (known: ledger-writer)\n',
  });
});

test('an agent pool process announces what it serves and stops cleanly on SIGTERM', async () => {
  const pool = logged(
    'agent pool',
    await startAgentPoolProcess({ address: env.server.address, module: AGENTS_MODULE, concurrency: 2 }),
  );
  expect(pool.ready).toMatchObject({
    kind: 'agents',
    serving: 'ledger-writer',
    address: env.server.address,
    pid: pool.pid,
  });
  expect(await pool.stop()).toEqual({ code: 0, signal: null });
});
