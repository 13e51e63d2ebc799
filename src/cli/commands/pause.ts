/** `steadfast pause <id>`: hold an orchestration's new dispatches; running steps finish. */
import type { Command } from 'commander';
import { parseFlags } from '../flags';
import { ID_FLAG_NAMES, OrchestrationFlagsSchema, orchestrationCommand } from '../orchestrations/id-argument';

export function register(program: Command): void {
  orchestrationCommand(
    program,
    'pause',
    'Pause an orchestration: running steps finish, no new step starts until `steadfast resume`',
  )
    .addHelpText('after', '\nExample:\n  steadfast pause brief-1')
    .action(async (id: string, rawFlags: Record<string, unknown>) => {
      const flags = parseFlags(OrchestrationFlagsSchema, { ...rawFlags, id }, ID_FLAG_NAMES);
      const { steerOrchestration } = await import('../orchestrations/steer-orchestration');
      await steerOrchestration('pause', flags);
    });
}
