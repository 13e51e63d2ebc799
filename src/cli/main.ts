/** The `steadfast` command: a commander program whose subcommands come from ./commands, and its error reporting. */
import fs from 'node:fs';
import path from 'node:path';
import { Command, CommanderError } from 'commander';
import { InvalidConfigError } from '../config/parse-config';
import { DevServerStartError } from '../server/dev-server-api';
import { CliError } from './cli-error';
import { registerCommands } from './command-modules';
import { exitQuietlyWhenStdoutCloses } from './output/closed-stdout';
import { ExitCode } from './exit-codes';

const PROGRAM_NAME = 'steadfast';

export function buildProgram(): Command {
  const program = new Command(PROGRAM_NAME)
    .description('Multi-agent orchestration with no single point of failure, on Temporal')
    .version(readVersion(), '-V, --version')
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({
      // Commander's own usage errors ("error: unknown option ...") become the same single line as ours.
      outputError: (message, write) => write(`${PROGRAM_NAME}: ${oneLine(message.replace(/^error: /, ''))}\n`),
    });
  registerCommands(program);
  program.addHelpText(
    'after',
    '\nExit codes: 0 done (a run completed), 1 a run failed or was cancelled, an operation was refused or the server ' +
      'could not be reached, 2 usage error (unknown command or option, bad flag value, invalid request file).\n' +
      'Reference with examples: docs/cli.md',
  );
  return program;
}

/** Runs the CLI and sets process.exitCode; never lets a stack trace reach the user unless STEADFAST_DEBUG is set. */
export async function run(argv: string[] = process.argv): Promise<void> {
  // grpc-js logs failures it also throws (e.g. a port in use) as a second stderr line; the thrown error is reported
  // here. Set before any command module loads grpc-js, which reads it once; GRPC_VERBOSITY=ERROR brings them back.
  process.env.GRPC_VERBOSITY ??= 'NONE';
  exitQuietlyWhenStdoutCloses();
  try {
    await buildProgram().parseAsync(argv);
  } catch (err) {
    process.exitCode = reportFailure(err);
  }
}

function reportFailure(err: unknown): number {
  // Commander has already written its message (or the help text) through configureOutput; its own non-zero codes
  // (unknown command or option, missing argument) are all usage errors.
  if (err instanceof CommanderError) return err.exitCode === 0 ? ExitCode.ok : ExitCode.usage;
  if (err instanceof CliError) {
    process.stderr.write(`${PROGRAM_NAME}: ${oneLine(err.message)}\n`);
    return err.exitCode;
  }
  if (err instanceof InvalidConfigError) {
    // Every problem names its field or flag; they are joined so the whole report stays one line.
    process.stderr.write(`${PROGRAM_NAME}: ${oneLine(`invalid ${err.subject}: ${err.problems.join('; ')}`)}\n`);
    return ExitCode.usage;
  }
  if (err instanceof DevServerStartError) {
    process.stderr.write(`${PROGRAM_NAME}: ${oneLine(err.message)}\n`);
    return ExitCode.failed;
  }
  if (process.env.STEADFAST_DEBUG) {
    process.stderr.write(`${PROGRAM_NAME}: ${(err as Error)?.stack ?? String(err)}\n`);
  } else {
    const message = err instanceof Error ? err.message : String(err);
    process.stderr.write(`${PROGRAM_NAME}: ${oneLine(message)} (set STEADFAST_DEBUG=1 for details)\n`);
  }
  return ExitCode.failed;
}

function oneLine(text: string): string {
  return text.trim().replace(/\s*\n\s*/g, ' ');
}

function readVersion(): string {
  // src/cli and dist/src/cli sit at different depths; package.json is the first one found walking up.
  for (const up of ['../..', '../../..']) {
    try {
      const manifest = JSON.parse(fs.readFileSync(path.join(__dirname, up, 'package.json'), 'utf8')) as {
        version: string;
      };
      return manifest.version;
    } catch {
      continue;
    }
  }
  return 'unknown';
}
