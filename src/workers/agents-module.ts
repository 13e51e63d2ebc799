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
    // The user's module, named at run time; loaded synchronously as a CommonJS consumer would.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    exported = require(resolved);
  } catch (error) {
    // An invalid defineAgent(...) in the module: keep every line, each names the field at fault.
    if (isInvalidConfig(error)) {
      throw new InvalidConfigError(
        'agents module',
        error.problems.map((problem) => `module: ${resolved}: invalid ${error.subject}: ${problem}`),
      );
    }
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new InvalidConfigError('agents module', [`module: cannot load ${resolved}: ${reason}`]);
  }
  const agents = collectAgentDefinitions(exported);
  if (agents.length === 0) {
    throw new InvalidConfigError('agents module', [
      `module: ${resolved} exports no agent definitions; export the results of defineAgent(...)`,
    ]);
  }
  const duplicates = namesDefinedTwice(agents);
  if (duplicates.length > 0) {
    // Two definitions would poll one task queue with different handlers and policies: refuse before connecting.
    throw new InvalidConfigError(
      'agents module',
      duplicates.map(
        (name) => `module: ${resolved} defines agent "${name}" more than once; give each defineAgent(...) its own name`,
      ),
    );
  }
  return agents;
}

function namesDefinedTwice(agents: readonly AgentDefinition[]): string[] {
  const seen = new Set<string>();
  const twice = new Set<string>();
  for (const agent of agents) (seen.has(agent.name) ? twice : seen).add(agent.name);
  return [...twice];
}

/** By shape, not class: the module may have been built against another copy of Steadfast. */
function isInvalidConfig(error: unknown): error is InvalidConfigError {
  const candidate = error as Partial<InvalidConfigError> | null;
  return (
    candidate?.name === 'InvalidConfigError' &&
    typeof candidate.subject === 'string' &&
    Array.isArray(candidate.problems)
  );
}
