/**
 * The orchestrator worker: runs orchestrations and the agent-health registry, plus the local activities they use
 * (agent policies, autonomous handlers, registry access). It must know the same agents as the pools.
 */
import type { ExternalStorage } from '@temporalio/common';
import { Worker, type NativeConnection, type WorkflowBundleOption } from '@temporalio/worker';
import { createAgentCatalog } from '../activities/agent-catalog';
import type { AnyAgentDefinition } from '../activities/define-agent';
import { createOrchestratorActivities } from '../activities/orchestrator-activities';
import {
  OrchestratorWorkerConfigSchema,
  type OrchestratorWorkerConfigInput,
} from '../config/orchestrator-worker-config';
import { parseOrThrow } from '../config/parse-config';
import { dataConverterWith } from '../payloads/payload-storage';
import { instructionLogContext } from '../telemetry/instruction-log-context';
import { orchestratorWorkflowInterceptorModules, orchestratorWorkflowsPath } from './orchestrator-workflows';

export interface OrchestratorWorkerOptions extends OrchestratorWorkerConfigInput {
  readonly connection: NativeConnection;
  /** Every agent orchestrations may dispatch to: their policies, and the autonomous handlers run here. */
  readonly agents: readonly AnyAgentDefinition[];
  /** A prebuilt bundle (bundleOrchestratorWorkflows); the workflows are bundled from source when absent. */
  readonly workflowBundle?: WorkflowBundleOption;
  /** Where payloads above a size are kept instead of the history; every process of the deployment must share it. */
  readonly payloadStorage?: ExternalStorage | undefined;
}

/** Throws InvalidConfigError naming each bad option; run the returned worker with `run()` or `runUntil()`. */
export async function createOrchestratorWorker(options: OrchestratorWorkerOptions): Promise<Worker> {
  const { connection, agents, workflowBundle, payloadStorage, ...settings } = options;
  const config = parseOrThrow(OrchestratorWorkerConfigSchema, settings, 'orchestrator worker options');
  const catalog = createAgentCatalog(agents);
  return Worker.create({
    connection,
    namespace: config.namespace,
    taskQueue: config.taskQueue,
    ...(config.identity !== undefined ? { identity: config.identity } : {}),
    ...(workflowBundle ? { workflowBundle } : { workflowsPath: orchestratorWorkflowsPath() }),
    activities: createOrchestratorActivities({ catalog, healthRegistry: config.healthRegistry }),
    ...dataConverterWith(payloadStorage),
    // A prebuilt bundle carries its workflow interceptors already (bundleOrchestratorWorkflows).
    interceptors: {
      activity: [instructionLogContext],
      ...(workflowBundle ? {} : { workflowModules: orchestratorWorkflowInterceptorModules() }),
    },
    // Its activities only ever run as local activities, so it does not poll for remote ones.
    enableNonLocalActivities: false,
    maxConcurrentWorkflowTaskExecutions: config.maxConcurrentWorkflowTaskExecutions,
    maxConcurrentLocalActivityExecutions: config.maxConcurrentLocalActivityExecutions,
    ...(config.maxCachedWorkflows !== undefined ? { maxCachedWorkflows: config.maxCachedWorkflows } : {}),
    stickyQueueScheduleToStartTimeout: config.stickyQueueScheduleToStartTimeout,
    shutdownGraceTime: config.shutdownGraceTime,
  });
}
