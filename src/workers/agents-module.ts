/** Loads the user's agents module (`--module ./my-agents.js`): every agent definition it exports. */
import path from 'node:path';
import { collectAgentDefinitions } from '../activities/agent-catalog';
import type { AgentDefinition } from '../activities/define-agent';
import { InvalidConfigError } from '../config/parse-config';

/** A relative path is taken from the current directory, as a user typing it expects. */
export function loadAgentsModule(modulePath: string, cwd = process.cwd()): AgentDefinition[] {
  const resolved = path.resolve(cwd, modulePath);
  let exported: unknown;
  try {
    exported = require(resolved);
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new InvalidConfigError('agents module', [`module: cannot load ${resolved}: ${reason}`]);
  }
  const agents = collectAgentDefinitions(exported);
  if (agents.length === 0) {
    throw new InvalidConfigError('agents module', [
      `module: ${resolved} exports no agent definitions; export the results of defineAgent(...)`,
    ]);
  }
  return agents;
}
