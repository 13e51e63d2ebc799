/** `steadfast outbox`: the requests this application decided at the edge while the server was unreachable. */
import type { Command } from 'commander';
import { z } from 'zod';
import { addConnectionOptions, ConnectionFlagsSchema } from '../connection/connection-flags';
import { addOutboxOption, OutboxFlagSchema } from '../edge/edge-flags';
import { parseFlags } from '../flags';

const ACTIONS = ['list', 'drain', 'discard'] as const;

const OutboxFlagsSchema = ConnectionFlagsSchema.extend({
  outbox: OutboxFlagSchema.optional(),
  all: z.boolean().default(false),
  yes: z.boolean().default(false),
  json: z.boolean().default(false),
});

export type OutboxFlags = z.output<typeof OutboxFlagsSchema>;

export function register(program: Command): void {
  addOutboxOption(
    addConnectionOptions(
      program
        .command('outbox')
        .description(
          'List, drain now, or discard the requests kept in the edge outbox while the server was unreachable',
        )
        .argument('[action]', `${ACTIONS.join(' | ')} (default: list)`, 'list')
        .argument('[ids...]', 'discard: the ids to discard (default: every entry still waiting)'),
    ),
  )
    .option('--all', 'list: settled entries too (started, recorded, expired, discarded ...)')
    .option('--yes', 'discard: do not ask for confirmation')
    .option('--json', 'print the result as JSON')
    .addHelpText(
      'after',
      '\nExamples:\n  steadfast outbox\n  steadfast outbox drain --address 127.0.0.1:7233\n  steadfast outbox discard orchestration-123 --yes',
    )
    .action(async (action: string, ids: string[], rawFlags: Record<string, unknown>) => {
      if (!(ACTIONS as readonly string[]).includes(action)) {
        const { CliError } = await import('../cli-error');
        throw new CliError(`unknown outbox action "${action}"; expected ${ACTIONS.join(', ')}`);
      }
      const flags = parseFlags(OutboxFlagsSchema, rawFlags);
      const { runOutboxCommand } = await import('../edge/outbox-command');
      await runOutboxCommand(action as (typeof ACTIONS)[number], ids, flags);
    });
}
