/** `steadfast agents`: the shared agent-health registry: each agent's circuit and its recent outcomes. */
import type { Command } from 'commander';
import { z } from 'zod';
import { DEFAULT_HEALTH_REGISTRY_ID } from '../../orchestration/names';
import { addConnectionOptions, ConnectionFlagsSchema } from '../connection/connection-flags';
import { parseFlags } from '../flags';

const AgentsFlagsSchema = ConnectionFlagsSchema.extend({
  registry: z
    .string()
    .trim()
    .min(1, { error: '--registry must not be empty' })
    .max(200)
    .default(DEFAULT_HEALTH_REGISTRY_ID),
  json: z.boolean().default(false),
});

export type AgentsFlags = z.output<typeof AgentsFlagsSchema>;

export function register(program: Command): void {
  addConnectionOptions(
    program
      .command('agents')
      .description("Show the agent-health registry: each agent's circuit breaker and recent outcomes"),
  )
    .option('--registry <id>', `id of the health registry (default: ${DEFAULT_HEALTH_REGISTRY_ID})`)
    .option('--json', 'print the registry rows as JSON')
    .action(async (rawFlags: Record<string, unknown>) => {
      const flags = parseFlags(AgentsFlagsSchema, rawFlags);
      const { showAgentHealth } = await import('../orchestrations/show-agent-health');
      await showAgentHealth(flags);
    });
}
