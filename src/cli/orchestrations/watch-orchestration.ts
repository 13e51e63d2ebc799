/** What `steadfast watch` does: the live step table of `run --wait`, for an orchestration started earlier. */
import type { ConnectionFlags } from '../connection/connection-flags';
import { createLiveOutput } from '../output/live-output';
import { followOrchestration } from './follow-orchestration';
import { operate } from './operate';
import { reportOutcome } from './report-outcome';

export async function watchOrchestration(flags: ConnectionFlags & { readonly id: string }): Promise<void> {
  await operate(flags, async (connection) => {
    // Unknown ids are reported before anything is drawn: describe() fails at once, result() would say it later.
    await connection.client.temporal.workflow.getHandle(flags.id).describe();
    reportOutcome(await followOrchestration(connection, flags.id, createLiveOutput()));
  });
}
