/** What `steadfast run` does once its flags and request file are valid: start, and with --wait follow to the end. */
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { CliError } from '../cli-error';
import type { RunFlags } from '../commands/run';
import { followOrchestration, type OrchestrationOutcome } from './follow-orchestration';
import { createLiveOutput } from '../output/live-output';
import { formatDuration } from '../output/time-format';
import type { RequestFile } from './request-file';
import { withSteadfast } from '../connection/steadfast-connection';
import { formatFallbackChains } from '../views/step-table';
import { findRunUiLink, namespaceIdOf } from '../connection/ui-link';

const say = (line: string) => process.stdout.write(`${line}\n`);

export async function runRequest(request: RequestFile, flags: RunFlags): Promise<void> {
  await withSteadfast(flags, async (connection) => {
    const handle = await connection.client.start(request.input, { id: flags.id }).catch((error: unknown) => {
      if (error instanceof WorkflowExecutionAlreadyStartedError) {
        throw new CliError(`an orchestration with id "${flags.id}" is already running; choose another --id`);
      }
      throw error;
    });
    if (!flags.wait) {
      say(handle.id);
      return;
    }
    say(`Started orchestration ${handle.id}`);
    const link = await findRunUiLink(
      {
        address: connection.address,
        namespace: connection.namespace,
        workflowId: handle.id,
        namespaceId: namespaceIdOf(connection),
      },
      flags.uiUrl,
    );
    if (link) say(`Temporal UI: ${link}`);
    report(await followOrchestration(connection, handle.id, createLiveOutput()));
  });
}

/** Prints how the orchestration ended; a failed or cancelled one ends the command with a non-zero exit code. */
function report(outcome: OrchestrationOutcome): void {
  const took = outcome.startedAt === undefined ? '' : ` in ${formatDuration(Date.now() - outcome.startedAt)}`;
  if (outcome.kind === 'failed') {
    for (const line of formatFallbackChains(outcome.error.status?.steps ?? [])) say(line);
    throw new CliError(outcome.error.message, 1);
  }
  for (const line of formatFallbackChains(outcome.result.steps)) say(line);
  if (outcome.kind === 'cancelled')
    throw new CliError(`orchestration "${outcome.result.orchestrationId}" was cancelled${took}`, 2);
  say(
    `Orchestration ${outcome.result.orchestrationId} completed${took} with ${outcome.result.fallbackCount} fallback(s)`,
  );
  say(`Output: ${JSON.stringify(outcome.result.output ?? null, null, 2)}`);
}
