/** Settings of an agent pool process: which agents it serves and how many instructions each runs at once. */
import { z } from 'zod';
import { AgentNameSchema } from './agent-policy-schemas';
import { DurationSchema } from './duration';
import { DEFAULT_NAMESPACE, NamespaceSchema } from './temporal-connection';

export const AgentPoolConfigSchema = z.strictObject({
  namespace: NamespaceSchema.default(DEFAULT_NAMESPACE),
  /** Serve only these agents of the module; all of them when absent. */
  only: z.array(AgentNameSchema).min(1, 'name at least one agent, or leave it out to serve every agent').optional(),
  /** Instructions each agent runs at once in this process, instead of the agent's own `concurrency`. */
  concurrency: z.number().int().min(1).max(10_000).optional(),
  identity: z.string().min(1).max(200).optional(),
  /** How long shutdown lets running instructions finish before cancelling them (they are then retried elsewhere). */
  shutdownGraceTime: DurationSchema.default(10_000),
});

export type AgentPoolConfigInput = z.input<typeof AgentPoolConfigSchema>;
export type AgentPoolConfig = z.output<typeof AgentPoolConfigSchema>;
