/** `steadfast reject <id> <step>`: reject an approval step that is waiting; the orchestration fails with ApprovalRejected. */
import type { Command } from 'commander';
import { parseFlags } from '../flags';
import { DecisionFlagsSchema, decisionCommand, DECISION_FLAG_NAMES } from '../orchestrations/decision-command';

export function register(program: Command): void {
  decisionCommand(
    program,
    'reject',
    'Reject an approval step that is waiting for a decision; the orchestration fails with ApprovalRejected',
  )
    .addHelpText('after', '\nExample:\n  steadfast reject brief-1 sign-off --comment "sources are too old"')
    .action(async (id: string, step: string, rawFlags: Record<string, unknown>) => {
      const flags = parseFlags(DecisionFlagsSchema, { ...rawFlags, id, step }, DECISION_FLAG_NAMES);
      const { steerOrchestration } = await import('../orchestrations/steer-orchestration');
      await steerOrchestration('reject', flags);
    });
}
