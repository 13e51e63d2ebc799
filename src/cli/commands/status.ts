/** `steadfast status <id>`: an orchestration's steps, how each was answered, and every fallback and its reason. */
import type { Command } from 'commander';
import { z } from 'zod';
import { OrchestrationIdSchema } from '../../config/client-config';
import { addConnectionOptions, ConnectionFlagsSchema } from '../connection/connection-flags';
import { parseFlags } from '../flags';
import { addUiUrlOption, UiUrlFlagSchema } from '../connection/ui-link';

const StatusFlagsSchema = ConnectionFlagsSchema.extend({
  id: OrchestrationIdSchema,
  json: z.boolean().default(false),
  uiUrl: UiUrlFlagSchema.optional(),
});

export function register(program: Command): void {
  addUiUrlOption(
    addConnectionOptions(
      program
        .command('status')
        .description("Show an orchestration's steps: agent, state, mode, attempts, timings and fallback reasons")
        .argument('<id>', 'orchestration id, as `steadfast run` or `steadfast list` printed it'),
    ),
  )
    .option('--json', 'print the status query result as JSON')
    .action(async (id: string, rawFlags: Record<string, unknown>) => {
      const flags = parseFlags(StatusFlagsSchema, { ...rawFlags, id }, { id: '<id>', uiUrl: '--ui-url' });
      const { showStatus } = await import('../orchestrations/show-status');
      await showStatus(flags);
    });
}
