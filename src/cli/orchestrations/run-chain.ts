/**
 * The runs of an orchestration's chain (continue-as-new, retries, cron), oldest first: from the current run back
 * through each run's WorkflowExecutionStarted `continuedExecutionRunId`, as Temporal links them.
 */
import type { Client } from '@temporalio/client';
import type { temporal } from '@temporalio/proto';

export interface RunHistory {
  readonly runId: string;
  readonly events: readonly temporal.api.history.v1.IHistoryEvent[];
}

export async function runHistory(client: Client, workflowId: string, runId: string): Promise<RunHistory> {
  const history = await client.workflow.getHandle(workflowId, runId).fetchHistory();
  return { runId, events: history.events ?? [] };
}

/** Every run of the chain the current run of `workflowId` belongs to, oldest first. */
export async function chainHistories(client: Client, workflowId: string): Promise<RunHistory[]> {
  const { runId: current } = await client.workflow.getHandle(workflowId).describe();
  const runs: RunHistory[] = [];
  const seen = new Set<string>();
  for (let runId: string | undefined = current; runId && !seen.has(runId); runId = previousRunOf(runs.at(-1)!)) {
    seen.add(runId);
    runs.push(await runHistory(client, workflowId, runId));
  }
  return runs.reverse();
}

function previousRunOf(run: RunHistory): string | undefined {
  const started = run.events[0]?.workflowExecutionStartedEventAttributes;
  return started?.continuedExecutionRunId || undefined;
}
