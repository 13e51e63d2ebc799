/** The worker environment (besides where Temporal is): every variable read and converted, one line naming each bad value. */
import { parseWorkerEnvironment } from '../../../src/config/environment-config';
import { InvalidConfigError } from '../../../src/config/parse-config';

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
  expect(parseWorkerEnvironment({})).toEqual({ logLevel: 'INFO', connectTimeoutMs: 30_000 });
});

test('every variable is read and converted; unrelated and empty variables are ignored', () => {
  expect(
    parseWorkerEnvironment({
      PATH: '/usr/bin',
      TEMPORAL_ADDRESS: 'temporal:7233',
      TEMPORAL_GRPC_COMPRESSION: 'GZIP',
      STEADFAST_AGENT_CONCURRENCY: '8',
      STEADFAST_ORCHESTRATOR_CONCURRENCY: '20',
      STEADFAST_LOG_LEVEL: 'debug',
      STEADFAST_METRICS_PORT: '9464',
      STEADFAST_CONNECT_TIMEOUT: '5m',
      STEADFAST_METRICS_HOST: '',
    }),
  ).toEqual({
    grpcCompression: 'gzip',
    agentConcurrency: 8,
    orchestratorConcurrency: 20,
    logLevel: 'DEBUG',
    metricsBindAddress: '0.0.0.0:9464',
    connectTimeoutMs: 300_000,
  });
});

test('each bad value is one line naming the variable and what was given', () => {
  expect(
    problemsOf({
      STEADFAST_AGENT_CONCURRENCY: 'many',
      STEADFAST_ORCHESTRATOR_CONCURRENCY: '1',
      STEADFAST_LOG_LEVEL: 'loud',
      STEADFAST_METRICS_PORT: '70000',
      STEADFAST_CONNECT_TIMEOUT: 'soon',
      TEMPORAL_GRPC_COMPRESSION: 'zstd',
    }),
  ).toEqual([
    'TEMPORAL_GRPC_COMPRESSION: expected one of gzip, none (got "zstd")',
    'STEADFAST_AGENT_CONCURRENCY: expected a whole number from 1 to 10000 (got "many")',
    'STEADFAST_ORCHESTRATOR_CONCURRENCY: expected a whole number from 2 to 10000 (got "1")',
    'STEADFAST_LOG_LEVEL: expected one of TRACE, DEBUG, INFO, WARN, ERROR (got "loud")',
    'STEADFAST_METRICS_PORT: expected a whole number from 1 to 65535 (got "70000")',
    'STEADFAST_CONNECT_TIMEOUT: expected a duration: milliseconds, or text like "500ms", "30s", "5m", "1h", got "soon"',
  ]);
});
