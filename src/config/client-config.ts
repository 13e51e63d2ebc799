/** Settings of the Steadfast client and of starting one orchestration. */
import { z } from 'zod';
import { EdgeConfigSchema } from './edge-config';
import { durationAtLeast } from './duration';
import { DEFAULT_HEALTH_REGISTRY_ID, ORCHESTRATOR_TASK_QUEUE } from '../orchestration/names';
import { DEFAULT_NAMESPACE, NamespaceSchema, TaskQueueSchema, TemporalAddressSchema } from './temporal-connection';

/** Default workflow task timeout of orchestrations (Temporal's own default is 10 s). */
export const DEFAULT_WORKFLOW_TASK_TIMEOUT_MS = 3_000;

const clientFields = {
  namespace: NamespaceSchema.default(DEFAULT_NAMESPACE),
  /** The orchestrator workers' task queue. */
  taskQueue: TaskQueueSchema.default(ORCHESTRATOR_TASK_QUEUE),
  /** The agent-health registry `agents()` reads. */
  healthRegistryId: z.string().min(1).max(200).default(DEFAULT_HEALTH_REGISTRY_ID),
  /**
   * Admission control: start() refuses with OrchestrationOverloadedError while this many orchestrations are running
   * on the task queue. Unlimited when absent.
   */
  maxInFlight: z.number().int().min(1).max(1_000_000).optional(),
  /** The edge fallback (src/client/edge): its outbox and the agents that answer at the edge. */
  edge: EdgeConfigSchema.optional(),
  /**
   * Workflow task timeout of the orchestrations this client starts: how long a workflow task held by a worker that
   * died (or hangs) blocks its orchestration before another worker gets it. An orchestration's tasks take tens of ms;
   * 3 s leaves room for a replay on a loaded worker (docs/reliability.md). Temporal caps it at 120 s.
   */
  workflowTaskTimeout: durationAtLeast(100)
    .refine((ms) => ms <= 120_000, { message: 'must be at most 120s (Temporal caps workflow task timeouts there)' })
    .default(DEFAULT_WORKFLOW_TASK_TIMEOUT_MS),
};

/** For SteadfastClient.connect: where the server is comes from these, else as every Temporal tool reads it. */
export const SteadfastClientConfigSchema = z.strictObject({
  ...clientFields,
  /** Absent: TEMPORAL_ADDRESS, the TOML profile (TEMPORAL_PROFILE, TEMPORAL_CONFIG_FILE), then 127.0.0.1:7233. */
  address: TemporalAddressSchema.optional(),
  /** Absent: TEMPORAL_NAMESPACE, the TOML profile, then "default". */
  namespace: NamespaceSchema.optional(),
});

/** For a client built on an existing Temporal client, which already knows its server. */
export const SteadfastClientOptionsSchema = z.strictObject(clientFields);

export const OrchestrationIdSchema = z
  .string({ error: 'expected an orchestration id' })
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9_.:@-]{0,199}$/,
    'expected an id: letters, digits, "_", ".", ":", "@" or "-" (at most 200)',
  );

export const StartOptionsSchema = z.strictObject({
  /** The orchestration's (workflow) id; a random one when absent. */
  id: OrchestrationIdSchema.optional(),
});

export type SteadfastClientConfigInput = z.input<typeof SteadfastClientConfigSchema>;
export type SteadfastClientOptionsInput = z.input<typeof SteadfastClientOptionsSchema>;
export type SteadfastClientOptions = z.output<typeof SteadfastClientOptionsSchema>;
export type StartOptionsInput = z.input<typeof StartOptionsSchema>;
