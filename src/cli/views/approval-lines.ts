/** `steadfast status` lines on approval steps: what is asked, about what, until when, and who decided. */
import type { ApprovalView, StepStatus } from '../../orchestration/status-view';
import { formatRelative, formatTimestamp } from '../output/time-format';

const SUBJECT_WIDTH = 200;

export function formatApprovals(orchestrationId: string, steps: readonly StepStatus[], now: number): string[] {
  const lines: string[] = [];
  for (const step of steps) {
    if (step.kind !== 'approval' || !step.approval) continue;
    lines.push(...approvalLines(orchestrationId, step, step.approval, now));
  }
  return lines;
}

function approvalLines(orchestrationId: string, step: StepStatus, approval: ApprovalView, now: number): string[] {
  const lines = [`Approval "${step.id}": ${approval.prompt ?? '(no prompt)'}`];
  if (approval.subject !== undefined) lines.push(`  to approve: ${oneLine(approval.subject)}`);
  const { decision } = approval;
  if (decision) {
    const verdict = decision.approved ? 'approved' : 'rejected';
    const who = decision.timedOut ? 'by its timeout' : decision.by ? `by ${decision.by}` : 'by an operator';
    const comment = decision.comment ? `: ${decision.comment}` : '';
    lines.push(`  ${verdict} ${who} at ${new Date(decision.at).toISOString()}${comment}`);
  } else if (step.state === 'awaiting_approval') {
    const until =
      approval.expiresAt !== undefined
        ? `, times out ${formatRelative(approval.expiresAt, now)} (${formatTimestamp(approval.expiresAt)})`
        : '';
    lines.push(`  waiting for a decision${until}`);
    lines.push(
      `  steadfast approve ${orchestrationId} ${step.id}   |   steadfast reject ${orchestrationId} ${step.id}`,
    );
  } else {
    lines.push(`  ${step.state}`);
  }
  return lines;
}

export function oneLine(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  const flat = text.replace(/\s+/g, ' ');
  return flat.length <= SUBJECT_WIDTH ? flat : `${flat.slice(0, SUBJECT_WIDTH - 1)}…`;
}
