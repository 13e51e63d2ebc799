/** `steadfast watch <id>`: reattach to an orchestration and show its steps live until it ends, as `run --wait` does. */
import type { Command } from 'commander';
import { parseFlags } from '../flags';
import { ID_FLAG_NAMES, OrchestrationFlagsSchema, orchestrationCommand } from '../orchestrations/id-argument';

export function register(program: Command): void {
  orchestrationCommand(
    program,
    'watch',
    'Show the steps of a running orchestration live until it ends; exit 0 completed, 1 failed or cancelled',
  )
    .addHelpText('after', '\nExample:\n  steadfast watch brief-1')
    .action(async (id: string, rawFlags: Record<string, unknown>) => {
      const flags = parseFlags(OrchestrationFlagsSchema, { ...rawFlags, id }, ID_FLAG_NAMES);
      const { watchOrchestration } = await import('../orchestrations/watch-orchestration');
      await watchOrchestration(flags);
    });
}
