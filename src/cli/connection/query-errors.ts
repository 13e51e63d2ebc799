/** Queries are answered by a worker: when none answers in time the CLI says which worker to start, not "deadline exceeded". */
import { CliError } from '../cli-error';

const GRPC_DEADLINE_EXCEEDED = 4;

export const QUERY_TIMEOUT_MS = 10_000;

export function isDeadlineExceeded(error: unknown): boolean {
  for (
    let current = error as { code?: unknown; cause?: unknown } | undefined, depth = 0;
    current && depth < 5;
    depth++
  ) {
    if (current.code === GRPC_DEADLINE_EXCEEDED) return true;
    current = current.cause as typeof current;
  }
  return false;
}

export function noWorkerAnswered(what: string, timeoutMs = QUERY_TIMEOUT_MS): CliError {
  return new CliError(
    `no orchestrator worker answered ${what} within ${timeoutMs / 1000}s; is \`steadfast worker orchestrator\` running against this server?`,
  );
}
