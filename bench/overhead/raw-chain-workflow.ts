/** The floor under Steadfast's per-step cost: a plain Temporal workflow calling one activity after another. Deterministic code only. */
import { proxyActivities } from '@temporalio/workflow';
import type { RawChainActivities } from './raw-chain-activities';

export async function rawChain(steps: number): Promise<number> {
  for (let step = 1; step <= steps; step++) {
    // Named after the step, as Steadfast names its dispatches, so the benchmark can line history up with the ledger.
    const { rawStep } = proxyActivities<RawChainActivities>({
      startToCloseTimeout: '1 minute',
      activityId: `s${step}`,
    });
    await rawStep(step);
  }
  return steps;
}
