/**
 * What `steadfast result` (and `run --wait --json`) prints: the orchestration's output once it has ended. A failed
 * or cancelled orchestration exits 1 with one line saying why; with --json its failure is printed as JSON first.
 */
import { OrchestrationFailedError } from '../../client/orchestration-errors';
import type { OrchestrationResult } from '../../orchestration/status-view';
import { CliError } from '../cli-error';
import type { CliConnection } from '../connection/steadfast-connection';
import { printJson } from '../output/json-output';

export async function printResult(
  connection: CliConnection,
  id: string,
  options: { readonly json: boolean },
): Promise<void> {
  let result: OrchestrationResult;
  try {
    result = await connection.client.result(id);
  } catch (error) {
    if (!(error instanceof OrchestrationFailedError)) throw error;
    if (options.json) printJson(failedResult(error));
    throw new CliError(error.message);
  }
  if (options.json) printJson(result);
  else if (result.status === 'completed') process.stdout.write(`${formatOutput(result.output)}\n`);
  if (result.status === 'cancelled') throw new CliError(`orchestration "${id}" was cancelled`);
}

/** A string output is printed as it is (so `steadfast result id > brief.md` writes the text); anything else as JSON. */
export function formatOutput(output: unknown): string {
  return typeof output === 'string' ? output : JSON.stringify(output ?? null, null, 2);
}

function failedResult(error: OrchestrationFailedError) {
  return {
    orchestrationId: error.orchestrationId,
    status: 'failed',
    failure: {
      type: error.type,
      message: error.message,
      ...(error.stepId !== undefined ? { stepId: error.stepId } : {}),
    },
    ...(error.status !== undefined ? { fallbackCount: error.status.fallbackCount, steps: error.status.steps } : {}),
  };
}
