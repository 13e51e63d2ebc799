/**
 * What `pause`, `resume`, `cancel`, `approve`, `reject` and `terminate` do: one operation on one orchestration, one
 * line saying it was done. A refusal (unknown step, run already ended ...) is one `steadfast: ...` line, exit 1.
 */
import os from 'node:os';
import type { ConnectionFlags } from '../connection/connection-flags';
import type { DecisionFlags } from './decision-command';
import { operate } from './operate';

export type SteerOperation = 'pause' | 'resume' | 'cancel' | 'terminate' | 'approve' | 'reject';

type FlagsOf<O extends SteerOperation> = O extends 'approve' | 'reject'
  ? DecisionFlags
  : ConnectionFlags & { readonly id: string; readonly reason?: string | undefined };

export async function steerOrchestration<O extends SteerOperation>(operation: O, flags: FlagsOf<O>): Promise<void> {
  const line = await operate(flags, async ({ client }) => {
    const { id } = flags;
    switch (operation) {
      case 'pause':
        await client.pause(id);
        return `Paused orchestration ${id}: running steps finish, no new step starts until \`steadfast resume ${id}\``;
      case 'resume':
        await client.resume(id);
        return `Resumed orchestration ${id}`;
      case 'cancel':
        await client.cancel(id, reasonOf(flags));
        return `Cancelled orchestration ${id}: running steps are being cancelled`;
      case 'terminate': {
        const reason = reasonOf(flags) ?? 'terminated from the steadfast CLI';
        await client.temporal.workflow.getHandle(id).terminate(reason);
        return `Terminated orchestration ${id}: ${reason}`;
      }
      case 'approve':
      case 'reject': {
        const decision = flags as DecisionFlags;
        const by = decision.by ?? loginName();
        const input = {
          ...(by !== undefined ? { by } : {}),
          ...(decision.comment !== undefined ? { comment: decision.comment } : {}),
        };
        if (operation === 'approve') await client.approve(id, decision.step, input);
        else await client.reject(id, decision.step, input);
        return `${operation === 'approve' ? 'Approved' : 'Rejected'} step "${decision.step}" of orchestration ${id}`;
      }
    }
  });
  process.stdout.write(`${line}\n`);
}

function reasonOf(flags: { readonly reason?: string | undefined } | DecisionFlags): string | undefined {
  return 'reason' in flags ? flags.reason : undefined;
}

/** Who is deciding when --by is not given; absent when the system cannot tell. */
function loginName(): string | undefined {
  try {
    return os.userInfo().username || undefined;
  } catch {
    return undefined;
  }
}
