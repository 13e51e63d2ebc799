/** `steadfast list`: orchestrations on the server, newest first, optionally only those in one phase. */
import type { Command } from 'commander';
import { z } from 'zod';
import { addConnectionOptions, ConnectionFlagsSchema } from '../connection/connection-flags';
import { integerFlag, parseFlags } from '../flags';

const PHASES = [
  'running',
  'awaiting_approval',
  'paused',
  'completed',
  'failed',
  'cancelled',
  'terminated',
  'timed_out',
] as const;

const ListFlagsSchema = ConnectionFlagsSchema.extend({
  status: z.enum(PHASES, { error: `--status must be one of ${PHASES.join(', ')}` }).optional(),
  limit: integerFlag('--limit', 1, 100_000).default(50),
  json: z.boolean().default(false),
});

export type ListFlags = z.output<typeof ListFlagsSchema>;

export function register(program: Command): void {
  addConnectionOptions(program.command('list').description('List orchestrations, newest first'))
    .option('--status <phase>', `only orchestrations in this phase: ${PHASES.join(', ')}`)
    .option('--limit <n>', 'show at most this many (default: 50)')
    .option('--json', 'print the rows as JSON')
    .addHelpText(
      'after',
      '\n"paused", "awaiting_approval" and signal-cancelled orchestrations are told apart only when their request enabled ' +
        'visibility.searchAttributes (`steadfast approvals` finds waiting approvals either way). Runs terminated, ' +
        'timed out or cancelled through Temporal show as such.',
    )
    .action(async (rawFlags: Record<string, unknown>) => {
      const flags = parseFlags(ListFlagsSchema, rawFlags);
      const { listOrchestrations } = await import('../orchestrations/list-orchestrations');
      await listOrchestrations(flags);
    });
}
