/**
 * What `steadfast run` does once its flags and request are valid: start, and with --wait follow to the end (a live
 * table, or with --json the result as JSON once it ends).
 */
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { CliError } from '../cli-error';
import type { RunFlags } from '../commands/run';
import { followOrchestration } from './follow-orchestration';
import { createLiveOutput } from '../output/live-output';
import { printJson } from '../output/json-output';
import type { RequestFile } from './request-file';
import type { CliConnection } from '../connection/steadfast-connection';
import { findRunUiLink, namespaceIdOf } from '../connection/ui-link';
import { operate } from './operate';
import { reportOutcome } from './report-outcome';
import { printResult } from './show-result';

const say = (line: string) => process.stdout.write(`${line}\n`);

export async function runRequest(request: RequestFile, flags: RunFlags): Promise<void> {
  await operate(flags, async (connection) => {
    const handle = await connection.client.start(request.input, { id: flags.id }).catch((error: unknown) => {
      if (error instanceof WorkflowExecutionAlreadyStartedError) {
        throw new CliError(`an orchestration with id "${flags.id}" is already running; choose another --id`);
      }
      throw error;
    });
    if (flags.json && flags.wait) {
      await printResult(connection, handle.id, { json: true });
      return;
    }
    if (flags.json) {
      printJson({
        orchestrationId: handle.id,
        ...(handle.firstRunId !== undefined ? { runId: handle.firstRunId } : {}),
      });
      return;
    }
    if (!flags.wait) {
      say(handle.id);
      return;
    }
    say(`Started orchestration ${handle.id}`);
    await sayUiLink(connection, handle.id, flags.uiUrl);
    reportOutcome(await followOrchestration(connection, handle.id, createLiveOutput()));
  });
}

export async function sayUiLink(connection: CliConnection, id: string, uiUrl: string | undefined): Promise<void> {
  const link = await findRunUiLink(
    {
      address: connection.address,
      namespace: connection.namespace,
      workflowId: id,
      namespaceId: namespaceIdOf(connection),
    },
    uiUrl,
  );
  if (link) say(`Temporal UI: ${link}`);
}
