/** Schema of `defineAgent` options: one agent kind, its handlers, dispatch policy and pool sizing. */
import { z } from 'zod';
import { agentTaskQueue } from '../orchestration/names';
import { AgentNameSchema, AgentRetrySchema, AgentTimeoutsSchema, FallbackPolicySchema } from './agent-policy-schemas';

const FunctionSchema = z.custom<(...args: never[]) => unknown>((value) => typeof value === 'function', {
  message: 'expected a function (input, ctx) => result',
});

export const AgentDefinitionSchema = z
  .strictObject({
    name: AgentNameSchema,
    handler: FunctionSchema,
    /** Degraded handler run on the orchestrator's side when no agent of this pool can answer. */
    autonomous: FunctionSchema.optional(),
    timeouts: AgentTimeoutsSchema.prefault({}),
    retry: AgentRetrySchema.prefault({}),
    fallback: FallbackPolicySchema.prefault({}),
    /** Instructions one worker process runs at the same time for this agent. */
    concurrency: z.number().int().min(1).max(10_000).default(4),
    taskQueue: z.string().min(1).max(200).optional(),
    /** The wrapper heartbeats every `heartbeat timeout x heartbeatFraction`. */
    heartbeatFraction: z
      .number()
      .gt(0)
      .max(0.5)
      .default(1 / 3),
  })
  .transform((agent) => ({ ...agent, taskQueue: agent.taskQueue ?? agentTaskQueue(agent.name) }));

export type AgentDefinitionInput = z.input<typeof AgentDefinitionSchema>;
export type AgentDefinitionConfig = z.output<typeof AgentDefinitionSchema>;
