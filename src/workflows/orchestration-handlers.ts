/** Update, signal and query handlers of an orchestration: pause, resume, cancel, approvals, status. */
import { ApplicationFailure, log, setHandler } from '@temporalio/workflow';
import { FailureType } from '../orchestration/failure-types';
import { isDispatchAwaited } from '../orchestration/instruction';
import { operationRefusal, type OperatorOperation } from '../orchestration/operator-checks';
import { findStep } from '../orchestration/orchestration-state';
import { buildStatus } from '../orchestration/status-view';
import { isStepSettled } from '../orchestration/step-records';
import type { ApprovalDecision } from '../orchestration/types';
import {
  approveSignal,
  approveUpdate,
  cancelSignal,
  cancelUpdate,
  isInstructionCurrentQuery,
  pauseSignal,
  pauseUpdate,
  rejectSignal,
  rejectUpdate,
  resumeSignal,
  resumeUpdate,
  statusQuery,
  type ApprovalSignal,
  type CancelRequest,
} from './definitions';
import type { OrchestrationRuntime } from './orchestration-runtime';

export function installOrchestrationHandlers(runtime: OrchestrationRuntime): void {
  const { state } = runtime;
  installOperatorUpdates(runtime);
  setHandler(pauseSignal, () => {
    if (state.phase !== 'running' || state.paused) return;
    state.paused = true;
    runtime.changed();
  });
  setHandler(resumeSignal, () => {
    if (!state.paused) return;
    state.paused = false;
    runtime.changed();
  });
  setHandler(cancelSignal, (reason?: string) => {
    log.info('orchestration cancelled by signal', { reason });
    runtime.stop('cancel');
  });
  setHandler(approveSignal, (signal) => approvalBySignal(runtime, signal, true));
  setHandler(rejectSignal, (signal) => approvalBySignal(runtime, signal, false));
  setHandler(statusQuery, () => buildStatus(state, Date.now()));
  setHandler(isInstructionCurrentQuery, (stepId, dispatch) => isDispatchAwaited(findStep(state, stepId), dispatch));
}

/**
 * The validated path: each validator refuses with the reason (the caller gets it at once, history keeps nothing);
 * the handler checks again, since another update may have been applied in between.
 */
function installOperatorUpdates(runtime: OrchestrationRuntime): void {
  const { state } = runtime;
  const refuseIf = (operation: OperatorOperation, stepId?: string) => {
    const reason = operationRefusal(state, operation, stepId);
    if (reason !== undefined) {
      throw ApplicationFailure.create({ message: reason, type: FailureType.OperationRefused, nonRetryable: true });
    }
  };
  setHandler(
    pauseUpdate,
    () => {
      refuseIf('pause');
      state.paused = true;
      runtime.changed();
    },
    { validator: () => refuseIf('pause') },
  );
  setHandler(
    resumeUpdate,
    () => {
      refuseIf('resume');
      state.paused = false;
      runtime.changed();
    },
    { validator: () => refuseIf('resume') },
  );
  setHandler(
    cancelUpdate,
    (request: CancelRequest) => {
      refuseIf('cancel');
      log.info('orchestration cancelled by an operator', { reason: request?.reason });
      runtime.stop('cancel');
    },
    { validator: (_request: CancelRequest) => refuseIf('cancel') },
  );
  for (const [update, approved] of [
    [approveUpdate, true],
    [rejectUpdate, false],
  ] as const) {
    const operation = approved ? 'approve' : 'reject';
    setHandler(
      update,
      (request: ApprovalSignal) => {
        refuseIf(operation, request?.stepId);
        return recordDecision(runtime, request, approved);
      },
      { validator: (request: ApprovalSignal) => refuseIf(operation, request?.stepId) },
    );
  }
}

function approvalBySignal(runtime: OrchestrationRuntime, signal: ApprovalSignal, approved: boolean): void {
  if (runtime.operatorUpdates) {
    // Signals cannot answer; under the operator-updates patch they get the same checks and are never held.
    const reason = operationRefusal(runtime.state, approved ? 'approve' : 'reject', signal?.stepId);
    if (reason !== undefined) {
      log.warn('approval signal refused; use the approve/reject update to learn why at once', { reason });
      return;
    }
    recordDecision(runtime, signal, approved);
    return;
  }
  recordHeldApproval(runtime, signal, approved);
}

function recordDecision(runtime: OrchestrationRuntime, request: ApprovalSignal, approved: boolean): ApprovalDecision {
  const decision: ApprovalDecision = {
    approved,
    ...(typeof request.by === 'string' ? { by: request.by } : {}),
    ...(typeof request.comment === 'string' ? { comment: request.comment } : {}),
    at: Date.now(),
  };
  runtime.state.approvals[request.stepId] = decision;
  runtime.changed();
  return decision;
}

/**
 * Before the operator-updates patch: the first decision for a step wins, and decisions may arrive before the
 * approval step starts (they are held until it does). Kept for histories recorded on that code.
 */
function recordHeldApproval(runtime: OrchestrationRuntime, signal: ApprovalSignal, approved: boolean): void {
  const stepId = typeof signal?.stepId === 'string' ? signal.stepId : undefined;
  const record = stepId === undefined ? undefined : findStep(runtime.state, stepId);
  if (!record || record.kind !== 'approval') {
    log.warn('approval signal for a step that is not an approval step; ignored', { stepId });
    return;
  }
  if (isStepSettled(record) || runtime.state.approvals[record.id] !== undefined) return;
  recordDecision(runtime, { ...signal, stepId: record.id }, approved);
}
