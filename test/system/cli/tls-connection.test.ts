/**
 * Connecting as every Temporal tool does, end to end: the embedded server serves TLS (and mutual TLS); the CLI, an
 * orchestrator worker and an agent pool reach it configured only through TEMPORAL_* variables, or only through a TOML
 * profile; a wrong CA or a missing client certificate is one line and a non-zero exit.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { startDevServerProcess, type DevServerProcess } from '../../../src/server/dev-server-process';
import {
  compiledWorkerEntry,
  startAgentPoolProcess,
  startOrchestratorWorkerProcess,
  type WorkerChildProcess,
} from '../../../src/workers/worker-child-process';
import { readLedger } from '../../fixtures/agents/ledger-agents';
import { killRunningClis, makeTempDir, removeTempDir, runCli } from '../../support/cli-process';
import { makeTestCertificates, type TestCertificates } from '../../support/test-certificates';
import { logChildStderr, logged } from '../../support/test-log';

jest.setTimeout(120_000);

const AGENTS_MODULE = path.resolve(__dirname, '../../../dist/test/fixtures/agents/ledger-agents.js');

let dir: string;
let certs: TestCertificates;
const servers: DevServerProcess[] = [];
const workers: WorkerChildProcess[] = [];

beforeAll(() => {
  dir = makeTempDir();
  certs = makeTestCertificates(dir);
});
afterEach(async () => {
  killRunningClis();
  await Promise.all(workers.splice(0).map((worker) => worker.stop()));
  await Promise.all(servers.splice(0).map((server) => server.stop()));
});
afterAll(() => removeTempDir(dir));

/** This process's environment without any Temporal settings of the machine's (a home without temporal.toml). */
function cleanEnv(vars: Record<string, string>): NodeJS.ProcessEnv {
  const own = Object.entries(process.env).filter(([name]) => !name.startsWith('TEMPORAL_'));
  return { ...Object.fromEntries(own), HOME: dir, XDG_CONFIG_HOME: '', STEADFAST_CONNECT_TIMEOUT: '20s', ...vars };
}

/** A TLS server on a free port; its address by name, as its certificate names it. */
async function startTlsServer(extraArgs: string[] = []): Promise<string> {
  const server = await startDevServerProcess({
    db: ':memory:',
    extraArgs: ['--tls-cert', certs.serverCert, '--tls-key', certs.serverKey, ...extraArgs],
  });
  servers.push(server);
  return `localhost:${server.address.slice(server.address.lastIndexOf(':') + 1)}`;
}

/** An orchestrator worker and an agent pool with no connection flag at all: everything comes from `env`. */
async function startWorkers(env: NodeJS.ProcessEnv): Promise<void> {
  const orchestrator = logged('orchestrator', await startOrchestratorWorkerProcess({ module: AGENTS_MODULE }, { env }));
  workers.push(orchestrator);
  const pool = logged('agent pool', await startAgentPoolProcess({ module: AGENTS_MODULE }, { env }));
  workers.push(pool);
}

/** `steadfast run <request> --wait` of one ledger step; resolves with the exit and the steps the ledger saw finish. */
async function runOneStep(env: NodeJS.ProcessEnv, name: string) {
  const ledger = path.join(dir, `${name}.jsonl`);
  const request = path.join(dir, `${name}-request.json`);
  const step = { id: 'write', agent: 'ledger-writer', input: { ledger, workMs: 10 } };
  fs.writeFileSync(request, JSON.stringify({ goal: `write over ${name}`, plan: { steps: [step] } }));
  const run = await runCli(['run', request, '--wait', '--id', `tls-${name}`], { cwd: dir, env, timeoutMs: 60_000 });
  const finished = fs.existsSync(ledger)
    ? readLedger(ledger)
        .filter((entry) => entry.event === 'finished')
        .map((entry) => entry.stepId)
    : [];
  return { run, finished };
}

/** An agent pool process run to its end, for its exit code and stderr. */
function runAgentPool(env: NodeJS.ProcessEnv): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(process.execPath, [compiledWorkerEntry('agent-pool-process'), '--module', AGENTS_MODULE], {
    env,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  logChildStderr('agent pool', child);
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => void (stderr += chunk));
  return new Promise((resolve) => child.once('close', (code) => resolve({ code, stderr })));
}

