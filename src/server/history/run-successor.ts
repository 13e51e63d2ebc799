/**
 * What follows a run that closed completed, failed or timed out: a retry by its workflow retry policy, else the next
 * run of its cron schedule, else nothing. As in Temporal, retry comes first (a failed cron run is retried within its
 * interval), the successor is a new run of the same workflow id, and the closing event names it (newExecutionRunId).
 */
import { enums, type Failure, type temporal, type Relaxed } from '../proto/temporal-proto';
import { durationFromMs } from '../proto/time';
import type { MutableExecution } from './mutable-execution';
import type { ServerContext } from './server-context';
import { createRun } from './new-run';
import { decideRetry, normalizeRetryPolicy } from './retry-policy';
import { cronBackoffMs } from './cron-schedule';

type StartedAttributes = Relaxed<temporal.api.history.v1.IWorkflowExecutionStartedEventAttributes>;
type Payloads = Relaxed<temporal.api.common.v1.IPayloads>;
const Initiator = enums.ContinueAsNewInitiator;

/** How the run is closing. */
export type RunEnding =
  { kind: 'completed'; result?: Payloads | null | undefined } | { kind: 'failed' | 'timedOut'; failure: Failure };

export interface Successor {
  initiator: number;
  backoffMs: number;
  failure?: Failure | undefined;
  lastCompletionResult?: Payloads | null | undefined;
}

export interface SuccessorDecision {
  /** For the closing event of a failure or timeout. */
  retryState: number;
  successor?: Successor | undefined;
}

function startedAttributesOf(ctx: ServerContext, run: MutableExecution): StartedAttributes {
  return ctx.executions.readEvent(run.state.runId, 1)?.workflowExecutionStartedEventAttributes ?? {};
}

/** Decides what follows the run; changes nothing. */
export function decideSuccessor(ctx: ServerContext, run: MutableExecution, ending: RunEnding): SuccessorDecision {
  const started = startedAttributesOf(ctx, run);
  const { state } = run;
  let retryState: number = enums.RetryState.RETRY_STATE_RETRY_POLICY_NOT_SET;
  if (ending.kind !== 'completed') {
    // A run that timed out because the whole execution expired is neither retried nor continued by cron.
    const expired = state.executionExpirationTime !== undefined && run.now >= state.executionExpirationTime;
    if (expired && ending.kind === 'timedOut') return { retryState: enums.RetryState.RETRY_STATE_TIMEOUT };
    const policy = started.retryPolicy ? normalizeRetryPolicy(started.retryPolicy, 'retryPolicy') : undefined;
    if (policy && typeof policy !== 'string') {
      const decision = decideRetry({
        policy,
        attempt: started.attempt || 1,
        failure: ending.failure,
        now: run.now,
        expirationTime: state.executionExpirationTime,
      });
      if (decision.retry) {
        return {
          retryState: enums.RetryState.RETRY_STATE_IN_PROGRESS,
          successor: {
            initiator: Initiator.CONTINUE_AS_NEW_INITIATOR_RETRY,
            backoffMs: decision.delayMs,
            failure: ending.failure,
          },
        };
      }
      retryState = decision.retryState;
    }
  }
  if (!started.cronSchedule) return { retryState };
  const backoffMs = cronBackoffMs(started.cronSchedule, state.executionTime, run.now);
  if (backoffMs === undefined) return { retryState };
  return {
    retryState,
    successor: {
      initiator: Initiator.CONTINUE_AS_NEW_INITIATOR_CRON_SCHEDULE,
      backoffMs,
      // A failed cron run hands on the last successful result it was given, as Temporal does.
      failure: ending.kind === 'completed' ? undefined : ending.failure,
      lastCompletionResult: ending.kind === 'completed' ? ending.result : started.lastCompletionResult,
    },
  };
}

/** Creates the successor run (not yet saved) from the closing run's start; the caller closes the old run, then saves. */
export function createSuccessorRun(ctx: ServerContext, run: MutableExecution, successor: Successor): MutableExecution {
  const started = startedAttributesOf(ctx, run);
  const { state } = run;
  const next = createRun(ctx, {
    namespace: state.namespace,
    request: {
      namespace: state.namespace,
      workflowId: state.workflowId,
      workflowType: started.workflowType ?? { name: state.workflowType },
      taskQueue: { name: state.taskQueue },
      input: started.input,
      header: started.header,
      workflowExecutionTimeout: state.executionTimeoutMs ? durationFromMs(state.executionTimeoutMs) : undefined,
      workflowRunTimeout: started.workflowRunTimeout,
      workflowTaskTimeout: started.workflowTaskTimeout,
      retryPolicy: started.retryPolicy,
      cronSchedule: started.cronSchedule ?? '',
      memo: started.memo,
      searchAttributes: started.searchAttributes,
      priority: started.priority,
    },
    firstExecutionRunId: state.firstExecutionRunId,
    continuedExecutionRunId: state.runId,
    initiator: successor.initiator,
    firstWorkflowTaskBackoffMs: successor.backoffMs,
    attempt: successor.initiator === Initiator.CONTINUE_AS_NEW_INITIATOR_RETRY ? (started.attempt || 1) + 1 : 1,
    executionExpirationTime: state.executionExpirationTime,
    parent: state.parent,
    rootWorkflowId: state.rootWorkflowId,
    rootRunId: state.rootRunId,
    continuedFailure: successor.failure,
    lastCompletionResult: successor.lastCompletionResult,
  });
  next.state.executionTimeoutMs = state.executionTimeoutMs;
  return next;
}

/** Saves the successor and makes it the workflow id's current run; the closed run records that it continued. */
export function commitSuccessorRun(ctx: ServerContext, closed: MutableExecution, next: MutableExecution): void {
  closed.continuedAs = next.state.runId;
  ctx.save(next);
  ctx.executions.setCurrentRun(next.state.namespace, next.state.workflowId, next.state.runId);
}
