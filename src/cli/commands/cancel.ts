/** `steadfast cancel <id>`: stop an orchestration; running steps are cancelled and its result says "cancelled". */
import type { Command } from 'commander';
import { z } from 'zod';
import { parseFlags } from '../flags';
import { ID_FLAG_NAMES, OrchestrationFlagsSchema, orchestrationCommand } from '../orchestrations/id-argument';

const CancelFlagsSchema = OrchestrationFlagsSchema.extend({
  reason: z.string().trim().min(1, { error: '--reason must not be empty' }).max(1_000).optional(),
});

export function register(program: Command): void {
  orchestrationCommand(
    program,
    'cancel',
    'Cancel an orchestration: running steps are cancelled, its result has status "cancelled"',
  )
    .option('--reason <text>', 'why, recorded with the cancellation')
    .addHelpText('after', '\nExample:\n  steadfast cancel brief-1 --reason "goal changed"')
    .action(async (id: string, rawFlags: Record<string, unknown>) => {
      const flags = parseFlags(CancelFlagsSchema, { ...rawFlags, id }, ID_FLAG_NAMES);
      const { steerOrchestration } = await import('../orchestrations/steer-orchestration');
      await steerOrchestration('cancel', flags);
    });
}
