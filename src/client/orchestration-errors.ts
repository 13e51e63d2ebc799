/** Typed errors of the client: how an orchestration failed, and an orchestration that does not exist (any more). */
import { WorkflowFailedError } from '@temporalio/client';
import {
  ApplicationFailure,
  CancelledFailure,
  TerminatedFailure,
  TimeoutFailure,
  WorkflowNotFoundError,
} from '@temporalio/common';
import { InvalidConfigError } from '../config/parse-config';
import type { FailureTypeName } from '../orchestration/failure-types';
import { SearchAttributeNames } from '../orchestration/names';
import type { OrchestrationStatus } from '../orchestration/status-view';

/** Failure types of orchestrate() (see FailureType), or how Temporal itself ended the run. */
export type OrchestrationFailureType = FailureTypeName | 'Terminated' | 'TimedOut' | 'Cancelled' | 'Unknown';

export class OrchestrationFailedError extends Error {
  override readonly name = 'OrchestrationFailedError';
  readonly orchestrationId: string;
  readonly type: OrchestrationFailureType;
  /** The step that made the orchestration fail, when one did. */
  readonly stepId?: string;
  /** Status at the moment it failed (absent when Temporal ended the run, e.g. terminated). */
  readonly status?: OrchestrationStatus;

  constructor(args: {
    orchestrationId: string;
    type: OrchestrationFailureType;
    message: string;
    status?: OrchestrationStatus;
    cause?: unknown;
  }) {
    super(`orchestration "${args.orchestrationId}" failed (${args.type}): ${args.message}`, { cause: args.cause });
    this.orchestrationId = args.orchestrationId;
    this.type = args.type;
    if (args.status !== undefined) this.status = args.status;
    const stepId = args.status?.failure?.stepId;
    if (stepId !== undefined) this.stepId = stepId;
  }
}

export class OrchestrationNotFoundError extends Error {
  override readonly name = 'OrchestrationNotFoundError';
  constructor(
    readonly orchestrationId: string,
    what = 'orchestration',
  ) {
    super(`no ${what} "${orchestrationId}"`);
  }
}

/** Turns Temporal's result error into an OrchestrationFailedError; other errors pass through unchanged. */
export function asOrchestrationError(orchestrationId: string, error: unknown): unknown {
  if (error instanceof WorkflowNotFoundError) return new OrchestrationNotFoundError(orchestrationId);
  if (!(error instanceof WorkflowFailedError)) return error;
  const cause = error.cause;
  if (cause instanceof ApplicationFailure) {
    const status = cause.details?.[0] as OrchestrationStatus | undefined;
    return new OrchestrationFailedError({
      orchestrationId,
      type: (cause.type as FailureTypeName | undefined) ?? 'Unknown',
      message: cause.message,
      ...(status !== undefined ? { status } : {}),
      cause,
    });
  }
  const type: OrchestrationFailureType =
    cause instanceof TerminatedFailure
      ? 'Terminated'
      : cause instanceof TimeoutFailure
        ? 'TimedOut'
        : cause instanceof CancelledFailure
          ? 'Cancelled'
          : 'Unknown';
  return new OrchestrationFailedError({ orchestrationId, type, message: cause?.message ?? error.message, cause });
}

const GRPC_INVALID_ARGUMENT = 3;

/**
 * A server that does not know Steadfast's search attributes refuses a start with visibility.searchAttributes:
 * say what to do about it instead of passing on the raw gRPC error.
 */
export function explainStartFailure(error: unknown): unknown {
  const cause = (error as { cause?: { code?: unknown; details?: unknown } } | null)?.cause;
  const text = `${(error as Error)?.message ?? ''} ${typeof cause?.details === 'string' ? cause.details : ''}`;
  const namesOurs = Object.values(SearchAttributeNames).some((name) => text.includes(name));
  if (cause?.code !== GRPC_INVALID_ARGUMENT || !namesOurs) return error;
  return new InvalidConfigError('orchestration request', [
    'visibility.searchAttributes: the server does not know the Steadfast search attributes; start an orchestrator ' +
      'worker process (it registers them), call registerSteadfastSearchAttributes, or leave this off',
  ]);
}
