/**
 * An orchestrator worker process, until SIGINT or SIGTERM:
 *   node dist/src/workers/orchestrator-process.js [--address host:port] [--namespace ns] [--module ./my-agents.js]
 *     [--task-queue q] [--workflow-bundle file] [--identity id] [--max-cached-workflows n] ...
 * The environment supplies what flags leave out (docs/deployment.md): TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE, TLS,
 * API key and TEMPORAL_PROFILE (Temporal's TOML file), STEADFAST_ORCHESTRATOR_CONCURRENCY, log level, metrics port, how long to wait for the server.
 */
import { parseWorkerEnvironment } from '../config/environment-config';
import { resolveTemporalConnection } from '../config/temporal-profile';
import { OrchestratorProcessConfigSchema } from '../config/worker-process-config';
import { ORCHESTRATOR_TASK_QUEUE } from '../orchestration/names';
import { installWorkerTelemetry } from '../telemetry/worker-telemetry';
import { loadAgentsModule } from './agents-module';
import { parseCommandLine } from './command-line';
import { processPayloadStorage } from './process-payload-storage';
import { createOrchestratorWorker } from './orchestrator-worker';
import { runProcessEntry } from './process-entry';
import { formatReadyLine } from './ready-line';
import { registerSteadfastSearchAttributes } from './search-attributes';
import { runUntilShutdownSignal } from './run-until-shutdown-signal';
import { connectWhenServerAnswers, environmentFlagDefaults, temporalEndpoint } from './worker-process-environment';

/** Without the agents module the worker knows no agent's policy or autonomous handler: say so, it is easy to miss. */
export const NO_MODULE_WARNING =
  'no --module given: autonomous handlers will not run (a step whose agents are all unreachable fails) and every ' +
  'agent gets the default policies (timeouts, retries, fallbacks); pass the agents module the pools use';

export async function runOrchestratorWorkerProcess(
  argv: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<void> {
  const environment = parseWorkerEnvironment(env);
  const {
    address: addressFlag,
    namespace: namespaceFlag,
    module,
    workflowBundle,
    ...flags
  } = parseCommandLine(OrchestratorProcessConfigSchema, argv, environmentFlagDefaults(environment, 'orchestrator'));
  const temporal = resolveTemporalConnection(env, { address: addressFlag, namespace: namespaceFlag });
  const { address, namespace } = temporal;
  const settings = { ...flags, namespace };
  const agents = module !== undefined ? loadAgentsModule(module) : [];
  const payloadStorage = processPayloadStorage(address, env);
  const telemetry = installWorkerTelemetry({
    kind: 'orchestrator',
    logLevel: environment.logLevel,
    ...(environment.metricsBindAddress !== undefined ? { metricsBindAddress: environment.metricsBindAddress } : {}),
  });
  const connection = await connectWhenServerAnswers(temporalEndpoint(temporal, environment), environment, telemetry);
  try {
    // Once connected, so that a server that is not up stays the only line.
    if (module === undefined) telemetry.logger.warn(NO_MODULE_WARNING);
    await registerSteadfastSearchAttributes(connection, settings.namespace, {
      warn: (line) => telemetry.logger.warn(line),
    });
    const worker = await createOrchestratorWorker({
      connection,
      agents,
      payloadStorage,
      ...settings,
      ...(workflowBundle !== undefined ? { workflowBundle: { codePath: workflowBundle } } : {}),
    });
    const taskQueue = settings.taskQueue ?? ORCHESTRATOR_TASK_QUEUE;
    const ready = formatReadyLine({ kind: 'orchestrator', serving: taskQueue, address, pid: process.pid });
    await runUntilShutdownSignal(worker, () => {
      process.stdout.write(`${ready}\n`);
      telemetry.logger.info('orchestrator worker polling', { taskQueue, address, namespace: settings.namespace });
      telemetry.setPolling(true);
    });
  } finally {
    telemetry.setPolling(false);
    await connection.close();
  }
}

if (require.main === module)
  runProcessEntry('steadfast orchestrator worker', () => runOrchestratorWorkerProcess(process.argv.slice(2)));
