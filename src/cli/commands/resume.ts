/** `steadfast resume <id>`: let a paused orchestration dispatch again. */
import type { Command } from 'commander';
import { parseFlags } from '../flags';
import { ID_FLAG_NAMES, OrchestrationFlagsSchema, orchestrationCommand } from '../orchestrations/id-argument';

export function register(program: Command): void {
  orchestrationCommand(program, 'resume', 'Resume a paused orchestration: its waiting steps are dispatched again')
    .addHelpText('after', '\nExample:\n  steadfast resume brief-1')
    .action(async (id: string, rawFlags: Record<string, unknown>) => {
      const flags = parseFlags(OrchestrationFlagsSchema, { ...rawFlags, id }, ID_FLAG_NAMES);
      const { steerOrchestration } = await import('../orchestrations/steer-orchestration');
      await steerOrchestration('resume', flags);
    });
}
