/** What `steadfast agents` prints: the health registry as a table (or JSON). */
import type { AgentsFlags } from '../commands/agents';
import { isDeadlineExceeded, noWorkerAnswered, QUERY_TIMEOUT_MS } from '../connection/query-errors';
import { withSteadfast } from '../connection/steadfast-connection';
import { formatAgentHealth } from '../views/agent-health-table';

export async function showAgentHealth(flags: AgentsFlags): Promise<void> {
  const agents = await withSteadfast({ ...flags, healthRegistryId: flags.registry }, (connection) =>
    connection
      .withTimeout(QUERY_TIMEOUT_MS, () => connection.client.agents())
      .catch((error: unknown) => {
        if (isDeadlineExceeded(error)) throw noWorkerAnswered(`the health registry "${flags.registry}"`);
        throw error;
      }),
  );
  const say = (line: string) => process.stdout.write(`${line}\n`);
  if (flags.json) {
    say(JSON.stringify(agents, null, 2));
    return;
  }
  if (agents.length === 0) {
    say('No agent has reported an outcome yet: the registry fills up as orchestrations dispatch to agents.');
    return;
  }
  for (const line of formatAgentHealth(agents, Date.now())) say(line);
}
