/**
 * The local activity before a step's first dispatch: the policies of its agent and of its fallback chain's agents and,
 * when the orchestration consults the registry, one health exchange for the circuits those dispatches consult.
 */
import type {
  DescribedStep,
  DescribeStepInput,
  ExchangeAgentHealthInput,
  ExchangedAgentHealth,
} from '../orchestration/orchestrator-activities-api';
import { dispatchedAgents, healthKeysFor, stepFallbackChain } from '../orchestration/step-chain';
import type { AgentCatalog } from './agent-catalog';

export async function describeStep(
  catalog: Pick<AgentCatalog, 'describe'>,
  exchange: (input: ExchangeAgentHealthInput) => Promise<ExchangedAgentHealth>,
  { agent, fallback, health }: DescribeStepInput,
): Promise<DescribedStep> {
  const primary = catalog.describe([agent]);
  const chain = stepFallbackChain(
    agent,
    primary.policies[agent]!,
    fallback ? { fallback } : undefined,
    primary.withAutonomous.includes(agent),
  );
  const described = catalog.describe([...new Set(chain.map((branch) => branch.agent))]);
  if (!health) return described;
  const agents = healthKeysFor(dispatchedAgents(chain), described.policies);
  try {
    return { ...described, health: { agents, exchanged: await exchange({ ...health, agents }) } };
  } catch (error) {
    return { ...described, health: { agents, unavailable: String(error) } };
  }
}
