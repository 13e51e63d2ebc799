/**
 * Subcommand discovery: every module in ./commands registers one subcommand on the program, so adding a
 * subcommand means adding one file there that exports `register`.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';

export interface CommandModule {
  /**
   * Adds the subcommand with its options, help and action to `program`. Every module is loaded on every run, so an
   * action imports heavy modules (server, worker, client) when it runs: --help and flag errors stay fast.
   */
  register(program: Command): void;
}

const COMMANDS_DIR = path.join(__dirname, 'commands');

/** Compiled .js files from dist/, or .ts sources when run under a TypeScript loader (jest). */
function isCommandFile(name: string): boolean {
  return (name.endsWith('.js') || name.endsWith('.ts')) && !name.endsWith('.d.ts');
}

export function registerCommands(program: Command): void {
  const files = fs.readdirSync(COMMANDS_DIR).filter(isCommandFile).sort();
  for (const file of files) {
    // Which files exist is known at run time only, and commander registers synchronously.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const module = require(path.join(COMMANDS_DIR, file)) as Partial<CommandModule>;
    if (typeof module.register !== 'function') {
      throw new Error(
        `${path.join(COMMANDS_DIR, file)} does not export register(program); every file in commands/ must`,
      );
    }
    module.register(program);
  }
}
