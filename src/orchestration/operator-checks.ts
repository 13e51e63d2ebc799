/**
 * Whether an orchestration accepts an operator's approve, reject, pause, resume or cancel right now, and if not,
 * the one-line reason it is refused. The workflow's update validators ask these; nothing refused is held for later.
 */
import { findStep, type OrchestrationState } from './orchestration-state';
import { isStepSettled } from './step-records';
import type { ApprovalDecision, StepRecord } from './types';

export type OperatorOperation = 'approve' | 'reject' | 'pause' | 'resume' | 'cancel';

/** Undefined when the operation is accepted, otherwise why it is refused. */
export function operationRefusal(
  state: OrchestrationState,
  operation: OperatorOperation,
  stepId?: string,
): string | undefined {
  if (state.phase !== 'running') return `the orchestration has already ${state.phase}`;
  switch (operation) {
    case 'approve':
    case 'reject':
      return decisionRefusal(state, operation, stepId);
    case 'pause':
      return state.paused ? 'the orchestration is already paused' : undefined;
    case 'resume':
      return state.paused ? undefined : 'the orchestration is not paused';
    case 'cancel':
      return undefined;
  }
}

function decisionRefusal(
  state: OrchestrationState,
  operation: 'approve' | 'reject',
  stepId: string | undefined,
): string | undefined {
  if (typeof stepId !== 'string' || stepId === '') return `${operation} needs the id of an approval step`;
  const record = findStep(state, stepId);
  if (!record) return `no step "${stepId}" in this orchestration${approvalStepsHint(state)}`;
  if (record.kind !== 'approval') return `step "${stepId}" is an ${record.kind} step, not an approval step`;
  const decided = state.approvals[record.id] ?? decisionOf(record);
  if (decided) return `step "${stepId}" was already decided: ${describeDecision(decided)}`;
  if (isStepSettled(record)) return `step "${stepId}" has already ended (${record.state})`;
  if (record.state !== 'awaiting_approval') {
    return `step "${stepId}" is not waiting for approval yet (it is ${record.state}; ${whenItWaits(record)})`;
  }
  if (operation === 'approve' && state.paused) return 'the orchestration is paused; resume it before approving';
  return undefined;
}

/** "approved by alice at 2026-12-06T02:00:00.000Z", "rejected when its timeout passed at ..." */
export function describeDecision(decision: ApprovalDecision): string {
  const verdict = decision.approved ? 'approved' : 'rejected';
  const who = decision.timedOut ? ' when its timeout passed' : decision.by ? ` by ${decision.by}` : '';
  return `${verdict}${who} at ${new Date(decision.at).toISOString()}`;
}

/** The decision a settled approval step holds as its result. */
export function decisionOf(record: StepRecord): ApprovalDecision | undefined {
  if (record.kind !== 'approval' || !isStepSettled(record)) return undefined;
  const result = record.result as Partial<ApprovalDecision> | undefined;
  return result && typeof result.approved === 'boolean' && typeof result.at === 'number'
    ? (result as ApprovalDecision)
    : undefined;
}

function approvalStepsHint(state: OrchestrationState): string {
  const ids = state.steps.filter((step) => step.kind === 'approval').map((step) => `"${step.id}"`);
  return ids.length === 0 ? ' (it has no approval step)' : ` (approval steps: ${ids.join(', ')})`;
}

function whenItWaits(record: StepRecord): string {
  if (record.dependsOn.length === 0) return 'it waits once the run reaches it';
  return `it waits once ${record.dependsOn.map((id) => `"${id}"`).join(', ')} succeeded`;
}
