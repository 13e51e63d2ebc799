/** What `steadfast approve` and `steadfast reject` share: `<id> <step>`, `--comment` and `--by`. */
import type { Command } from 'commander';
import { z } from 'zod';
import { ID_FLAG_NAMES, OrchestrationFlagsSchema, orchestrationCommand } from './id-argument';

export const DecisionFlagsSchema = OrchestrationFlagsSchema.extend({
  step: z.string().trim().min(1, { error: '<step>: expected the id of an approval step' }).max(200),
  comment: z.string().trim().min(1, { error: '--comment must not be empty' }).max(10_000).optional(),
  by: z.string().trim().min(1, { error: '--by must not be empty' }).max(200).optional(),
});

export type DecisionFlags = z.output<typeof DecisionFlagsSchema>;

export const DECISION_FLAG_NAMES = { ...ID_FLAG_NAMES, step: '<step>' } as const;

export function decisionCommand(program: Command, name: string, description: string): Command {
  return orchestrationCommand(program, name, description)
    .argument('<step>', 'id of the approval step, as `steadfast status` shows it')
    .option('--comment <text>', 'why, recorded with the decision')
    .option('--by <name>', 'who decides, recorded with the decision (default: your login name)');
}
