/**
 * How a worker process starts in a container: a bad environment stops it with one line per variable, and a server
 * that is not up yet is waited for (logged) instead of crashing the worker, up to STEADFAST_CONNECT_TIMEOUT.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';
import { startDevServer, type RunningDevServer } from '../../src/server/dev-server';
import { parseReadyLine } from '../../src/workers/ready-line';
import { compiledWorkerEntry } from '../../src/workers/worker-child-process';
import { freePort } from '../support/free-port';
import { logChildStderr, testLogWriter } from '../support/test-log';

const EXAMPLE_AGENTS = path.resolve(__dirname, '../../examples/agents.js');

interface Started {
  readonly child: ChildProcess;
  readonly stdout: string[];
  readonly stderr: string[];
  readonly closed: Promise<number | null>;
  /** Resolves with the first line of the stream that matches; rejects if the process ends first. */
  line(stream: 'stdout' | 'stderr', pattern: RegExp): Promise<string>;
}

const started: Started[] = [];
let server: RunningDevServer | undefined;
afterEach(async () => {
  for (const { child, closed } of started.splice(0)) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await closed;
  }
  await server?.close();
  server = undefined;
});

function startWorker(entry: 'orchestrator-process' | 'agent-pool-process', env: NodeJS.ProcessEnv): Started {
  const child = spawn(process.execPath, [compiledWorkerEntry(entry), '--module', EXAMPLE_AGENTS], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  logChildStderr(entry, child);
  const lines = { stdout: [] as string[], stderr: [] as string[] };
  const listeners = new Set<() => void>();
  for (const stream of ['stdout', 'stderr'] as const) {
    readline.createInterface({ input: child[stream]! }).on('line', (line) => {
      lines[stream].push(line);
      for (const listener of [...listeners]) listener();
    });
  }
  const closed = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
  let ended = false;
  void closed.then(() => {
    ended = true;
    for (const listener of [...listeners]) listener();
  });
  const handle: Started = {
    child,
    ...lines,
    closed,
    line: (stream, pattern) =>
      new Promise((resolve, reject) => {
        const check = () => {
          const found = lines[stream].find((line) => pattern.test(line));
          if (found !== undefined || ended) listeners.delete(check);
          if (found !== undefined) resolve(found);
          else if (ended)
            reject(
              new Error(`exited before a ${stream} line matching ${pattern}; stderr:\n${lines.stderr.join('\n')}`),
            );
        };
        listeners.add(check);
        check();
      }),
  };
  started.push(handle);
  return handle;
}

test('bad Steadfast environment values stop the worker with exit code 2 (usage) and one line for each', async () => {
  const worker = startWorker('agent-pool-process', {
    STEADFAST_AGENT_CONCURRENCY: '0',
    STEADFAST_LOG_LEVEL: 'chatty',
  });
  // TEMPORAL_* variables are read by the connection (src/config/temporal-profile.ts, its own unit test).
  expect(await worker.closed).toBe(2);
  expect(worker.stderr).toEqual([
    'steadfast agent pool: invalid environment:',
    '  STEADFAST_AGENT_CONCURRENCY: expected a whole number from 1 to 10000 (got "0")',
    '  STEADFAST_LOG_LEVEL: expected one of TRACE, DEBUG, INFO, WARN, ERROR (got "chatty")',
  ]);
});

test('a worker started before its server waits for it, logging each wait, and polls once the server is up', async () => {
  const port = await freePort();
  const address = `127.0.0.1:${port}`;
  const worker = startWorker('orchestrator-process', { TEMPORAL_ADDRESS: address, STEADFAST_CONNECT_TIMEOUT: '2m' });

  const waiting = JSON.parse(await worker.line('stderr', /waiting for the Temporal server/)) as Record<string, unknown>;
  expect(waiting).toMatchObject({
    level: 'warn',
    process: 'orchestrator',
    msg: `waiting for the Temporal server at ${address}: Connection refused`,
    orchestrationId: null,
    attempt: 1,
  });

  server = await startDevServer({ port, db: ':memory:' }, { writeLine: testLogWriter('server') });
  const ready = parseReadyLine(await worker.line('stdout', /^Steadfast orchestrator worker polling/));
  expect(ready).toMatchObject({ kind: 'orchestrator', serving: 'steadfast.orchestrator', address });

  worker.child.kill('SIGTERM');
  expect(await worker.closed).toBe(0);
});

test('a server that never answers ends the wait after STEADFAST_CONNECT_TIMEOUT with one line', async () => {
  const address = `127.0.0.1:${await freePort()}`;
  const worker = startWorker('agent-pool-process', { TEMPORAL_ADDRESS: address, STEADFAST_CONNECT_TIMEOUT: '0s' });
  expect(await worker.closed).toBe(1);
  expect(worker.stderr).toEqual([
    `steadfast agent pool: cannot reach a Temporal server at ${address}: Connection refused (set STEADFAST_DEBUG=1 for details)`,
  ]);
});
