/**
 * The test kit (`steadfast/testing`): the embedded server on a free port with an in-memory database, an orchestrator
 * worker and agent pools for the user's agents, all in the test's own process, and a client to run requests with.
 */
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, type Worker, type WorkflowBundle } from '@temporalio/worker';
import { z } from 'zod';
import { collectAgentDefinitions } from '../activities/agent-catalog';
import type { AnyAgentDefinition } from '../activities/define-agent';
import { SteadfastClient, type OrchestrationHandle } from '../client/steadfast-client';
import type { StartOptionsInput } from '../config/client-config';
import type { HealthRegistryConfigInput } from '../config/health-registry-config';
import type { OrchestrationRequestInput } from '../config/orchestration-request';
import { InvalidConfigError, parseOrThrow } from '../config/parse-config';
import { dataConverterWith } from '../payloads/payload-storage';
import type { OrchestrationResult } from '../orchestration/status-view';
import { startDevServer } from '../server/dev-server';
import type { RunningDevServer } from '../server/dev-server-api';
import { createAgentPoolWorkers, type AgentPool } from '../workers/agent-pool-workers';
import { loadAgentsModule } from '../workers/agents-module';
import { createOrchestratorWorker } from '../workers/orchestrator-worker';
import { bundleOrchestratorWorkflows } from '../workers/orchestrator-workflows';
import { registerSteadfastSearchAttributes } from '../workers/search-attributes';

export interface TestEnvironmentOptions {
  /**
   * The agents: the path of an agents module (as `--module` takes it, relative to the current directory), what such
   * a module exports (`import * as agents from './agents'`), or the definitions themselves.
   */
  readonly agents: string | object | readonly AnyAgentDefinition[];
  /** Agents whose pool is not started: their instructions are never picked up, so their fallback chains run. */
  readonly offline?: readonly string[];
  /** The health registry's settings (failureThreshold, cooldown ...), as the orchestrator worker takes them. */
  readonly healthRegistry?: HealthRegistryConfigInput;
  /** Where the server's error lines go; stderr by default. */
  readonly writeLine?: (line: string) => void;
}

const OptionsSchema = z.strictObject({
  agents: z.union([
    z.string({ error: 'expected the path of an agents module' }).min(1),
    z.custom<object>((value) => typeof value === 'object' && value !== null, {
      error: 'expected a module path, a module’s exports or an array of agent definitions',
    }),
  ]),
  offline: z.array(z.string().min(1)).default([]),
  healthRegistry: z
    .custom<HealthRegistryConfigInput>((value) => typeof value === 'object' && value !== null)
    .optional(),
  writeLine: z.custom<(line: string) => void>((value) => typeof value === 'function').optional(),
});

/** Shutting down quickly matters more in tests than letting running instructions finish. */
const SHUTDOWN_GRACE_MS = 200;

let bundle: Promise<WorkflowBundle> | undefined;

/** Bundling the workflows takes seconds: once per process (per test file under Jest). */
function orchestratorBundle(): Promise<WorkflowBundle> {
  bundle ??= bundleOrchestratorWorkflows();
  return bundle;
}

export class SteadfastTestEnvironment {
  /** Runs requests, reads status, lists, approves ... against this environment's server. */
  readonly client: SteadfastClient;
  /** Every agent the orchestrator worker knows, by name. */
  readonly agents: readonly string[];
  private readonly pools: AgentPool[] = [];
  private readonly running: Promise<void>[] = [];
  private closing: Promise<void> | undefined;

  private constructor(
    private readonly server: RunningDevServer,
    private readonly connection: Connection,
    private readonly nativeConnection: NativeConnection,
    private readonly definitions: readonly AnyAgentDefinition[],
    private readonly orchestrator: Worker,
  ) {
    this.client = SteadfastClient.fromClient(new Client({ connection, ...dataConverterWith(undefined) }));
    this.agents = definitions.map((agent) => agent.name);
    this.running.push(orchestrator.run());
  }

