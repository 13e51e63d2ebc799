/** Waits of the failover runs on the agents' ledger: until every orchestration's calls reached a point. */
import type { SteadfastClient } from '../../src/client';
import { readLedger, type LedgerEntry } from '../agents/agent-ledger';
import { chainRequest } from '../support/workload-requests';

/** Resolves once every orchestration in `ids` has a ledger entry matching `reached`; throws after 2 minutes. */
export async function waitUntilEveryOrchestration(
  ledger: string,
  ids: Iterable<string>,
  reached: (entry: LedgerEntry) => boolean,
  what: string,
): Promise<void> {
  const wanted = [...ids];
  const deadline = Date.now() + 120_000;
  for (;;) {
    const seen = new Set(
      readLedger(ledger)
        .filter(reached)
        .map((entry) => entry.orchestrationId),
    );
    if (wanted.every((id) => seen.has(id))) return;
    if (Date.now() > deadline) throw new Error(`the orchestrations did not all reach ${what} within 2 minutes`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * Starts `count` chains of `steps` steps spread over `spreadMs` (so that a kill finds some steps running and some
 * orchestrations between steps), then waits until every one has ended its third step (s2). Returns their ids.
 */
export async function startChainsPastTheirThirdStep(
  client: SteadfastClient,
  ledger: string,
  count: number,
  steps: number,
  spreadMs: number,
): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    ids.push((await client.start(chainRequest({ steps }))).id);
    await new Promise((resolve) => setTimeout(resolve, spreadMs / count));
  }
  await waitUntilEveryOrchestration(ledger, ids, (e) => e.event === 'end' && e.stepId === 's2', 'step s2');
  return ids;
}
