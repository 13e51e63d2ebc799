/** Waits of the failover runs on the agents' ledger: until every orchestration's calls reached a point. */
import { readLedger, type LedgerEntry } from '../agents/agent-ledger';

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
