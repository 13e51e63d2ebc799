/** Flags of the edge fallback shared by `steadfast run --when-unreachable` and `steadfast outbox`. */
import type { Command } from 'commander';
import { z } from 'zod';
import { UNREACHABLE_THEN } from '../../config/edge-config';
import { DurationSchema } from '../../config/duration';

export const DEFAULT_OUTBOX = '.steadfast/outbox.db';

export const OutboxFlagSchema = z.string().trim().min(1, { error: '--outbox must not be empty' });

export const EdgeRunFlagsSchema = z.object({
  whenUnreachable: z
    .enum(UNREACHABLE_THEN, { error: `--when-unreachable must be one of ${UNREACHABLE_THEN.join(', ')}` })
    .optional(),
  unreachableAfter: DurationSchema.optional(),
  outbox: OutboxFlagSchema.optional(),
  module: z.string().trim().min(1, { error: '--module must not be empty' }).optional(),
});

export function addOutboxOption(command: Command): Command {
  return command.option(
    '--outbox <file>',
    `the edge outbox database of this application instance (default: $STEADFAST_OUTBOX, then ${DEFAULT_OUTBOX})`,
  );
}

export function outboxPath(flag: string | undefined): string {
  return flag ?? process.env.STEADFAST_OUTBOX ?? DEFAULT_OUTBOX;
}
