/**
 * A human approval step: waits for an approve/reject signal until its timeout, which decides instead.
 * Pausing the orchestration does not stop the clock: pause holds dispatches, not people.
 */
import { condition } from '@temporalio/workflow';
import type { ApprovalStep } from '../config/orchestration-request';
import { markStarted, settleApproval } from '../orchestration/step-records';
import type { ApprovalDecision, StepRecord } from '../orchestration/types';
import type { OrchestrationRuntime } from './orchestration-runtime';

/**
 * Settles the step, or leaves it awaiting approval when the run drains for continue-as-new
 * (the expiry is absolute, so the next run resumes the same wait).
 */
export async function runApprovalStep(
  runtime: OrchestrationRuntime,
  record: StepRecord,
  step: ApprovalStep,
): Promise<void> {
  markStarted(record, Date.now());
  record.approvalExpiresAt ??= Date.now() + step.timeout;
  runtime.changed();
  const decided = () => runtime.state.approvals[record.id] !== undefined;
  const remaining = record.approvalExpiresAt - Date.now();
  if (!decided() && remaining > 0) await condition(() => decided() || runtime.draining, remaining);
  let decision: ApprovalDecision | undefined = runtime.state.approvals[record.id];
  if (!decision) {
    if (Date.now() < record.approvalExpiresAt) return;
    decision = { approved: step.onTimeout === 'approve', at: Date.now(), timedOut: true };
  }
  settleApproval(record, decision, step.onReject, Date.now());
  runtime.changed();
}
