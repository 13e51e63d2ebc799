/** `steadfast approve <id> <step>`: approve an approval step that is waiting for a decision. */
import type { Command } from 'commander';
import { parseFlags } from '../flags';
import { DecisionFlagsSchema, decisionCommand, DECISION_FLAG_NAMES } from '../orchestrations/decision-command';

export function register(program: Command): void {
  decisionCommand(program, 'approve', 'Approve an approval step that is waiting for a decision; the run continues')
    .addHelpText('after', '\nExample:\n  steadfast approve brief-1 sign-off --comment "looks good" --by alice')
    .action(async (id: string, step: string, rawFlags: Record<string, unknown>) => {
      const flags = parseFlags(DecisionFlagsSchema, { ...rawFlags, id, step }, DECISION_FLAG_NAMES);
      const { steerOrchestration } = await import('../orchestrations/steer-orchestration');
      await steerOrchestration('approve', flags);
    });
}