  /**
   * Starts the server, the orchestrator worker and one agent pool serving every agent not `offline`. Throws
   * InvalidConfigError for bad options or agents; close() the environment when the tests are done.
   */
  static async create(options: TestEnvironmentOptions): Promise<SteadfastTestEnvironment> {
    const config = parseOrThrow(OptionsSchema, options, 'test environment options');
    const definitions = agentDefinitions(config.agents);
    const known = new Set(definitions.map((agent) => agent.name));
    const unknown = config.offline.filter((name) => !known.has(name));
    if (unknown.length > 0) {
      throw new InvalidConfigError(
        'test environment options',
        unknown.map((name) => `offline: unknown agent "${name}" (the agents are ${[...known].join(', ')})`),
      );
    }

    const server = await startDevServer(
      { port: 0, db: ':memory:' },
      config.writeLine ? { writeLine: config.writeLine } : {},
    );
    const opened: { close(): Promise<void> }[] = [server];
    try {
      const connection = await Connection.connect({ address: server.address });
      opened.unshift(connection);
      const nativeConnection = await NativeConnection.connect({ address: server.address });
      opened.unshift(nativeConnection);
      await registerSteadfastSearchAttributes(connection, 'default');
      const orchestrator = await createOrchestratorWorker({
        connection: nativeConnection,
        agents: definitions,
        workflowBundle: await orchestratorBundle(),
        shutdownGraceTime: SHUTDOWN_GRACE_MS,
        ...(config.healthRegistry ? { healthRegistry: config.healthRegistry } : {}),
      });
      const environment = new SteadfastTestEnvironment(server, connection, nativeConnection, definitions, orchestrator);
      // From here close() releases everything, the running orchestrator worker first (it holds the connection).
      opened.splice(0, opened.length, environment);
      const online = environment.agents.filter((name) => !config.offline.includes(name));
      if (online.length > 0) await environment.startAgentPool(online);
      return environment;
    } catch (error) {
      for (const resource of opened) await resource.close().catch(() => undefined);
      throw error;
    }
  }

  /** host:port of the embedded server, for a Temporal client or worker of the test's own. */
  get address(): string {
    return this.server.address;
  }

  /** Starts an orchestration and waits for its result (throws OrchestrationFailedError when it fails). */
  run(request: OrchestrationRequestInput, options: StartOptionsInput = {}): Promise<OrchestrationResult> {
    return this.client.run(request, options);
  }

  /** Starts an orchestration; the handle's result() and status() follow it. */
  start(request: OrchestrationRequestInput, options: StartOptionsInput = {}): Promise<OrchestrationHandle> {
    return this.client.start(request, options);
  }

  /** Starts another pool for some agents, e.g. one that was offline; it stops with the environment. */
  async startAgentPool(agents: readonly string[]): Promise<void> {
    const wanted = this.definitions.filter((agent) => agents.includes(agent.name));
    const unknown = agents.filter((name) => !this.agents.includes(name));
    if (unknown.length > 0) {
      throw new InvalidConfigError(
        'agent pool',
        unknown.map((name) => `agents: unknown agent "${name}"`),
      );
    }
    const pool = await createAgentPoolWorkers({
      connection: this.nativeConnection,
      client: this.client.temporal,
      agents: wanted,
      shutdownGraceTime: SHUTDOWN_GRACE_MS,
    });
    this.pools.push(pool);
    this.running.push(pool.run());
  }

  /** Stops the pools and the orchestrator worker, closes the connections and the server. Safe to call twice. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      await Promise.all(this.pools.map((pool) => pool.shutdown()));
      if (this.orchestrator.getState() === 'RUNNING') this.orchestrator.shutdown();
      await Promise.allSettled(this.running);
      await this.connection.close();
      await this.nativeConnection.close();
      await this.server.close();
    })();
    return this.closing;
  }
}

function agentDefinitions(agents: string | object): AnyAgentDefinition[] {
  if (typeof agents === 'string') return loadAgentsModule(agents);
  const found = collectAgentDefinitions(Array.isArray(agents) ? { agents } : agents);
  if (found.length === 0) {
    throw new InvalidConfigError('test environment options', [
      'agents: no agent definitions found; pass the results of defineAgent(...), or the module exporting them',
    ]);
  }
  return found;
}
