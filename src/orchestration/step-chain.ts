/**
 * A step's fallback chain and the circuits its dispatches consult, decided alike by the orchestration and by the local
 * activity that describes a step's agents before its first dispatch.
 */
import { resolveStepPolicy, type AgentPolicy, type StepPolicyOverrides } from './agent-policy';
import { buildFallbackChain, type Branch } from './fallback-chain';

/** The chain of a step run by `agent`, with the step's overrides; the autonomous branch only where a handler exists. */
export function stepFallbackChain(
  agent: string,
  policy: AgentPolicy,
  overrides: StepPolicyOverrides | undefined,
  hasAutonomous: boolean,
): Branch[] {
  const { fallback } = resolveStepPolicy(policy, overrides);
  return buildFallbackChain(agent, { ...fallback, autonomous: fallback.autonomous && hasAutonomous });
}

/** The agents a chain dispatches to (the autonomous branch runs on the orchestrator: no circuit applies). */
export function dispatchedAgents(chain: readonly Branch[]): string[] {
  return chain.filter((branch) => branch.mode !== 'autonomous').map((branch) => branch.agent);
}

/** The agents' own circuits, then the circuits of the models their LLM policies name (each key once). */
export function healthKeysFor(
  agents: readonly string[],
  policies: Readonly<Record<string, AgentPolicy | undefined>>,
): string[] {
  const keys = [...agents];
  for (const agent of agents) {
    const circuit = policies[agent]?.llm?.circuitKey;
    if (circuit !== undefined && !keys.includes(circuit)) keys.push(circuit);
  }
  return keys;
}