test('over TLS, configured only by TEMPORAL_* variables: run --wait, list, an orchestrator worker and an agent pool', async () => {
  const address = await startTlsServer();
  const env = cleanEnv({ TEMPORAL_ADDRESS: address, TEMPORAL_TLS_SERVER_CA_CERT_PATH: certs.ca });
  await startWorkers(env);

  const { run, finished } = await runOneStep(env, 'env-tls');
  expect({ code: run.code, transcript: run.transcript }).toEqual({ code: 0, transcript: expect.any(String) });
  expect(finished).toEqual(['write']);
  const list = await runCli(['list', '--json'], { cwd: dir, env });
  expect(list.code).toBe(0);
  expect(JSON.parse(list.stdout.join('\n'))).toEqual(
    expect.arrayContaining([expect.objectContaining({ id: 'tls-env-tls' })]),
  );
});

test('over mutual TLS, configured only by a TOML profile chosen with TEMPORAL_PROFILE', async () => {
  const address = await startTlsServer(['--tls-client-ca', certs.ca]);
  const configFile = path.join(dir, 'temporal.toml');
  fs.writeFileSync(
    configFile,
    [
      '[profile.default]',
      'address = "localhost:1"',
      '[profile.secure]',
      `address = ${JSON.stringify(address)}`,
      '[profile.secure.tls]',
      `client_cert_path = ${JSON.stringify(certs.clientCert)}`,
      `client_key_path = ${JSON.stringify(certs.clientKey)}`,
      `server_ca_cert_path = ${JSON.stringify(certs.ca)}`,
      '',
    ].join('\n'),
  );
  const env = cleanEnv({ TEMPORAL_CONFIG_FILE: configFile, TEMPORAL_PROFILE: 'secure' });
  await startWorkers(env);

  const { run, finished } = await runOneStep(env, 'profile-mtls');
  expect({ code: run.code, transcript: run.transcript }).toEqual({ code: 0, transcript: expect.any(String) });
  expect(finished).toEqual(['write']);

  // The same server refuses a client without a certificate, in one line that says what is missing.
  const withoutCertificate = cleanEnv({ TEMPORAL_ADDRESS: address, TEMPORAL_TLS_SERVER_CA_CERT_PATH: certs.ca });
  const refused = await runCli(['list'], { cwd: dir, env: withoutCertificate });
  expect(refused.code).toBe(1);
  expect(refused.stderr).toEqual([
    `steadfast: cannot reach a Temporal server at ${address} over TLS: the server requires a client certificate ` +
      '(mutual TLS): set TEMPORAL_TLS_CLIENT_CERT_PATH and TEMPORAL_TLS_CLIENT_KEY_PATH',
  ]);
});

test('a wrong CA is one clear line and a non-zero exit, from the CLI and from a worker process', async () => {
  const address = await startTlsServer();
  const env = cleanEnv({ TEMPORAL_ADDRESS: address, TEMPORAL_TLS_SERVER_CA_CERT_PATH: certs.otherCa });
  const expected = `cannot reach a Temporal server at ${address} over TLS: the server's certificate is not signed by the CA of TEMPORAL_TLS_SERVER_CA_CERT_PATH`;

  const cli = await runCli(['status', 'any-id'], { cwd: dir, env });
  expect(cli.code).toBe(1);
  expect(cli.stderr).toHaveLength(1);
  expect(cli.stderr[0]).toMatch(new RegExp(`^steadfast: ${escape(expected)} \\(`));

  // No retrying until STEADFAST_CONNECT_TIMEOUT: certificates do not fix themselves.
  const pool = await runAgentPool(env);
  expect(pool.code).toBe(1);
  expect(pool.stderr.trim().split('\n')).toHaveLength(1);
  expect(pool.stderr).toMatch(new RegExp(`^steadfast agent pool: ${escape(expected)} \\(`));
});

test('the server refuses missing certificate files with one line naming the flag', async () => {
  const missing = path.join(dir, 'missing.pem');
  const server = await runCli(['server', '--port', '0', '--db', ':memory:', '--headless', '--tls-cert', missing], {
    cwd: dir,
    env: cleanEnv({}),
  });
  expect(server.code).toBe(2);
  expect(server.stderr).toEqual([
    `steadfast: --tls-cert: no file at ${missing}; --tls-cert and --tls-key go together: give both for TLS, or neither`,
  ]);
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
