/**
 * Turns an agent handler into the activity a pool worker registers: refuses stale instructions,
 * runs the handler with a heartbeating ctx, and abandons it (discarding any late result) once its signal fires.
 */
import { ApplicationFailure, Context } from '@temporalio/activity';
import { FailureType } from '../orchestration/failure-types';
import { checkInstructionFreshness } from '../orchestration/instruction';
import type { AgentInstruction, AgentReply, InstructionIdentity } from '../orchestration/types';
import { openAgentSession, type ActivityRuntime, type AgentHandler } from './agent-context';
import type { HeartbeatConfirmer } from './attempt-lease';

/** Asks the orchestration whether it still awaits a dispatch; undefined when it cannot tell. */
export type DispatchProbe = (identity: InstructionIdentity) => Promise<boolean | undefined>;

export interface HandlerExecutionOptions {
  readonly heartbeatFraction: number;
  /** Defaults to Temporal's current activity Context. */
  readonly runtime?: () => ActivityRuntime;
  readonly probe?: DispatchProbe;
  /** Lets the session hold a lease on the attempt (see attempt-lease). */
  readonly confirmHeartbeat?: HeartbeatConfirmer;
  readonly now?: () => number;
}

/** Longest a probe may take before the instruction is given the benefit of the doubt. */
const PROBE_TIMEOUT_MS = 2_000;

export async function executeAgentHandler<I, O>(
  handler: AgentHandler<I, O>,
  instruction: AgentInstruction<I>,
  options: HandlerExecutionOptions,
): Promise<AgentReply<O>> {
  assertInstruction(instruction);
  const runtime = options.runtime?.() ?? Context.current();
  const now = options.now ?? Date.now;
  const { identity } = instruction;

  let stillAwaited: boolean | undefined;
  if (shouldProbe(runtime, now())) {
    // The handler's heartbeats have not started yet: prove liveness first, so a slow probe cannot let the server
    // time this attempt out and retry it elsewhere while this one goes on to run.
    runtime.heartbeat();
    stillAwaited = await probeQuietly(options.probe, identity, probeTimeoutMs(runtime, options.heartbeatFraction));
  }
  const freshness = checkInstructionFreshness(identity, now(), stillAwaited);
  if (!freshness.fresh) {
    throw ApplicationFailure.create({
      message: freshness.reason,
      type: FailureType.StaleInstruction,
      nonRetryable: true,
    });
  }

  const session = openAgentSession(runtime, identity, {
    heartbeatFraction: options.heartbeatFraction,
    now,
    ...(options.confirmHeartbeat ? { confirmHeartbeat: options.confirmHeartbeat } : {}),
  });
  try {
    const output = await Promise.race([
      Promise.resolve().then(() => handler(instruction.task, session.ctx)),
      session.abandoned,
    ]);
    return { output, attempt: runtime.info.attempt, agent: identity.agent };
  } catch (error) {
    // A handler that reacts to the signal throws its own error; report why it was abandoned instead.
    throw session.abandonReason() ?? error;
  } finally {
    session.close();
  }
}

/**
 * Asking the orchestration costs a round trip, so only instructions that may have been overtaken are checked:
 * retries, and first attempts that waited in the queue longer than a heartbeat timeout.
 */
function shouldProbe(runtime: ActivityRuntime, now: number): boolean {
  if (runtime.info.isLocal) return false;
  if (runtime.info.attempt > 1) return true;
  const queued = now - runtime.info.currentAttemptScheduledTimestampMs;
  return queued > (runtime.info.heartbeatTimeoutMs ?? 10_000);
}

/** At most one heartbeat interval, so the session's first heartbeat still comes within the heartbeat timeout. */
function probeTimeoutMs(runtime: ActivityRuntime, heartbeatFraction: number): number {
  const heartbeatTimeout = runtime.info.heartbeatTimeoutMs;
  if (!heartbeatTimeout) return PROBE_TIMEOUT_MS;
  return Math.min(PROBE_TIMEOUT_MS, Math.max(20, Math.floor(heartbeatTimeout * heartbeatFraction)));
}

async function probeQuietly(
  probe: DispatchProbe | undefined,
  identity: InstructionIdentity,
  timeoutMs: number,
): Promise<boolean | undefined> {
  if (!probe) return undefined;
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      probe(identity),
      new Promise<undefined>((resolve) => {
        timer = setTimeout(() => resolve(undefined), timeoutMs);
      }),
    ]);
  } catch {
    return undefined;
  } finally {
    clearTimeout(timer);
  }
}

function assertInstruction(value: unknown): asserts value is AgentInstruction {
  const instruction = value as Partial<AgentInstruction> | null;
  const identity = instruction?.identity as Partial<InstructionIdentity> | undefined;
  const ok =
    typeof identity?.orchestrationId === 'string' &&
    typeof identity.stepId === 'string' &&
    typeof identity.idempotencyKey === 'string' &&
    typeof identity.deadline === 'number' &&
    typeof identity.agent === 'string' &&
    instruction?.task !== null &&
    typeof instruction?.task === 'object';
  if (!ok) {
    throw ApplicationFailure.create({
      message:
        'agent activities take one Steadfast instruction { identity, task }; dispatch them through orchestrate()',
      type: FailureType.InvalidInstruction,
      nonRetryable: true,
    });
  }
}
