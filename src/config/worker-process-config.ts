/**
 * What the worker processes accept on their command line (flags arrive as text) and from the environment.
 * Only the process edge lives here; defaults are those of the worker schemas the values are handed to.
 */
import { z } from 'zod';
import { AgentNameSchema } from './agent-policy-schemas';
import { DurationSchema } from './duration';
import { NamespaceSchema, TaskQueueSchema, TemporalAddressSchema } from './temporal-connection';

const wholeNumber = (min: number, max: number) =>
  z.coerce.number({ error: 'expected a whole number' }).int('expected a whole number').min(min).max(max);

const commonFlags = {
  /** Absent: TEMPORAL_ADDRESS, the TOML profile, then 127.0.0.1:7233 (temporal-profile.ts). */
  address: TemporalAddressSchema.optional(),
  /** Absent: TEMPORAL_NAMESPACE, the TOML profile, then "default". */
  namespace: NamespaceSchema.optional(),
  identity: z.string().min(1).max(200).optional(),
  shutdownGraceTime: DurationSchema.optional(),
};

const MODULE_EXPECTED = 'expected the path of a module that exports agent definitions, e.g. ./my-agents.js';
const modulePath = z.string({ error: MODULE_EXPECTED }).trim().min(1, MODULE_EXPECTED);

export const OrchestratorProcessConfigSchema = z.strictObject({
  ...commonFlags,
  taskQueue: TaskQueueSchema.optional(),
  /** Agents whose policies and autonomous handlers this orchestrator uses; without it every agent gets the defaults. */
  module: modulePath.optional(),
  /** A prebuilt bundle of the orchestrator workflows (saves bundling at every start). */
  workflowBundle: z.string().trim().min(1).optional(),
  maxConcurrentWorkflowTaskExecutions: wholeNumber(2, 10_000).optional(),
  maxConcurrentLocalActivityExecutions: wholeNumber(1, 10_000).optional(),
  maxCachedWorkflows: wholeNumber(0, 1_000_000).optional(),
  stickyQueueScheduleToStartTimeout: DurationSchema.optional(),
});

export const AgentPoolProcessConfigSchema = z.strictObject({
  ...commonFlags,
  module: modulePath,
  /** Comma-separated agent names to serve; all agents of the module when absent. */
  agents: z
    .string()
    .transform((list) =>
      list
        .split(',')
        .map((name) => name.trim())
        .filter((name) => name !== ''),
    )
    .pipe(z.array(AgentNameSchema).min(1, 'expected agent names separated by commas'))
    .optional(),
  concurrency: wholeNumber(1, 10_000).optional(),
});

export type OrchestratorProcessConfig = z.output<typeof OrchestratorProcessConfigSchema>;
export type AgentPoolProcessConfig = z.output<typeof AgentPoolProcessConfigSchema>;
