/**
 * What `steadfast history` prints: the event history of every run of an orchestration's chain (oldest first, a
 * header per run), or of the one run `--run-id` names, as tables or as JSON ([{ "runId", "events" }]).
 */
import { status } from '@grpc/grpc-js';
import { isGrpcServiceError, type Client } from '@temporalio/client';
import { WorkflowNotFoundError } from '@temporalio/common';
import { CliError } from '../cli-error';
import type { ConnectionFlags } from '../connection/connection-flags';
import { printJson } from '../output/json-output';
import { describeEvent, formatHistoryTable, type HistoryEventRow } from '../views/history-events';
import { operate } from './operate';
import { chainHistories, runHistory, type RunHistory } from './run-chain';

export interface HistoryFlags extends ConnectionFlags {
  readonly id: string;
  readonly runId?: string | undefined;
  readonly json: boolean;
}

export interface RunHistoryView {
  readonly runId: string;
  readonly events: readonly HistoryEventRow[];
}

export async function showHistory(flags: HistoryFlags): Promise<void> {
  const runs = await operate(flags, ({ client }) =>
    flags.runId === undefined
      ? chainHistories(client.temporal, flags.id)
      : oneRun(flags.id, flags.runId, client.temporal),
  );
  const views: RunHistoryView[] = runs.map((run) => ({ runId: run.runId, events: run.events.map(describeEvent) }));
  if (flags.json) {
    printJson(views);
    return;
  }
  // The header says where a run stands in the chain; --run-id shows one run, wherever it stands.
  const header = (run: RunHistoryView, index: number) =>
    flags.runId === undefined ? `Run ${index + 1} of ${views.length}: ${run.runId}` : `Run ${run.runId}`;
  const sections = views.map((run, index) => [header(run, index), ...formatHistoryTable(run.events)].join('\n'));
  process.stdout.write(`${sections.join('\n\n')}\n`);
}

async function oneRun(id: string, runId: string, client: Client): Promise<RunHistory[]> {
  try {
    return [await runHistory(client, id, runId)];
  } catch (error) {
    // fetchHistory reports an unknown run as the gRPC NOT_FOUND it got, not as WorkflowNotFoundError.
    const notFound =
      error instanceof WorkflowNotFoundError || (isGrpcServiceError(error) && error.code === status.NOT_FOUND);
    if (notFound) throw new CliError(`no run "${runId}" of orchestration "${id}"`);
    throw error;
  }
}
