/** The worker environment: every variable read and converted, and one line naming each bad value. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseWorkerEnvironment } from '../../../src/config/environment-config';
import { InvalidConfigError } from '../../../src/config/parse-config';

let dir: string;
let cert: string;
let key: string;
let ca: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'steadfast-env-'));
  [cert, key, ca] = ['client.pem', 'client.key', 'ca.pem'].map((name) => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, `-----BEGIN ${name}-----\n`);
    return file;
  }) as [string, string, string];
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function problemsOf(env: NodeJS.ProcessEnv): readonly string[] {
  try {
    parseWorkerEnvironment(env);
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidConfigError);
    expect((error as InvalidConfigError).subject).toBe('environment');
    return (error as InvalidConfigError).problems;
  }
  throw new Error('the environment was accepted');
}

test('an empty environment gives the defaults: no address (the flag default applies), INFO logs, no metrics, 30 s wait', () => {
  expect(parseWorkerEnvironment({})).toEqual({ temporal: {}, logLevel: 'INFO', connectTimeoutMs: 30_000 });
});

test('every variable is read and converted; unrelated and empty variables are ignored', () => {
  expect(
    parseWorkerEnvironment({
      PATH: '/usr/bin',
      TEMPORAL_ADDRESS: 'temporal:7233',
      TEMPORAL_NAMESPACE: 'prod',
      TEMPORAL_TLS_CERT: cert,
      TEMPORAL_TLS_KEY: key,
      TEMPORAL_TLS_CA: ca,
      TEMPORAL_TLS_SERVER_NAME: 'temporal.internal',
      TEMPORAL_GRPC_COMPRESSION: 'GZIP',
      STEADFAST_AGENT_CONCURRENCY: '8',
      STEADFAST_ORCHESTRATOR_CONCURRENCY: '20',
      STEADFAST_LOG_LEVEL: 'debug',
      STEADFAST_METRICS_PORT: '9464',
      STEADFAST_CONNECT_TIMEOUT: '5m',
      STEADFAST_METRICS_HOST: '',
    }),
  ).toEqual({
    temporal: {
      address: 'temporal:7233',
      namespace: 'prod',
      tls: { clientCertPath: cert, clientKeyPath: key, serverCaPath: ca, serverName: 'temporal.internal' },
      grpcCompression: 'gzip',
    },
    agentConcurrency: 8,
    orchestratorConcurrency: 20,
    logLevel: 'DEBUG',
    metricsBindAddress: '0.0.0.0:9464',
    connectTimeoutMs: 300_000,
  });
});

test('a Temporal Cloud API key turns TLS on without client certificates', () => {
  expect(
    parseWorkerEnvironment({ TEMPORAL_ADDRESS: 'ns.acct.tmprl.cloud:7233', TEMPORAL_API_KEY: 'secret' }).temporal,
  ).toEqual({
    address: 'ns.acct.tmprl.cloud:7233',
    tls: {},
    apiKey: 'secret',
  });
  expect(parseWorkerEnvironment({ TEMPORAL_TLS: 'true' }).temporal).toEqual({ tls: {} });
});

test('each bad value is one line naming the variable and what was given', () => {
  expect(
    problemsOf({
      TEMPORAL_ADDRESS: 'temporal',
      STEADFAST_AGENT_CONCURRENCY: 'many',
      STEADFAST_ORCHESTRATOR_CONCURRENCY: '1',
      STEADFAST_LOG_LEVEL: 'loud',
      STEADFAST_METRICS_PORT: '70000',
      STEADFAST_CONNECT_TIMEOUT: 'soon',
      TEMPORAL_TLS: 'yes',
      TEMPORAL_GRPC_COMPRESSION: 'zstd',
    }),
  ).toEqual([
    'TEMPORAL_ADDRESS: expected host:port, e.g. 127.0.0.1:7233 (got "temporal")',
    'TEMPORAL_TLS: expected true or false (got "yes")',
    'TEMPORAL_GRPC_COMPRESSION: expected one of gzip, none (got "zstd")',
    'STEADFAST_AGENT_CONCURRENCY: expected a whole number from 1 to 10000 (got "many")',
    'STEADFAST_ORCHESTRATOR_CONCURRENCY: expected a whole number from 2 to 10000 (got "1")',
    'STEADFAST_LOG_LEVEL: expected one of TRACE, DEBUG, INFO, WARN, ERROR (got "loud")',
    'STEADFAST_METRICS_PORT: expected a whole number from 1 to 65535 (got "70000")',
    'STEADFAST_CONNECT_TIMEOUT: expected a duration: milliseconds, or text like "500ms", "30s", "5m", "1h", got "soon"',
  ]);
});

test('TLS files must exist, come in cert/key pairs, and contradict no TEMPORAL_TLS=false', () => {
  const missing = path.join(dir, 'missing.pem');
  expect(problemsOf({ TEMPORAL_TLS_CERT: missing, TEMPORAL_TLS_KEY: key })).toEqual([
    `TEMPORAL_TLS_CERT: no readable certificate file at this path (got ${JSON.stringify(missing)})`,
  ]);
  expect(problemsOf({ TEMPORAL_TLS_CERT: cert })).toEqual(['TEMPORAL_TLS_KEY: required when TEMPORAL_TLS_CERT is set']);
  expect(problemsOf({ TEMPORAL_TLS_CA: ca, TEMPORAL_TLS: 'false' })).toEqual([
    'TEMPORAL_TLS: is false, but TLS certificates or an API key are set; unset it or them (got "false")',
  ]);
});

test('a bad API key is named but never printed', () => {
  expect(problemsOf({ TEMPORAL_API_KEY: 'secret with\nnewline' })).toEqual([
    'TEMPORAL_API_KEY: must not contain spaces or line breaks',
  ]);
  expect(parseWorkerEnvironment({ TEMPORAL_API_KEY: '  ' }).temporal).toEqual({});
});
