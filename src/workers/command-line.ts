/**
 * The worker processes' command line: `--name value` or `--name=value` flags, over environment defaults,
 * validated by a zod schema; each problem is reported against the flag that caused it.
 */
import type { z } from 'zod';
import { InvalidConfigError } from '../config/parse-config';
import { flagNaming, zodIssueLines } from '../config/format-zod-error';

/** Flag values by camelCase name, as text; the schema converts them. */
export function parseFlags(argv: readonly string[]): Record<string, string> {
  const flags: Record<string, string> = {};
  const problems: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const match = /^--([a-z][a-z0-9-]*)(?:=(.*))?$/s.exec(arg);
    if (!match) {
      problems.push(`${arg}: unexpected argument; every option is a flag such as --address host:port`);
      continue;
    }
    const [, flag, inline] = match;
    let value = inline;
    if (value === undefined) {
      const next = argv[i + 1];
      if (next === undefined || next.startsWith('--')) {
        problems.push(`--${flag}: needs a value`);
        continue;
      }
      value = next;
      i++;
    }
    const name = camelCase(flag!);
    if (name in flags) problems.push(`--${flag}: given more than once`);
    flags[name] = value;
  }
  if (problems.length > 0) throw new InvalidConfigError('command line', problems);
  return flags;
}

/** Flags win over the environment's values; on failure an InvalidConfigError names each flag. */
export function parseCommandLine<S extends z.ZodType>(
  schema: S,
  argv: readonly string[],
  environment: object = {},
): z.output<S> {
  const input = { ...environment, ...parseFlags(argv) };
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw new InvalidConfigError(
    'command line',
    zodIssueLines(result.error, { field: flagNaming(), root: '(command line)', unknownKey: 'unknown flag' }),
  );
}

function camelCase(flag: string): string {
  return flag.replace(/-([a-z0-9])/g, (_, letter: string) => letter.toUpperCase());
}
