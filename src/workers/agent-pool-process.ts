/**
 * An agent pool process, until SIGINT or SIGTERM; start more of them to scale the pool out:
 *   node dist/src/workers/agent-pool-process.js --module ./my-agents.js [--agents a,b] [--concurrency n]
 *     [--address host:port] [--namespace ns] [--identity id] [--shutdown-grace-time 10s]
 * TEMPORAL_ADDRESS and TEMPORAL_NAMESPACE apply when the flags are absent.
 */
import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { temporalEnvironment } from '../config/temporal-connection';
import { AgentPoolProcessConfigSchema } from '../config/worker-process-config';
import { createAgentPoolWorkers } from './agent-pool-workers';
import { loadAgentsModule } from './agents-module';
import { parseCommandLine } from './command-line';
import { selectPoolAgents } from './pool-sizing';
import { runProcessEntry } from './process-entry';
import { formatReadyLine } from './ready-line';
import { runUntilShutdownSignal } from './shutdown-signal';

export async function runAgentPoolProcess(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const { address, module, agents: only, ...settings } = parseCommandLine(AgentPoolProcessConfigSchema, argv, temporalEnvironment(env));
  // Configuration mistakes are reported before connecting, so they are not hidden behind a connection error.
  const agents = selectPoolAgents(loadAgentsModule(module), only);
  const connection = await NativeConnection.connect({ address });
  // The stale-instruction probe queries orchestrations through a regular client connection.
  const clientConnection = await Connection.connect({ address });
  try {
    const client = new Client({ connection: clientConnection, namespace: settings.namespace });
    const pool = await createAgentPoolWorkers({ connection, client, agents, ...settings });
    const ready = formatReadyLine({ kind: 'agents', serving: pool.agents.join(','), address, pid: process.pid });
    await runUntilShutdownSignal(pool, () => process.stdout.write(`${ready}\n`));
  } finally {
    await clientConnection.close();
    await connection.close();
  }
}

if (require.main === module) runProcessEntry('steadfast agent pool', () => runAgentPoolProcess(process.argv.slice(2)));
