/** Errors the CLI reports as one line on stderr, without a stack trace, and exits with `exitCode`. */
import { ExitCode } from './exit-codes';

export class CliError extends Error {
  override readonly name: string = 'CliError';

  constructor(
    message: string,
    readonly exitCode: number = ExitCode.failed,
  ) {
    super(message);
  }
}

/** The command line or an input file is wrong: nothing was tried, exit code 2. */
export class UsageError extends CliError {
  override readonly name: string = 'UsageError';

  constructor(message: string) {
    super(message, ExitCode.usage);
  }
}
