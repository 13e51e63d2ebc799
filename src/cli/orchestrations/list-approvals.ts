/** What `steadfast approvals` prints: one row per approval step waiting for a person (or JSON). */
import type { PendingApproval } from '../../client/steadfast-client';
import type { ApprovalsFlags } from '../commands/approvals';
import { withSteadfast } from '../connection/steadfast-connection';
import { formatTable } from '../output/table';
import { formatRelative } from '../output/time-format';
import { oneLine } from '../views/approval-lines';

export async function listApprovals(flags: ApprovalsFlags): Promise<void> {
  const pending = await withSteadfast(flags, (connection) => connection.client.awaitingApprovals());
  const say = (line: string) => process.stdout.write(`${line}\n`);
  if (flags.json) {
    say(JSON.stringify(pending.map(approvalForJson), null, 2));
    return;
  }
  if (pending.length === 0) {
    say('No approvals waiting.');
    return;
  }
  for (const line of formatApprovalTable(pending, Date.now())) say(line);
}

export function formatApprovalTable(pending: readonly PendingApproval[], now: number): string[] {
  return formatTable(
    [
      { header: 'ORCHESTRATION', value: (row) => row.orchestrationId },
      { header: 'STEP', value: (row) => row.stepId },
      {
        header: 'WAITING SINCE',
        value: (row) => (row.waitingSince === undefined ? '-' : formatRelative(row.waitingSince, now)),
      },
      {
        header: 'TIMES OUT',
        value: (row) => (row.expiresAt === undefined ? '-' : formatRelative(row.expiresAt, now)),
      },
      { header: 'PROMPT', value: (row) => `${row.paused ? '(paused) ' : ''}${oneLine(row.prompt ?? '-')}` },
    ],
    pending,
  );
}

function approvalForJson(row: PendingApproval): unknown {
  return {
    ...row,
    ...(row.waitingSince !== undefined ? { waitingSince: new Date(row.waitingSince).toISOString() } : {}),
    ...(row.expiresAt !== undefined ? { expiresAt: new Date(row.expiresAt).toISOString() } : {}),
  };
}
