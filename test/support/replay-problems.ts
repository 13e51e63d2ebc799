/** Replays histories against a workflow bundle as a worker taking them over would; returns one line per failure. */
import { Worker, type WorkflowBundle } from '@temporalio/worker';
import type { temporal } from '@temporalio/proto';

export interface HistoryToReplay {
  readonly workflowId: string;
  readonly history: temporal.api.history.v1.IHistory;
}

export async function replayProblems(
  workflowBundle: WorkflowBundle,
  replayName: string,
  histories: readonly HistoryToReplay[],
): Promise<string[]> {
  const problems: string[] = [];
  for await (const result of Worker.runReplayHistories({ workflowBundle, replayName }, histories)) {
    if (result.error) problems.push(`${result.workflowId}: ${String(result.error)}`);
  }
  return problems;
}
