/** The pieces `steadfast demo --scenario llm` swaps into the demo: its agents module, requests and summary. */
import type { AgentHealthView } from '../../../orchestration/agent-health';
import type { CliConnection } from '../../connection/steadfast-connection';
import { demoAgentsModule } from '../demo-cluster';
import type { LedgerEntry } from '../demo-ledger';
import type { DemoOutcome } from '../demo-tally';
import { LLM_DEMO_AGENTS } from './llm-demo-agents';
import { llmDemoRequest } from './llm-demo-requests';
import { formatLlmDemoSummary, llmDemoSucceeded, tallyLlmDemo } from './llm-demo-summary';

export const LLM_DEMO_DEFAULT_ORCHESTRATIONS = 8;

export function llmDemoAgents() {
  return {
    module: demoAgentsModule('llm/llm-demo-agents.js'),
    served: LLM_DEMO_AGENTS,
    note: 'every model is scripted (no API key, no network); the reviewer’s provider is down',
  };
}

export const llmDemoBatch = (searchAttributes: boolean) => ({
  request: (index: number) => llmDemoRequest(index, searchAttributes),
  // Reviews of later orchestrations arrive after earlier ones opened the outage model's circuit.
  staggerMs: 400,
});

export async function llmDemoSummary(
  connection: CliConnection,
  outcomes: readonly DemoOutcome[],
  ledger: readonly LedgerEntry[],
): Promise<{ lines: string[]; succeeded: boolean }> {
  const tally = tallyLlmDemo(outcomes, ledger);
  let health: AgentHealthView[] = [];
  try {
    health = await connection.withTimeout(5_000, () => connection.client.agents());
  } catch {
    // The circuits line is informative only; without the registry's answer it says "none".
  }
  return { lines: formatLlmDemoSummary(tally, health), succeeded: llmDemoSucceeded(tally) };
}
