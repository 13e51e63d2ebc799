/** Signal and query handlers of an orchestration: pause, resume, cancel, approvals, status. */
import { log, setHandler } from '@temporalio/workflow';
import { isDispatchAwaited } from '../orchestration/instruction';
import { findStep } from '../orchestration/orchestration-state';
import { buildStatus } from '../orchestration/status-view';
import { isStepSettled } from '../orchestration/step-records';
import {
  approveSignal,
  cancelSignal,
  isInstructionCurrentQuery,
  pauseSignal,
  rejectSignal,
  resumeSignal,
  statusQuery,
  type ApprovalSignal,
} from './definitions';
import type { OrchestrationRuntime } from './orchestration-runtime';

export function installOrchestrationHandlers(runtime: OrchestrationRuntime): void {
  const { state } = runtime;
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
  setHandler(approveSignal, (signal) => recordApproval(runtime, signal, true));
  setHandler(rejectSignal, (signal) => recordApproval(runtime, signal, false));
  setHandler(statusQuery, () => buildStatus(state, Date.now()));
  setHandler(isInstructionCurrentQuery, (stepId, dispatch) => isDispatchAwaited(findStep(state, stepId), dispatch));
}

/** The first decision for a step wins; decisions may arrive before the approval step starts. */
function recordApproval(runtime: OrchestrationRuntime, signal: ApprovalSignal, approved: boolean): void {
  const stepId = typeof signal?.stepId === 'string' ? signal.stepId : undefined;
  const record = stepId === undefined ? undefined : findStep(runtime.state, stepId);
  if (!record || record.kind !== 'approval') {
    log.warn('approval signal for a step that is not an approval step; ignored', { stepId });
    return;
  }
  if (isStepSettled(record) || runtime.state.approvals[record.id] !== undefined) return;
  runtime.state.approvals[record.id] = {
    approved,
    ...(typeof signal.by === 'string' ? { by: signal.by } : {}),
    ...(typeof signal.comment === 'string' ? { comment: signal.comment } : {}),
    at: Date.now(),
  };
  runtime.changed();
}
