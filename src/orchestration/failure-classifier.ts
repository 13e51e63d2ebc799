/**
 * Turns the failure an agent activity ended with into the reason recorded on the step.
 * Written against the structural shape of Temporal's failure classes (ActivityFailure,
 * TimeoutFailure, ApplicationFailure, CancelledFailure), so it needs no SDK import.
 */
import { FailureType } from './failure-types';
import type { FallbackReason } from './types';

/** The fields of Temporal failures the classifier reads; everything is optional and checked. */
export interface FailureLike {
  readonly name?: unknown;
  readonly message?: unknown;
  readonly cause?: unknown;
  /** TimeoutFailure: START_TO_CLOSE | SCHEDULE_TO_START | SCHEDULE_TO_CLOSE | HEARTBEAT */
  readonly timeoutType?: unknown;
  /** ApplicationFailure */
  readonly type?: unknown;
  readonly nonRetryable?: unknown;
  /** ActivityFailure: IN_PROGRESS | NON_RETRYABLE_FAILURE | TIMEOUT | MAXIMUM_ATTEMPTS_REACHED | ... */
  readonly retryState?: unknown;
}

export interface ClassifiedFailure {
  readonly reason: FallbackReason;
  readonly message: string;
  /** The retry policy's maximum attempts were all used (so the attempt count is known). */
  readonly allAttemptsUsed: boolean;
  /**
   * Why the attempt before the last one was abandoned, when the failure says (the server puts the previous attempt's
   * failure as the cause of a final timeout: e.g. "agent hung" before the final "no agent reachable"). Workflow code
   * sees that cause through Steadfast's failure converter (src/payloads/timeout-cause-failure-converter.ts); the
   * SDK's default drops it.
   */
  readonly earlierAttempts?: readonly AbandonedAttempt[];
}

export interface AbandonedAttempt {
  readonly reason: FallbackReason;
  readonly message: string;
}

const REASON_TEXT: Record<FallbackReason, string> = {
  no_agent_reachable: 'no agent reachable (schedule-to-start timeout)',
  agent_hung: 'agent hung (heartbeat timeout)',
  retries_exhausted: 'retries exhausted',
  circuit_open: 'circuit open',
  timed_out: 'timed out',
  agent_rejected: 'agent rejected the instruction (non-retryable failure)',
  stale_instruction: 'stale instruction refused',
  invalid_result: 'invalid result',
  no_autonomous_handler: 'no autonomous handler',
  budget_exhausted: 'budget exhausted',
  tool_loop: 'tool loop detected',
  max_turns: 'max turns reached',
  coordinator_unreachable: 'coordinator (Temporal server) unreachable',
  cancelled: 'cancelled',
  unknown: 'unknown failure',
};

export function describeReason(reason: FallbackReason): string {
  return REASON_TEXT[reason];
}

const APPLICATION_TYPE_REASONS: Readonly<Record<string, FallbackReason>> = {
  [FailureType.StaleInstruction]: 'stale_instruction',
  [FailureType.InstructionDeadlineExceeded]: 'timed_out',
  [FailureType.NoAutonomousHandler]: 'no_autonomous_handler',
  [FailureType.InvalidAgentResult]: 'invalid_result',
  [FailureType.BudgetExhausted]: 'budget_exhausted',
  [FailureType.ToolLoopDetected]: 'tool_loop',
  [FailureType.MaxTurnsExceeded]: 'max_turns',
};

/**
 * The final failure is classified from the chain down to its timeout only: what lies below is an earlier attempt
 * (Temporal's schedule-to-start and schedule-to-close timeouts carry the previous attempt's failure as cause, never
 * the final attempt's). So the reason and message are those workers without the cause saw, and histories replay.
 */
export function classifyAgentFailure(error: unknown): ClassifiedFailure {
  const chain = causeChain(error);
  const retryState = chain.find((link) => typeof link.retryState === 'string')?.retryState;
  const finalTimeout = chain.findIndex(isTimeout);
  const final = finalTimeout < 0 ? chain : chain.slice(0, finalTimeout + 1);
  const { reason, message } = classifyChain(final, retryState);
  return {
    reason,
    message,
    allAttemptsUsed: retryState === 'MAXIMUM_ATTEMPTS_REACHED',
    ...withEarlierAttempts(finalTimeout < 0 ? [] : chain.slice(finalTimeout + 1)),
  };
}

/** The previous attempt's failure, when the final timeout carries one. */
function withEarlierAttempts(previous: readonly FailureLike[]): { earlierAttempts?: AbandonedAttempt[] } {
  if (!previous.some((link) => isTimeout(link) || isApplicationFailure(link))) return {};
  return { earlierAttempts: [classifyChain(previous, undefined)] };
}

function classifyChain(chain: readonly FailureLike[], retryState: unknown): AbandonedAttempt {
  const message = innermostMessage(chain);
  const timeoutTypes = chain.filter(isTimeout).map((link) => link.timeoutType);
  if (timeoutTypes.includes('SCHEDULE_TO_START')) return { reason: 'no_agent_reachable', message };
  if (timeoutTypes.includes('HEARTBEAT')) return { reason: 'agent_hung', message };
  if (timeoutTypes.length > 0) return { reason: 'timed_out', message };

  const application = chain.find(isApplicationFailure);
  const typed = typeof application?.type === 'string' ? APPLICATION_TYPE_REASONS[application.type] : undefined;
  if (typed) return { reason: typed, message };
  if (chain.some((link) => link.name === 'CancelledFailure')) return { reason: 'cancelled', message };

  if (application?.nonRetryable === true || retryState === 'NON_RETRYABLE_FAILURE') {
    return { reason: 'agent_rejected', message };
  }
  if (retryState === 'MAXIMUM_ATTEMPTS_REACHED') return { reason: 'retries_exhausted', message };
  if (retryState === 'TIMEOUT') return { reason: 'timed_out', message };
  if (application) return { reason: 'retries_exhausted', message };
  return { reason: 'unknown', message };
}

function causeChain(error: unknown): FailureLike[] {
  const chain: FailureLike[] = [];
  let current: unknown = error;
  while (current !== null && typeof current === 'object' && chain.length < 16 && !chain.includes(current)) {
    chain.push(current as FailureLike);
    current = (current as FailureLike).cause;
  }
  return chain;
}

function isTimeout(link: FailureLike): link is FailureLike & { timeoutType: string } {
  return typeof link.timeoutType === 'string' && (link.name === undefined || link.name === 'TimeoutFailure');
}

function isApplicationFailure(link: FailureLike): boolean {
  return link.name === 'ApplicationFailure';
}

function innermostMessage(chain: readonly FailureLike[]): string {
  for (let i = chain.length - 1; i >= 0; i--) {
    const text = chain[i]!.message;
    if (typeof text === 'string' && text.trim() !== '') return text;
  }
  return 'no failure message';
}
