/**
 * Harness for orchestration integration tests: the embedded server with Steadfast's search attributes registered,
 * the orchestrator workflows bundled once per test file, and for each test its own orchestrator task queue,
 * agent-health registry and agent pool, so tests never share state.
 */
import { randomUUID } from 'node:crypto';
import { Client } from '@temporalio/client';
import type { ExternalStorage } from '@temporalio/common';
import type { Worker, WorkflowBundle } from '@temporalio/worker';
import type { AnyAgentDefinition } from '../../src/activities/define-agent';
import { SteadfastClient } from '../../src/client';
import type { HealthRegistryConfigInput } from '../../src/config/health-registry-config';
import type { OrchestrationRequestInput } from '../../src/config/orchestration-request';
import { createAgentPoolWorkers, type AgentPool } from '../../src/workers/agent-pool-workers';
import { createOrchestratorWorker } from '../../src/workers/orchestrator-worker';
import { bundleOrchestratorWorkflows } from '../../src/workers/orchestrator-workflows';
import { dataConverterWith } from '../../src/payloads/payload-storage';
import { cachedBundleCode } from './bundle-cache';
import { registerSteadfastSearchAttributes } from '../../src/workers/search-attributes';
import { startTestEnv, type TestEnv } from './test-server';
import type { DevServerConfigInput } from '../../src/config/dev-server-config';

export interface WorkersSetup {
  /** Agents the orchestrator knows (policies, autonomous handlers). */
  readonly agents: readonly AnyAgentDefinition[];
  /** Agents with a pool polling from the start; all of `agents` when absent. */
  readonly pool?: readonly AnyAgentDefinition[];
  readonly healthRegistry?: HealthRegistryConfigInput;
  /** Payloads above its threshold go to this store (workers and the test's client share it). */
  readonly payloadStorage?: ExternalStorage;
}

export interface WorkersContext {
  /** Bound to this test's orchestrator task queue and health registry. */
  readonly client: SteadfastClient;
  readonly registryId: string;
  readonly taskQueue: string;
  /** The request with this test's health registry filled in. */
  request(input: OrchestrationRequestInput): OrchestrationRequestInput;
  /** Starts a pool for more agents (one whose agents were unreachable so far); stopped with the rest. */
  startPool(agents: readonly AnyAgentDefinition[]): Promise<AgentPool>;
}

export interface SteadfastEnv {
  readonly test: TestEnv;
  withWorkers<R>(setup: WorkersSetup, body: (ctx: WorkersContext) => Promise<R>): Promise<R>;
  close(): Promise<void>;
}

let bundle: Promise<WorkflowBundle> | undefined;

/** src/workflows as orchestrator workers run them, bundled once for every test file (bundle-cache.ts). */
export function orchestratorBundle(): Promise<WorkflowBundle> {
  bundle ??= cachedBundleCode('orchestrator-workflows', async () => (await bundleOrchestratorWorkflows()).code).then(
    (code) => ({ code }),
  );
  return bundle;
}

let nameCounter = 0;
/** An agent name no other test of the file uses (agents are found by name, through their task queue). */
export function uniqueAgentName(base: string): string {
  nameCounter += 1;
  return `${base}-${nameCounter}-${randomUUID().slice(0, 6)}`;
}

export async function startSteadfastEnv(config: DevServerConfigInput = {}): Promise<SteadfastEnv> {
  const test = await startTestEnv(config);
  let workflowBundle: WorkflowBundle;
  try {
    await registerSteadfastSearchAttributes(test.connection, 'default');
    workflowBundle = await orchestratorBundle();
  } catch (error) {
    // The caller gets no environment to close: what started is closed here, or its server outlives the test file.
    await test.close();
    throw error;
  }
  // Workers of bodies still running at close: a test that timed out leaves its body running, and its workers would
  // keep the connection (and so the Jest worker process) alive.
  const stillRunning = new Set<() => Promise<void>>();

  return {
    test,
    async withWorkers(setup, body) {
      const taskQueue = test.taskQueue('orchestrator');
      const registryId = `health-${randomUUID()}`;
      const pools: AgentPool[] = [];
      const pollingPools: Promise<void>[] = [];
      const startPool = async (agents: readonly AnyAgentDefinition[]): Promise<AgentPool> => {
        const pool = await createAgentPoolWorkers({
          connection: test.nativeConnection,
          client: test.client,
          agents,
          shutdownGraceTime: 200,
          payloadStorage: setup.payloadStorage,
        });
        pools.push(pool);
        pollingPools.push(pool.run());
        return pool;
      };
      const orchestrator: Worker = await createOrchestratorWorker({
        connection: test.nativeConnection,
        taskQueue,
        agents: setup.agents,
        workflowBundle,
        shutdownGraceTime: 200,
        payloadStorage: setup.payloadStorage,
        ...(setup.healthRegistry ? { healthRegistry: setup.healthRegistry } : {}),
      });
      const orchestrating = orchestrator.run();
      const stopWorkers = async () => {
        stillRunning.delete(stopWorkers);
        await Promise.all(pools.map((pool) => pool.shutdown()));
        if (orchestrator.getState() === 'RUNNING') orchestrator.shutdown();
        await Promise.all([orchestrating, ...pollingPools]);
      };
      stillRunning.add(stopWorkers);
      try {
        const pooled = setup.pool ?? setup.agents;
        if (pooled.length > 0) await startPool(pooled);
        // The client converts failures as deployments do (dataConverterWith): timeouts keep their earlier attempts.
        const temporal = new Client({ connection: test.connection, ...dataConverterWith(setup.payloadStorage) });
        const client = SteadfastClient.fromClient(temporal, { taskQueue, healthRegistryId: registryId });
        return await body({
          client,
          registryId,
          taskQueue,
          request: (input) => ({ ...input, agentHealth: { ...input.agentHealth, registryId } }),
          startPool,
        });
      } finally {
        await stopWorkers();
      }
    },
    async close() {
      await Promise.all([...stillRunning].map((stop) => stop()));
      await test.close();
    },
  };
}
