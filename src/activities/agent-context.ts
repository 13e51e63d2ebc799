/**
 * The `ctx` an agent handler receives, and the machinery behind it: automatic heartbeats at a fraction of the
 * heartbeat timeout, and one AbortSignal that fires on cancellation, timeout, the instruction's deadline, or the loss
 * of the attempt's lease (the server may have dispatched the step elsewhere).
 */
import { ApplicationFailure, CancelledFailure } from '@temporalio/activity';
import { FailureType } from '../orchestration/failure-types';
import type { AgentTask, BranchMode, InstructionIdentity } from '../orchestration/types';
import { holdAttemptLease, type AttemptLease, type HeartbeatConfirmer, type LeaseLoss } from './attempt-lease';

export interface AgentContext {
  /** Records progress (and proves liveness); the wrapper also heartbeats on its own. */
  heartbeat(progress?: unknown): void;
  /**
   * Fires when the instruction is cancelled, times out, passes its deadline, or can no longer be confirmed as this
   * attempt's own: check it before every side effect.
   */
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
    readonly heartbeatTimeoutMs?: number | undefined;
    readonly startToCloseTimeoutMs: number;
    readonly currentAttemptScheduledTimestampMs: number;
    /** Names the attempt to the server; needed for confirmed heartbeats. */
    readonly taskToken?: Uint8Array;
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
  /** Holds a lease on the attempt through confirmed heartbeats (pool workers); without it, none is held. */
  readonly confirmHeartbeat?: HeartbeatConfirmer;
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
  const lease = holdLease(runtime, identity, options, () => ({ progress, attempt: runtime.info.attempt }), abandon);

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
    // A hung process renews nothing either: the server's heartbeat timeout is left to notice.
    heartbeating = false;
    lease?.close();
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
      lease?.close();
      runtime.cancellationSignal.removeEventListener('abort', onCancel);
      heartbeating = false;
    },
  };
}

function holdLease(
  runtime: ActivityRuntime,
  identity: InstructionIdentity,
  options: AgentSessionOptions,
  details: () => unknown,
  abandon: (reason: Error) => void,
): AttemptLease | undefined {
  const { heartbeatTimeoutMs, taskToken, isLocal } = runtime.info;
  if (isLocal || !heartbeatTimeoutMs || !taskToken || !options.confirmHeartbeat) return undefined;
  return holdAttemptLease({
    heartbeatTimeoutMs,
    taskToken,
    confirm: options.confirmHeartbeat,
    details,
    ...(options.now ? { now: options.now } : {}),
    onLost: (loss) => abandon(leaseLostFailure(loss, identity, heartbeatTimeoutMs)),
  });
}

function leaseLostFailure(loss: LeaseLoss, identity: InstructionIdentity, heartbeatTimeoutMs: number): Error {
  if (loss.kind === 'gone') {
    return ApplicationFailure.create({
      message: `the server no longer knows this attempt at step "${identity.stepId}" (timed out or dispatched elsewhere); stopped before acting`,
      type: FailureType.StaleInstruction,
      nonRetryable: true,
    });
  }
  return ApplicationFailure.create({
    message:
      `no heartbeat of step "${identity.stepId}" confirmed by the server for ${loss.sinceConfirmedMs} ms ` +
      `(heartbeat timeout ${heartbeatTimeoutMs} ms): stopped before the server could dispatch it elsewhere`,
    type: FailureType.ServerContactLost,
  });
}

function asCancellation(reason: unknown): Error {
  if (reason instanceof Error) return reason;
  return new CancelledFailure(typeof reason === 'string' ? `activity cancelled: ${reason}` : 'activity cancelled');
}
