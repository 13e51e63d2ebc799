/** `steadfast history <id>`: the Temporal event history of an orchestration, one readable line per event. */
import type { Command } from 'commander';
import { z } from 'zod';
import { parseFlags } from '../flags';
import { ID_FLAG_NAMES, OrchestrationFlagsSchema, orchestrationCommand } from '../orchestrations/id-argument';

const HistoryFlagsSchema = OrchestrationFlagsSchema.extend({ json: z.boolean().default(false) });

export function register(program: Command): void {
  orchestrationCommand(
    program,
    'history',
    "Show the workflow event history of an orchestration's current run: event id, time, type and key details",
  )
    .option('--json', 'print the events as JSON: [{ "eventId", "time", "type", "details" }]')
    .addHelpText('after', '\nExamples:\n  steadfast history brief-1\n  steadfast history brief-1 --json')
    .action(async (id: string, rawFlags: Record<string, unknown>) => {
      const flags = parseFlags(HistoryFlagsSchema, { ...rawFlags, id }, ID_FLAG_NAMES);
      const { showHistory } = await import('../orchestrations/show-history');
      await showHistory(flags);
    });
}
