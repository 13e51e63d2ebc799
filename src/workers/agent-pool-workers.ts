/**
 * An agent pool in one process: one Worker per agent task queue (`steadfast.agent.<name>`), each running the
 * agent's heartbeating activity with the stale-instruction probe and the attempt lease wired. More processes scale the pool out.
 */
import type { Client } from '@temporalio/client';
import type { ExternalStorage } from '@temporalio/common';
import { Worker, type NativeConnection } from '@temporalio/worker';
import { agentActivities } from '../activities/agent-activities';
import type { AnyAgentDefinition } from '../activities/define-agent';
import { createDispatchProbe } from '../activities/dispatch-probe';
import { createHeartbeatConfirmer } from '../activities/heartbeat-confirmer';
import { AgentPoolConfigSchema, type AgentPoolConfigInput } from '../config/agent-pool-config';
import { parseOrThrow } from '../config/parse-config';
import { dataConverterWith } from '../payloads/payload-storage';
import { instructionLogContext } from '../telemetry/instruction-log-context';
import { concurrencyFor, selectPoolAgents } from './pool-sizing';

export interface AgentPoolOptions extends AgentPoolConfigInput {
  readonly connection: NativeConnection;
  readonly agents: readonly AnyAgentDefinition[];
  /** Used by agents to ask an orchestration whether an instruction is still wanted. */
  readonly client: Client;
  /** Where payloads above a size are kept instead of the history (LLM prompts and replies); shared by every process. */
  readonly payloadStorage?: ExternalStorage | undefined;
}

export interface AgentPool {
  /** Names of the agents this pool serves. */
  readonly agents: readonly string[];
  readonly workers: ReadonlyMap<string, Worker>;
  /** Polls every agent queue until shutdown; if one worker fails, the others are shut down and the error rethrown. */
  run(): Promise<void>;
  /** Runs the pool while `fn` runs, then shuts it down gracefully. */
  runUntil<R>(fn: () => Promise<R>): Promise<R>;
  /**
   * Graceful shutdown: stop taking instructions, let running ones finish within the grace time (then they are
   * cancelled and retried elsewhere), and resolve once every worker has stopped.
   */
  shutdown(): Promise<void>;
}

export async function createAgentPoolWorkers(options: AgentPoolOptions): Promise<AgentPool> {
  const { connection, agents, client, payloadStorage, ...settings } = options;
  const config = parseOrThrow(AgentPoolConfigSchema, settings, 'agent pool options');
  const selected = selectPoolAgents(agents, config.only);
  const probe = createDispatchProbe(client);
  const confirmHeartbeat = createHeartbeatConfirmer(client);
  const workers = new Map<string, Worker>();
  try {
    for (const agent of selected) {
      workers.set(
        agent.name,
        await Worker.create({
          connection,
          namespace: config.namespace,
          taskQueue: agent.taskQueue,
          ...(config.identity !== undefined ? { identity: `${config.identity}/${agent.name}` } : {}),
          activities: agentActivities(agent, { probe, confirmHeartbeat }),
          ...dataConverterWith(payloadStorage),
          interceptors: { activity: [instructionLogContext] },
          maxConcurrentActivityTaskExecutions: concurrencyFor(agent, config.concurrency),
          shutdownGraceTime: config.shutdownGraceTime,
        }),
      );
    }
  } catch (error) {
    await releaseUnrun(workers.values());
    throw error;
  }
  return poolOf(workers);
}

/**
 * A worker that was created holds its connection (which then refuses to close) and the Temporal runtime (which
 * then never shuts down, keeping the process alive) until it has run; the SDK has no other way to release it.
 */
async function releaseUnrun(workers: Iterable<Worker>): Promise<void> {
  await Promise.allSettled([...workers].map((worker) => worker.runUntil(Promise.resolve())));
}

function poolOf(workers: ReadonlyMap<string, Worker>): AgentPool {
  let running: Promise<void> | undefined;

  const shutdown = async (): Promise<void> => {
    for (const worker of workers.values()) {
      if (worker.getState() === 'RUNNING') worker.shutdown();
    }
    await running?.catch(() => undefined);
  };

  const run = (): Promise<void> => {
    if (running) throw new Error('the agent pool is already running');
    running = (async () => {
      const results = await Promise.allSettled(
        [...workers.values()].map((worker) =>
          worker.run().catch(async (error: unknown) => {
            // One agent's worker failing takes the process's pool down as a whole, so nothing is served half-way.
            for (const other of workers.values()) if (other.getState() === 'RUNNING') other.shutdown();
            throw error;
          }),
        ),
      );
      const failure = results.find((result): result is PromiseRejectedResult => result.status === 'rejected');
      if (failure) throw failure.reason;
    })();
    return running;
  };

  return {
    agents: [...workers.keys()],
    workers,
    run,
    shutdown,
    async runUntil<R>(fn: () => Promise<R>): Promise<R> {
      const polling = run();
      try {
        return await Promise.race([
          fn(),
          polling.then(() => Promise.reject(new Error('the agent pool stopped early'))),
        ]);
      } finally {
        await shutdown();
        await polling.catch(() => undefined);
      }
    },
  };
}
