/** `steadfast history <id>`: the Temporal event history of every run of an orchestration, one readable line per event. */
import type { Command } from 'commander';
import { z } from 'zod';
import { parseFlags } from '../flags';
import { ID_FLAG_NAMES, OrchestrationFlagsSchema, orchestrationCommand } from '../orchestrations/id-argument';

const HistoryFlagsSchema = OrchestrationFlagsSchema.extend({
  runId: z.string().trim().min(1, { error: '--run-id must not be empty' }).max(200).optional(),
  json: z.boolean().default(false),
});

export function register(program: Command): void {
  orchestrationCommand(
    program,
    'history',
    'Show the workflow event history of every run of an orchestration (continue-as-new makes a chain of runs), ' +
      'oldest first: event id, time, type and key details',
  )
    .option('--run-id <run-id>', 'only this run of the chain')
    .option('--json', 'print the runs as JSON: [{ "runId", "events": [{ "eventId", "time", "type", "details" }] }]')
    .addHelpText(
      'after',
      '\nExamples:\n  steadfast history brief-1\n  steadfast history brief-1 --run-id 5a1f...\n  steadfast history brief-1 --json',
    )
    .action(async (id: string, rawFlags: Record<string, unknown>) => {
      const flags = parseFlags(HistoryFlagsSchema, { ...rawFlags, id }, ID_FLAG_NAMES);
      const { showHistory } = await import('../orchestrations/show-history');
      await showHistory(flags);
    });
}
