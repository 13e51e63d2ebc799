/** The benchmark suite's command line: which parts to run and how large, validated once at the edge. */
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { CliError } from '../src/cli/cli-error';
import { integerFlag, parseFlags } from '../src/cli/flags';

export const USAGE =
  'usage: node dist/bench/run-benchmarks.js [--only part,part] [--quick] [--scale factor] [--state-orchestrations N] [--tag name]';

export function benchOptionsSchema(partNames: readonly string[]) {
  return z.object({
    only: z
      .string()
      .optional()
      .transform((list) =>
        list === undefined
          ? [...partNames]
          : list
              .split(',')
              .map((name) => name.trim())
              .filter((name) => name !== ''),
      )
      .refine((names) => names.length > 0 && names.every((name) => partNames.includes(name)), {
        error: `--only takes a comma-separated list of: ${partNames.join(', ')}`,
      }),
    quick: z.boolean().default(false),
    scale: z
      .string()
      .optional()
      .transform((text) => (text === undefined ? 1 : Number(text)))
      .refine((factor) => Number.isFinite(factor) && factor > 0 && factor <= 100, {
        error: '--scale must be a number above 0, at most 100',
      }),
    stateOrchestrations: integerFlag('--state-orchestrations', 10, 1_000_000).optional(),
    tag: z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]{0,40}$/, { error: '--tag must be lower-case letters, digits and dashes' })
      .optional(),
    help: z.boolean().default(false),
  });
}

export type BenchOptions = z.output<ReturnType<typeof benchOptionsSchema>>;

export function parseBenchOptions(argv: readonly string[], partNames: readonly string[]): BenchOptions {
  let values: Record<string, unknown>;
  try {
    values = parseArgs({
      args: [...argv],
      options: {
        only: { type: 'string' },
        quick: { type: 'boolean' },
        scale: { type: 'string' },
        'state-orchestrations': { type: 'string' },
        tag: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }).values;
  } catch (err) {
    throw new CliError(`${(err as Error).message}; ${USAGE}`);
  }
  const { 'state-orchestrations': stateOrchestrations, ...rest } = values;
  return parseFlags(benchOptionsSchema(partNames), { ...rest, stateOrchestrations });
}
