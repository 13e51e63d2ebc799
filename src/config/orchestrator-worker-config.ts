/** Settings of an orchestrator worker: where it polls, how much it runs at once, and the health registry it starts. */
import { z } from 'zod';
import { ORCHESTRATOR_TASK_QUEUE } from '../orchestration/names';
import { DurationSchema, durationAtLeast } from './duration';
import { HealthRegistryConfigSchema } from './health-registry-config';
import { DEFAULT_NAMESPACE, NamespaceSchema, TaskQueueSchema } from './temporal-connection';

export const OrchestratorWorkerConfigSchema = z.strictObject({
  namespace: NamespaceSchema.default(DEFAULT_NAMESPACE),
  /** Clients start orchestrations on this queue; the agent-health registry runs here too. */
  taskQueue: TaskQueueSchema.default(ORCHESTRATOR_TASK_QUEUE),
  identity: z.string().min(1).max(200).optional(),
  /**
   * Workflow tasks held at once (Temporal needs at least 2: one for the sticky queue, one for the shared queue). 40:
   * a survivor taking over a dead worker's orchestrations neither left them queued long nor timed its own tasks out
   * in the measurements of docs/reliability.md ("Survivor capacity"); 100 and more did, on a loaded host.
   */
  maxConcurrentWorkflowTaskExecutions: z.number().int().min(2).max(10_000).default(40),
  /** Autonomous handlers and health-registry calls run as local activities on this worker. */
  maxConcurrentLocalActivityExecutions: z.number().int().min(1).max(10_000).default(100),
  /** Orchestrations kept in memory between tasks; defaults to Temporal's choice from available memory. */
  maxCachedWorkflows: z.number().int().min(0).max(1_000_000).optional(),
  /**
   * How soon the server hands a cached orchestration to another worker when this one stops answering: a task queued
   * for this worker's sticky queue moves to the shared queue after this long. 1 s (the SDK's default is 10 s): a live
   * worker picks a sticky task up in milliseconds, and a false move only costs a replay (docs/reliability.md).
   */
  stickyQueueScheduleToStartTimeout: durationAtLeast(100).default(1_000),
  /** How long shutdown lets running local activities finish before cancelling them. */
  shutdownGraceTime: DurationSchema.default(10_000),
  /** Settings the shared agent-health registry starts with when this worker creates it. */
  healthRegistry: HealthRegistryConfigSchema.prefault({}),
});

export type OrchestratorWorkerConfigInput = z.input<typeof OrchestratorWorkerConfigSchema>;
export type OrchestratorWorkerConfig = z.output<typeof OrchestratorWorkerConfigSchema>;
