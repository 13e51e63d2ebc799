/**
 * An operator's approve, reject, pause, resume or cancel that the orchestration refused, with the reason it gave
 * (its update validator's answer, or the run having ended); nothing was changed and nothing is held for later.
 */
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { FailureType } from '../orchestration/failure-types';
import type { OperatorOperation } from '../orchestration/operator-checks';

export class OperationRefusedError extends Error {
  override readonly name = 'OperationRefusedError';

  constructor(
    readonly orchestrationId: string,
    readonly operation: OperatorOperation,
    /** One line, e.g. `step "review" is not waiting for approval yet (it is pending; ...)`. */
    readonly reason: string,
    readonly stepId?: string,
  ) {
    super(`${describeOperation(operation, stepId)} of orchestration "${orchestrationId}" refused: ${reason}`);
  }
}

function describeOperation(operation: OperatorOperation, stepId: string | undefined): string {
  return stepId === undefined ? operation : `${operation} step "${stepId}"`;
}

/** The validator's reason when `error` is an update the orchestration refused; undefined for anything else. */
export function refusalReason(error: unknown): string | undefined {
  if (!(error instanceof WorkflowUpdateFailedError)) return undefined;
  const cause = error.cause;
  if (cause instanceof ApplicationFailure && cause.type === FailureType.OperationRefused) return cause.message;
  return undefined;
}
