/**
 * A Steadfast deployment of real processes for one measurement: `steadfast server` on a database file, orchestrator
 * worker processes and agent pool processes running the benchmark agents, and a client in this process.
 */
import path from 'node:path';
import { SteadfastClient } from '../../src/client';
import {
  startAgentPoolProcess,
  startOrchestratorWorkerProcess,
  type WorkerChildProcess,
} from '../../src/workers/worker-child-process';
import { benchAgentEnvironment, type BenchAgentSettings } from '../agents/bench-agent-settings';
import { benchAgentsModule } from './bench-paths';
import { startDevServerProcess, type DevServerProcess } from '../../src/server/dev-server-process';

export interface DeploymentOptions {
  /** Folder for the database (and profiles); the caller removes it. */
  readonly scratch: string;
  readonly orchestrators: number;
  readonly pools: number;
  /** Instructions each pool process runs at once. */
  readonly poolConcurrency: number;
  readonly agents: Partial<BenchAgentSettings>;
  /** Prebuilt orchestrator workflow bundle (see workflow-bundle-file.ts). */
  readonly workflowBundle: string;
  /** Reuse a port, so clients find a restarted server where the killed one was. */
  readonly port?: number;
  readonly serverNodeArgs?: readonly string[];
  /** How soon a dead orchestrator's cached orchestrations move to another one (the worker's default is 10s). */
  readonly stickyQueueScheduleToStartTimeout?: string;
}

export interface Deployment {
  /** The server process now running (a new one after restartServer). */
  readonly server: DevServerProcess;
  readonly orchestrators: WorkerChildProcess[];
  readonly pools: WorkerChildProcess[];
  readonly client: SteadfastClient;
  readonly db: string;
  startOrchestrator(identity: string): Promise<WorkerChildProcess>;
  /** Starts a server again on the same database file and port (after `server.kill()`); workers reconnect on their own. */
  restartServer(): Promise<DevServerProcess>;
  /** Graceful stop of everything (the server writes its profile if it runs under --cpu-prof). */
  stop(): Promise<void>;
  /** kill -9 of every process at the same moment, as a power cut would. */
  killAll(): Promise<void>;
}

export async function startDeployment(options: DeploymentOptions): Promise<Deployment> {
  const db = path.join(options.scratch, 'steadfast.db');
  const startServer = (port: number | undefined) =>
    startDevServerProcess({
      db,
      cwd: options.scratch,
      ...(port !== undefined ? { port } : {}),
      ...(options.serverNodeArgs ? { nodeArgs: options.serverNodeArgs } : {}),
    });
  let server = await startServer(options.port);
  const env = { ...process.env, ...benchAgentEnvironment(options.agents) };
  const module = benchAgentsModule();
  const address = server.address;
  const startOrchestrator = (identity: string) =>
    startOrchestratorWorkerProcess(
      {
        address,
        module,
        identity,
        workflowBundle: options.workflowBundle,
        ...(options.stickyQueueScheduleToStartTimeout !== undefined
          ? { stickyQueueScheduleToStartTimeout: options.stickyQueueScheduleToStartTimeout }
          : {}),
      },
      { env },
    );
  const children: WorkerChildProcess[] = [];
  try {
    const [orchestrators, pools] = await Promise.all([
      Promise.all(
        Array.from({ length: options.orchestrators }, (_, i) =>
          track(children, startOrchestrator(`orchestrator-${i + 1}`)),
        ),
      ),
      Promise.all(
        Array.from({ length: options.pools }, (_, i) =>
          track(
            children,
            startAgentPoolProcess(
              { address, module, concurrency: options.poolConcurrency, identity: `pool-${i + 1}` },
              { env },
            ),
          ),
        ),
      ),
    ]);
    const client = await SteadfastClient.connect({ address });
    return {
      get server() {
        return server;
      },
      orchestrators,
      pools,
      client,
      db,
      async startOrchestrator(identity) {
        const child = await startOrchestrator(identity);
        orchestrators.push(child);
        return child;
      },
      async restartServer() {
        server = await startServer(Number(server.address.split(':').at(-1)));
        return server;
      },
      async stop() {
        await client.close();
        await Promise.all([...pools, ...orchestrators].map((child) => child.stop()));
        // Room for a server under --cpu-prof to write its profile.
        await server.stop(15_000);
      },
      async killAll() {
        await Promise.all([server.kill(), ...[...pools, ...orchestrators].map((child) => child.kill('SIGKILL'))]);
        await client.close().catch(() => undefined);
      },
    };
  } catch (error) {
    await Promise.all(children.map((child) => child.kill('SIGKILL')));
    await server.kill();
    throw error;
  }
}

async function track(
  children: WorkerChildProcess[],
  starting: Promise<WorkerChildProcess>,
): Promise<WorkerChildProcess> {
  const child = await starting;
  children.push(child);
  return child;
}
