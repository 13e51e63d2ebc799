/**
 * The `ctx` an agent handler receives, and the machinery behind it: automatic heartbeats at a fraction
 * of the heartbeat timeout, and one AbortSignal that fires on cancellation, timeout or the instruction's deadline.
 */
import { ApplicationFailure, CancelledFailure } from '@temporalio/activity';
import { FailureType } from '../orchestration/failure-types';
import type { AgentTask, BranchMode, InstructionIdentity } from '../orchestration/types';

export interface AgentContext {
  /** Records progress (and proves liveness); the wrapper also heartbeats on its own. */
  heartbeat(progress?: unknown): void;
  /** Fires when the instruction is cancelled, times out or passes its deadline. */
  readonly signal: AbortSignal;
  readonly orchestrationId: string;
  readonly stepId: string;
  /** Attempt of this dispatch, starting at 1. */
  readonly attempt: number;
  /** Same for every attempt of the step; pass it to downstream services to deduplicate side effects. */
  readonly idempotencyKey: string;
  readonly deadline: Date;
  readonly agent: string;
  /** "autonomous" when the degraded handler runs on the orchestrator's side. */
  readonly mode: BranchMode;
}

export type AgentHandler<I = unknown, O = unknown> = (task: AgentTask<I>, ctx: AgentContext) => Promise<O> | O;

/** The parts of Temporal's activity Context the wrapper uses (structural, so tests can supply a fake). */
export interface ActivityRuntime {
  readonly info: {
    readonly attempt: number;
    readonly isLocal: boolean;
    readonly heartbeatTimeoutMs?: number;
    readonly startToCloseTimeoutMs: number;
    readonly currentAttemptScheduledTimestampMs: number;
  };
  heartbeat(details?: unknown): void;
  readonly cancellationSignal: AbortSignal;
}

export interface AgentSession {
  readonly ctx: AgentContext;
  /** Rejects (with the reason to fail the activity with) once the handler must be abandoned. */
  readonly abandoned: Promise<never>;
  /** The error to fail with if the signal has fired. */
  abandonReason(): Error | undefined;
  close(): void;
}

export interface AgentSessionOptions {
  readonly heartbeatFraction: number;
  readonly now?: () => number;
}

const heartbeatStoppers = new WeakMap<AgentContext, () => void>();

/** Makes this instruction look hung: no more heartbeats, automatic or explicit. For simulations. */
export function stopAutomaticHeartbeats(ctx: AgentContext): void {
  heartbeatStoppers.get(ctx)?.();
}

export function openAgentSession(
  runtime: ActivityRuntime,
  identity: InstructionIdentity,
  options: AgentSessionOptions,
): AgentSession {
  const now = options.now ?? Date.now;
  const controller = new AbortController();
  let abandonReason: Error | undefined;
  const abandon = (reason: Error): void => {
    if (controller.signal.aborted) return;
    abandonReason = reason;
    controller.abort(reason);
  };

  const onCancel = (): void => abandon(asCancellation(runtime.cancellationSignal.reason));
  if (runtime.cancellationSignal.aborted) onCancel();
  else runtime.cancellationSignal.addEventListener('abort', onCancel, { once: true });

  const attemptEnds = now() + runtime.info.startToCloseTimeoutMs;
  const deadlineTimer = setTimeout(
    () =>
      abandon(
        ApplicationFailure.create({
          message: `instruction for step "${identity.stepId}" passed its deadline while the handler was running`,
          type: FailureType.InstructionDeadlineExceeded,
          nonRetryable: true,
        }),
      ),
    Math.max(0, Math.min(identity.deadline, attemptEnds) - now()),
  );

  let progress: unknown;
  let heartbeating = !runtime.info.isLocal;
  const beat = (): void => {
    if (heartbeating && !controller.signal.aborted) runtime.heartbeat({ progress, attempt: runtime.info.attempt });
  };
  const heartbeatTimeout = runtime.info.heartbeatTimeoutMs;
  const intervalMs = heartbeatTimeout ? Math.max(20, Math.floor(heartbeatTimeout * options.heartbeatFraction)) : 5_000;
  const heartbeatTimer = heartbeating ? setInterval(beat, intervalMs) : undefined;

  const ctx: AgentContext = {
    heartbeat: (value?: unknown) => {
      if (value !== undefined) progress = value;
      beat();
    },
    signal: controller.signal,
    orchestrationId: identity.orchestrationId,
    stepId: identity.stepId,
    attempt: runtime.info.attempt,
    idempotencyKey: identity.idempotencyKey,
    deadline: new Date(identity.deadline),
    agent: identity.agent,
    mode: identity.mode,
  };
  heartbeatStoppers.set(ctx, () => {
    heartbeating = false;
  });

  const abandoned = new Promise<never>((_, reject) => {
    controller.signal.addEventListener('abort', () => reject(abandonReason), { once: true });
  });
  // The race in the caller may settle first; an unobserved rejection must not crash the worker.
  abandoned.catch(() => undefined);

  return {
    ctx,
    abandoned,
    abandonReason: () => abandonReason,
    close: () => {
      clearTimeout(deadlineTimer);
      if (heartbeatTimer) clearInterval(heartbeatTimer);
      runtime.cancellationSignal.removeEventListener('abort', onCancel);
      heartbeating = false;
    },
  };
}

function asCancellation(reason: unknown): Error {
  if (reason instanceof Error) return reason;
  return new CancelledFailure(typeof reason === 'string' ? `activity cancelled: ${reason}` : 'activity cancelled');
}
