/**
 * For edge-fallback tests: a port on which no server listens yet, and the embedded server with an orchestrator
 * worker and an agent pool started on it later, as when the coordinator comes back.
 */
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, type Worker } from '@temporalio/worker';
import type { AnyAgentDefinition } from '../../../src/activities/define-agent';
import { startDevServer, type RunningDevServer } from '../../../src/server/dev-server';
import { createAgentPoolWorkers, type AgentPool } from '../../../src/workers/agent-pool-workers';
import { createOrchestratorWorker } from '../../../src/workers/orchestrator-worker';
import { registerSteadfastSearchAttributes } from '../../../src/workers/search-attributes';
import { orchestratorBundle } from '../steadfast-env';
import { testLogWriter } from '../test-log';

export interface LateServer {
  readonly server: RunningDevServer;
  readonly client: Client;
  close(): Promise<void>;
}

export async function startLateServer(args: {
  readonly port: number;
  readonly taskQueue: string;
  readonly agents: readonly AnyAgentDefinition[];
  readonly db?: string;
}): Promise<LateServer> {
  const server = await startDevServer(
    { port: args.port, db: args.db ?? ':memory:' },
    { writeLine: testLogWriter('server') },
  );
  const connection = await Connection.connect({ address: server.address });
  const native = await NativeConnection.connect({ address: server.address });
  await registerSteadfastSearchAttributes(connection, 'default', { warn: () => undefined });
  const client = new Client({ connection });
  const orchestrator: Worker = await createOrchestratorWorker({
    connection: native,
    taskQueue: args.taskQueue,
    agents: args.agents,
    workflowBundle: await orchestratorBundle(),
    shutdownGraceTime: 200,
  });
  const orchestrating = orchestrator.run();
  const pool: AgentPool = await createAgentPoolWorkers({
    connection: native,
    client,
    agents: args.agents,
    shutdownGraceTime: 200,
  });
  const pooling = pool.run();
  return {
    server,
    client,
    async close() {
      await pool.shutdown();
      if (orchestrator.getState() === 'RUNNING') orchestrator.shutdown();
      await Promise.all([orchestrating, pooling]);
      await connection.close();
      await native.close();
      await server.close();
    },
  };
}
