/**
 * The mutable state of one workflow run, stored as JSON beside its history. An optional field set to `undefined` is
 * cleared: JSON leaves it out.
 */
import type { NormalizedRetryPolicy } from './retry-policy';

export interface WorkflowTaskState {
  /** Bumped on every scheduling, so queued tasks and timers of an older attempt are recognised as stale. */
  stamp: number;
  scheduledEventId: number;
  startedEventId?: number | undefined;
  attempt: number;
  taskQueue: string;
  /** A retried workflow task is transient: its scheduled/started events are written only when it completes. */
  transient: boolean;
  /**
   * Scheduled for an update on an idle run: transient too (its events are virtual) and, as Temporal's speculative
   * workflow task, dropped without a trace when its completion only rejects updates. Anything else writes it.
   */
  speculative?: boolean | undefined;
  scheduledTime: number;
  originalScheduledTime: number;
  startedTime?: number | undefined;
  requestId?: string | undefined;
  identity?: string | undefined;
  startToCloseMs: number;
  /** What the started event tells the worker: history size then, and whether to continue as new. */
  historySizeBytes?: number | undefined;
  suggestContinueAsNew?: boolean | undefined;
}

export type ActivityStatus = 'scheduled' | 'started' | 'backoff';

export interface ActivityState {
  scheduledEventId: number;
  activityId: string;
  activityType: string;
  taskQueue: string;
  status: ActivityStatus;
  attempt: number;
  /** Bumped on every attempt; task tokens and timers carry it. */
  stamp: number;
  scheduledTime: number;
  attemptScheduledTime: number;
  startedTime?: number | undefined;
  startedIdentity?: string | undefined;
  startedRequestId?: string | undefined;
  lastHeartbeatTime?: number | undefined;
  /** base64 of an encoded Payloads message. */
  heartbeatDetails?: string | undefined;
  /** base64 of an encoded Failure message: the last attempt's failure. */
  lastFailure?: string | undefined;
  lastWorkerIdentity?: string | undefined;
  retryPolicy: NormalizedRetryPolicy;
  scheduleToCloseMs?: number | undefined;
  scheduleToStartMs?: number | undefined;
  startToCloseMs: number;
  heartbeatMs?: number | undefined;
  cancelRequested: boolean;
}

export interface TimerState {
  startedEventId: number;
  fireAt: number;
}

/** An event that arrived while a workflow task was running; written after that task's completion. */
export interface BufferedEvent {
  /** base64 of an encoded HistoryEvent whose eventId is assigned when it is written. */
  event: string;
  /** Set startedEventId of this event's attributes to the id of the event written just before it. */
  linksPreviousAsStarted?: boolean | undefined;
}

export interface ChildState {
  namespace: string;
  workflowId: string;
  runId: string;
  workflowType: string;
  /** Id of ChildWorkflowExecutionStarted in the parent's history, once written. */
  startedEventId?: number | undefined;
  /** temporal.api.enums.v1.ParentClosePolicy */
  parentClosePolicy: number;
}

export interface ExecutionState {
  namespace: string;
  workflowId: string;
  runId: string;
  firstExecutionRunId: string;
  workflowType: string;
  taskQueue: string;
  status: number;
  nextEventId: number;
  startTime: number;
  executionTime: number;
  closeTime?: number | undefined;
  startRequestId: string;
  workflowTaskTimeoutMs: number;
  runTimeoutMs?: number | undefined;
  executionTimeoutMs?: number | undefined;
  executionExpirationTime?: number | undefined;
  /** Started event id of the last completed workflow task (previousStartedEventId for the worker). */
  lastCompletedStartedEventId: number;
  workflowTask?: WorkflowTaskState | undefined;
  workflowTaskStamp: number;
  sticky?: { taskQueue: string; scheduleToStartMs: number } | undefined;
  buffered: BufferedEvent[];
  activities: Record<string, ActivityState>;
  timers: Record<string, TimerState>;
  /** Child workflows started by this run and not yet closed, by initiated event id. */
  children?: Record<string, ChildState> | undefined;
  /** Accepted, not yet completed updates: update id to its WorkflowExecutionUpdateAccepted event id. */
  acceptedUpdates?: Record<string, number> | undefined;
  cancelRequested: boolean;
  /** Request ids of the latest signals delivered to this run: a retried signal request is not delivered twice. */
  signalRequestIds?: string[] | undefined;
  historySizeBytes: number;
  stateTransitionCount: number;
  /** Set on a run that was reset: the new run, to which its children's outcomes are forwarded. */
  resetRunId?: string | undefined;
  parent?: { namespace: string; workflowId: string; runId: string; initiatedEventId: number } | undefined;
  rootWorkflowId: string;
  /** base64 of the encoded SearchAttributes message, as the workflow set them. */
  searchAttributes?: string | undefined;
  rootRunId: string;
}
