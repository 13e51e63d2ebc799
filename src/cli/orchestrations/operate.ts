/**
 * Runs a command's client operation on one orchestration. Whatever the server or the orchestration says against it
 * (not found, already ended, refused with a reason) becomes one `steadfast: <message>` line and exit code 1.
 */
import { WorkflowNotFoundError } from '@temporalio/common';
import { InvalidConfigError } from '../../config/parse-config';
import { CliError } from '../cli-error';
import { withSteadfast, type CliConnection, type CliConnectionOptions } from '../connection/steadfast-connection';

export async function operate<T>(
  options: CliConnectionOptions & { readonly id?: string | undefined },
  body: (connection: CliConnection) => Promise<T>,
): Promise<T> {
  try {
    return await withSteadfast(options, body);
  } catch (error) {
    throw asOneLineFailure(error, options.id);
  }
}

/** CliErrors and bad configuration keep their own exit code; any other error is reported by its message alone. */
export function asOneLineFailure(error: unknown, id?: string): unknown {
  if (error instanceof CliError || error instanceof InvalidConfigError) return error;
  if (error instanceof WorkflowNotFoundError && id !== undefined) return new CliError(`no orchestration "${id}"`);
  if (process.env.STEADFAST_DEBUG) return error;
  return new CliError(error instanceof Error ? error.message : String(error));
}
