/**
 * An agent pool process, until SIGINT or SIGTERM; start more of them to scale the pool out:
 *   node dist/src/workers/agent-pool-process.js --module ./my-agents.js [--agents a,b] [--concurrency n]
 *     [--address host:port] [--namespace ns] [--identity id] [--shutdown-grace-time 10s]
 * The environment supplies what flags leave out (docs/deployment.md): TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE, TLS,
 * API key and TEMPORAL_PROFILE (Temporal's TOML file), STEADFAST_AGENT_CONCURRENCY, log level, metrics port, how long to wait for the server.
 */
import { Client } from '@temporalio/client';
import { parseWorkerEnvironment } from '../config/environment-config';
import { resolveTemporalConnection } from '../config/temporal-profile';
import { AgentPoolProcessConfigSchema } from '../config/worker-process-config';
import { installWorkerTelemetry } from '../telemetry/worker-telemetry';
import { createAgentPoolWorkers } from './agent-pool-workers';
import { loadAgentsModule } from './agents-module';
import { parseCommandLine } from './command-line';
import { processPayloadStorage } from './process-payload-storage';
import { dataConverterWith } from '../payloads/payload-storage';
import { selectPoolAgents } from './pool-sizing';
import { runProcessEntry } from './process-entry';
import { formatReadyLine } from './ready-line';
import { runUntilShutdownSignal } from './run-until-shutdown-signal';
import { connectClient } from './temporal-connections';
import { connectWhenServerAnswers, environmentFlagDefaults, temporalEndpoint } from './worker-process-environment';

export async function runAgentPoolProcess(
  argv: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<void> {
  const environment = parseWorkerEnvironment(env);
  const {
    address: addressFlag,
    namespace: namespaceFlag,
    module,
    agents: only,
    ...flags
  } = parseCommandLine(AgentPoolProcessConfigSchema, argv, environmentFlagDefaults(environment, 'agents'));
  const temporal = resolveTemporalConnection(env, { address: addressFlag, namespace: namespaceFlag });
  const { address, namespace } = temporal;
  const settings = { ...flags, namespace };
  // Configuration mistakes are reported before connecting, so they are not hidden behind a connection error.
  const agents = selectPoolAgents(loadAgentsModule(module), only);
  const payloadStorage = processPayloadStorage(address, env);
  const telemetry = installWorkerTelemetry({
    kind: 'agents',
    logLevel: environment.logLevel,
    ...(environment.metricsBindAddress !== undefined ? { metricsBindAddress: environment.metricsBindAddress } : {}),
  });
  const endpoint = temporalEndpoint(temporal, environment);
  const connection = await connectWhenServerAnswers(endpoint, environment, telemetry);
  try {
    // The stale-instruction probe queries orchestrations through a regular client connection.
    const clientConnection = await connectClient(endpoint);
    try {
      const client = new Client({
        connection: clientConnection,
        namespace: settings.namespace,
        ...dataConverterWith(payloadStorage),
      });
      const pool = await createAgentPoolWorkers({ connection, client, agents, payloadStorage, ...settings });
      const serving = pool.agents.join(',');
      const ready = formatReadyLine({ kind: 'agents', serving, address, pid: process.pid });
      await runUntilShutdownSignal(pool, () => {
        process.stdout.write(`${ready}\n`);
        telemetry.logger.info('agent pool polling', { agents: pool.agents, address, namespace: settings.namespace });
        telemetry.setPolling(true);
      });
    } finally {
      await clientConnection.close();
    }
  } finally {
    telemetry.setPolling(false);
    await connection.close();
  }
}

if (require.main === module) runProcessEntry('steadfast agent pool', () => runAgentPoolProcess(process.argv.slice(2)));
