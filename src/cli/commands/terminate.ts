/**
 * `steadfast terminate <id> --reason <text>`: end the workflow execution at once, through Temporal, without letting
 * the orchestration clean up (the last resort when `cancel` is not answered).
 */
import type { Command } from 'commander';
import { z } from 'zod';
import { parseFlags } from '../flags';
import { ID_FLAG_NAMES, OrchestrationFlagsSchema, orchestrationCommand } from '../orchestrations/id-argument';

const TerminateFlagsSchema = OrchestrationFlagsSchema.extend({
  reason: z.string().trim().min(1, { error: '--reason must not be empty' }).max(1_000),
});

export function register(program: Command): void {
  orchestrationCommand(
    program,
    'terminate',
    'Terminate an orchestration through Temporal at once: no step is cancelled cleanly, the run ends as failed',
  )
    .requiredOption('--reason <text>', 'why, recorded in the workflow history (required)')
    .addHelpText(
      'after',
      '\nPrefer `steadfast cancel`, which lets running steps stop cleanly.\n\nExample:\n  steadfast terminate brief-1 --reason "stuck after a bad deploy"',
    )
    .action(async (id: string, rawFlags: Record<string, unknown>) => {
      const flags = parseFlags(TerminateFlagsSchema, { ...rawFlags, id }, ID_FLAG_NAMES);
      const { steerOrchestration } = await import('../orchestrations/steer-orchestration');
      await steerOrchestration('terminate', flags);
    });
}
