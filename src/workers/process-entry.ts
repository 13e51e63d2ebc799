/**
 * How a worker process ends on an error: one line naming the problem, exit code 2 for bad configuration (flags, the
 * agents module), 1 for anything else; stack traces only with STEADFAST_DEBUG.
 */
import { InvalidConfigError } from '../config/parse-config';

export function runProcessEntry(name: string, main: () => Promise<void>): void {
  main().catch((error: unknown) => {
    process.stderr.write(`${name}: ${describeFailure(error)}\n`);
    process.exitCode = error instanceof InvalidConfigError ? 2 : 1;
  });
}

function describeFailure(error: unknown): string {
  if (error instanceof InvalidConfigError) return error.message;
  if (process.env.STEADFAST_DEBUG) return (error as Error)?.stack ?? String(error);
  const message = error instanceof Error ? error.message : String(error);
  return `${message} (set STEADFAST_DEBUG=1 for details)`;
}
