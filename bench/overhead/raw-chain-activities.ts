/** The raw chain's activity: waits like a benchmark agent and writes the same ledger, so its gaps compare with Steadfast's. */
import { Context } from '@temporalio/activity';
import { appendLedgerEntry, preciseNow, type LedgerEntry } from '../agents/agent-ledger';

export function rawChainActivities(ledger: string, latencyMs: number) {
  return {
    async rawStep(step: number): Promise<number> {
      const { info } = Context.current();
      const workflowId = info.workflowExecution?.workflowId ?? 'unknown';
      const entry = (event: LedgerEntry['event']): LedgerEntry => ({
        event,
        agent: 'raw-step',
        key: `${workflowId}/s${step}`,
        orchestrationId: workflowId,
        stepId: `s${step}`,
        attempt: info.attempt,
        at: preciseNow(),
        pid: process.pid,
      });
      appendLedgerEntry(ledger, entry('start'));
      if (latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, latencyMs));
      appendLedgerEntry(ledger, entry('end'));
      return step;
    },
  };
}

export type RawChainActivities = ReturnType<typeof rawChainActivities>;
