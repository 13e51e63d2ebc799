/** `steadfast approvals`: approval steps waiting for a person right now, with their prompt. */
import type { Command } from 'commander';
import { z } from 'zod';
import { addConnectionOptions, ConnectionFlagsSchema } from '../connection/connection-flags';
import { parseFlags } from '../flags';

const ApprovalsFlagsSchema = ConnectionFlagsSchema.extend({ json: z.boolean().default(false) });

export type ApprovalsFlags = z.output<typeof ApprovalsFlagsSchema>;

export function register(program: Command): void {
  addConnectionOptions(
    program.command('approvals').description('List approval steps waiting for a decision, oldest first'),
  )
    .option('--json', 'print the waiting approvals as JSON (times as ISO-8601)')
    .addHelpText(
      'after',
      '\nExample:\n  steadfast approvals\n  steadfast approve <id> <step> --comment "looks good"   # then decide one',
    )
    .action(async (rawFlags: Record<string, unknown>) => {
      const flags = parseFlags(ApprovalsFlagsSchema, rawFlags);
      const { listApprovals } = await import('../orchestrations/list-approvals');
      await listApprovals(flags);
    });
}
