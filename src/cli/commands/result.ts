/** `steadfast result <id>`: the output of an orchestration, waiting for it to end if it is still running. */
import type { Command } from 'commander';
import { z } from 'zod';
import { parseFlags } from '../flags';
import { ID_FLAG_NAMES, OrchestrationFlagsSchema, orchestrationCommand } from '../orchestrations/id-argument';

const ResultFlagsSchema = OrchestrationFlagsSchema.extend({ json: z.boolean().default(false) });

export function register(program: Command): void {
  orchestrationCommand(
    program,
    'result',
    'Print the output of an orchestration (waiting for it to end); a failed or cancelled one exits 1',
  )
    .option('--json', 'print the whole result as JSON: status, output, results by step, steps, fallback count')
    .addHelpText(
      'after',
      '\nA string output is printed as is; anything else as JSON.\n\nExamples:\n  steadfast result brief-1\n  steadfast result brief-1 --json',
    )
    .action(async (id: string, rawFlags: Record<string, unknown>) => {
      const flags = parseFlags(ResultFlagsSchema, { ...rawFlags, id }, ID_FLAG_NAMES);
      const [{ operate }, { printResult }] = await Promise.all([
        import('../orchestrations/operate'),
        import('../orchestrations/show-result'),
      ]);
      await operate(flags, (connection) => printResult(connection, flags.id, flags));
    });
}
