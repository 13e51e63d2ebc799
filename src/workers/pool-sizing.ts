/** How an agent pool is composed: which of the module's agents it serves, and how many instructions each runs at once. */
import type { AnyAgentDefinition } from '../activities/define-agent';
import { InvalidConfigError } from '../config/parse-config';

/** The agents named in `only` (all when absent); an unknown name is a configuration error naming it. */
export function selectPoolAgents(
  agents: readonly AnyAgentDefinition[],
  only: readonly string[] | undefined,
): AnyAgentDefinition[] {
  if (agents.length === 0) throw new InvalidConfigError('agent pool', ['agents: no agent definitions to serve']);
  if (only === undefined) return [...agents];
  const byName = new Map(agents.map((agent) => [agent.name, agent]));
  const known = [...byName.keys()].sort().join(', ');
  const problems = only
    .map((name, index) =>
      byName.has(name) ? undefined : `only[${index}]: no agent "${name}" is defined (known: ${known})`,
    )
    .filter((problem): problem is string => problem !== undefined);
  if (problems.length > 0) throw new InvalidConfigError('agent pool', problems);
  return [...new Set(only)].map((name) => byName.get(name)!);
}

/** Slots of one agent in one process: the pool-wide override, or the agent's own `concurrency`. */
export function concurrencyFor(agent: AnyAgentDefinition, poolOverride: number | undefined): number {
  return poolOverride ?? agent.concurrency;
}
