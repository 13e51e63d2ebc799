/** The agents a process knows about, by name: pool workers run them, the orchestrator reads their policies. */
import { defaultAgentPolicy } from '../config/agent-policy-schemas';
import type { DescribedAgents } from '../orchestration/orchestrator-activities-api';
import { isAgentDefinition, type AgentDefinition } from './define-agent';

export interface AgentCatalog {
  readonly agents: readonly AgentDefinition[];
  get(name: string): AgentDefinition | undefined;
  /** Policies of the named agents; agents not in the catalog get the default policy. */
  describe(names: readonly string[]): DescribedAgents;
}

export function createAgentCatalog(definitions: Iterable<AgentDefinition>): AgentCatalog {
  const byName = new Map<string, AgentDefinition>();
  for (const definition of definitions) {
    if (byName.has(definition.name)) throw new Error(`agent "${definition.name}" is defined twice`);
    byName.set(definition.name, definition);
  }
  return {
    agents: [...byName.values()],
    get: (name) => byName.get(name),
    describe: (names) => ({
      policies: Object.fromEntries(names.map((name) => [name, byName.get(name)?.policy ?? defaultAgentPolicy(name)])),
      withAutonomous: names.filter((name) => byName.get(name)?.autonomous !== undefined),
    }),
  };
}

/**
 * Agent definitions exported by a user module (`--module ./my-agents.js`): any export that is a definition
 * or an array of definitions, including the default export.
 */
export function collectAgentDefinitions(moduleExports: unknown): AgentDefinition[] {
  if (moduleExports === null || typeof moduleExports !== 'object') return [];
  const found: AgentDefinition[] = [];
  const add = (value: unknown): void => {
    if (isAgentDefinition(value) && !found.includes(value)) found.push(value);
    else if (Array.isArray(value)) value.forEach(add);
  };
  for (const value of Object.values(moduleExports as Record<string, unknown>)) {
    add(value);
    if (value !== null && typeof value === 'object' && !Array.isArray(value) && !isAgentDefinition(value)) {
      Object.values(value as Record<string, unknown>).forEach(add);
    }
  }
  return found;
}
