/**
 * A scenario's cluster of real processes: the embedded server (`steadfast server`, on a database file so it can be
 * killed and restarted), orchestrator worker and agent pool processes started from their compiled entry points,
 * and a client. Everything it starts, it stops in close().
 */
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SteadfastClient } from '../../../src/client';
import { startDevServerProcess, type DevServerProcess } from '../../../src/server/dev-server-process';
import { bundleOrchestratorWorkflows } from '../../../src/workers/orchestrator-workflows';
import { cachedBundleFile } from '../bundle-cache';
import { logged } from '../test-log';
import {
  startAgentPoolProcess,
  startOrchestratorWorkerProcess,
  type WorkerChildProcess,
} from '../../../src/workers/worker-child-process';

export interface OrchestratorProcessOptions {
  readonly identity: string;
  /** Connect through this address (a TCP proxy) instead of the server's. */
  readonly address?: string;
  /** A workflow bundle other than the current orchestrator workflows (a buggy release). */
  readonly workflowBundle?: string;
}

export interface AgentPoolProcessOptions {
  readonly identity: string;
  readonly address?: string;
  /** Agent names to serve; every chaos agent when absent. */
  readonly agents?: readonly string[];
  readonly concurrency?: number;
}

/** The orchestrator workflows' bundle as a file every orchestrator process loads, built once (bundle-cache.ts). */
export function currentWorkflowBundleFile(): Promise<string> {
  return cachedBundleFile('orchestrator-workflows', async () => (await bundleOrchestratorWorkflows()).code);
}

/** The compiled agents module the processes load: beside this file in dist/, or in dist/ above the sources. */
export function compiledChaosAgentsModule(): string {
  const sibling = path.join(__dirname, 'chaos-agents.js');
  if (fs.existsSync(sibling)) return sibling;
  for (let dir = __dirname; path.dirname(dir) !== dir; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'dist', 'test', 'support', 'chaos', 'chaos-agents.js');
    if (fs.existsSync(candidate)) return candidate;
  }
  throw new Error('chaos-agents.js is not built; run npx tsc -p tsconfig.build.json first');
}

function exitOf(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

export class ChaosCluster {
  private readonly processes = new Map<WorkerChildProcess, string>();

  private constructor(
    /** Scratch directory of the scenario: database, ledger, bundles; removed by close(). */
    readonly scratch: string,
    private server: DevServerProcess,
    readonly port: number,
    readonly client: SteadfastClient,
    readonly registryId: string,
  ) {}

  static async start(name: string): Promise<ChaosCluster> {
    const scratch = fs.mkdtempSync(path.join(os.tmpdir(), `steadfast-chaos-${name}-`));
    const server = logged('server', await startDevServerProcess({ db: path.join(scratch, 'server.db'), cwd: scratch }));
    const port = Number(server.address.slice(server.address.lastIndexOf(':') + 1));
    const registryId = `chaos-health-${name}`;
    try {
      const client = await SteadfastClient.connect({ address: server.address, healthRegistryId: registryId });
      return new ChaosCluster(scratch, server, port, client, registryId);
    } catch (error) {
      await server.stop();
      fs.rmSync(scratch, { recursive: true, force: true });
      throw error;
    }
  }

  get address(): string {
    return this.server.address;
  }

  get serverPid(): number {
    return this.server.pid;
  }

  /** The ledger file every agent of this scenario writes to. */
  get ledger(): string {
    return path.join(this.scratch, 'ledger.jsonl');
  }

  async startOrchestrator(options: OrchestratorProcessOptions): Promise<WorkerChildProcess> {
    const child = await startOrchestratorWorkerProcess(
      {
        address: options.address ?? this.address,
        module: compiledChaosAgentsModule(),
        identity: options.identity,
        workflowBundle: options.workflowBundle ?? (await currentWorkflowBundleFile()),
      },
      { cwd: this.scratch },
    );
    return this.track(child, options.identity);
  }

  async startPool(options: AgentPoolProcessOptions): Promise<WorkerChildProcess> {
    const child = await startAgentPoolProcess(
      {
        address: options.address ?? this.address,
        module: compiledChaosAgentsModule(),
        identity: options.identity,
        shutdownGraceTime: '1s',
        ...(options.agents ? { agents: options.agents.join(',') } : {}),
        ...(options.concurrency !== undefined ? { concurrency: options.concurrency } : {}),
      },
      { cwd: this.scratch },
    );
    return this.track(child, options.identity);
  }

  /** kill -9 of the server process; its database file stays. */
  async killServer(): Promise<void> {
    this.server.child.kill('SIGKILL');
    await exitOf(this.server.child);
  }

  /** A new server process on the same database file and port. */
  async restartServer(): Promise<void> {
    this.server = logged(
      'server',
      await startDevServerProcess({ db: path.join(this.scratch, 'server.db'), port: this.port, cwd: this.scratch }),
    );
  }

  async close(): Promise<void> {
    await Promise.all([...this.processes.keys()].map((child) => child.kill('SIGKILL')));
    await this.client.close().catch(() => undefined);
    await this.server.stop().catch(() => undefined);
    // STEADFAST_CHAOS_KEEP=1 keeps the database, ledger and process logs for a look afterwards.
    if (process.env.STEADFAST_CHAOS_KEEP) {
      for (const [child, identity] of this.processes) {
        fs.writeFileSync(path.join(this.scratch, `${identity}-${child.pid}.stderr.log`), child.stderr());
      }
      process.stderr.write(`chaos scratch kept: ${this.scratch}\n`);
    } else {
      fs.rmSync(this.scratch, { recursive: true, force: true });
    }
  }

  private track(child: WorkerChildProcess, identity: string): WorkerChildProcess {
    this.processes.set(child, identity);
    return logged(identity, child);
  }
}
