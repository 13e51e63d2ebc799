/** Creating a run: its started event, first workflow task and deadlines. */
import { randomUUID } from 'node:crypto';
import {
  common,
  EventType,
  WorkflowExecutionStatus,
  type HistoryEvent,
  type temporal,
  type Relaxed,
  encodeMessage,
} from '../proto/temporal-proto';
import { durationFromMs, msFromDuration } from '../proto/time';
import type { ExecutionState } from './execution-state';
import type { MutableExecution } from './mutable-execution';
import type { ServerContext } from './server-context';
import { scheduleWorkflowTask } from './workflow-task-scheduling';
import { decodeSearchAttributes } from './search-attribute-values';
import { attributeTypeLookup } from './search-attribute-validation';
import { normalizeRetryPolicy, retryPolicyToProto } from './retry-policy';
import { invalidArgument } from '../errors/rpc-error';

export const TIMER_WORKFLOW_RUN_TIMEOUT = 'workflow-run-timeout';
export const TIMER_WORKFLOW_EXECUTION_TIMEOUT = 'workflow-execution-timeout';
export const TIMER_FIRST_WORKFLOW_TASK = 'first-workflow-task';

const DEFAULT_WORKFLOW_TASK_TIMEOUT_MS = 10_000;
const MAX_WORKFLOW_TASK_TIMEOUT_MS = 120_000;

type StartRequest = Relaxed<temporal.api.workflowservice.v1.IStartWorkflowExecutionRequest>;

export interface NewRunOptions {
  namespace: string;
  request: StartRequest;
  /** Events to write right after WorkflowExecutionStarted (signal-with-start's signal). */
  afterStarted?: ((run: MutableExecution) => void) | undefined;
  firstExecutionRunId?: string | undefined;
  continuedExecutionRunId?: string | undefined;
  initiator?: number | undefined;
  attempt?: number | undefined;
  /** The wait before the first workflow task (cron, retry); a start request's workflowStartDelay otherwise. */
  firstWorkflowTaskBackoffMs?: number | undefined;
  executionExpirationTime?: number | undefined;
  parent?: (ExecutionState['parent'] & { namespaceId?: string }) | undefined;
  rootWorkflowId?: string | undefined;
  rootRunId?: string | undefined;
  continuedFailure?: Relaxed<temporal.api.failure.v1.IFailure> | null | undefined;
  lastCompletionResult?: Relaxed<temporal.api.common.v1.IPayloads> | null | undefined;
  extraStartedAttributes?: Partial<temporal.api.history.v1.IWorkflowExecutionStartedEventAttributes> | undefined;
}

export function createRun(ctx: ServerContext, options: NewRunOptions): MutableExecution {
  const { request, namespace } = options;
  const now = ctx.now();
  const runId = randomUUID();
  const executionTimeoutMs = msFromDuration(request.workflowExecutionTimeout);
  let runTimeoutMs = msFromDuration(request.workflowRunTimeout);
  if (executionTimeoutMs && (!runTimeoutMs || runTimeoutMs > executionTimeoutMs)) runTimeoutMs = executionTimeoutMs;
  const workflowTaskTimeoutMs = Math.min(
    msFromDuration(request.workflowTaskTimeout) ?? DEFAULT_WORKFLOW_TASK_TIMEOUT_MS,
    MAX_WORKFLOW_TASK_TIMEOUT_MS,
    runTimeoutMs ?? Infinity,
  );
  const startDelayMs = options.firstWorkflowTaskBackoffMs ?? msFromDuration(request.workflowStartDelay) ?? 0;
  const executionExpirationTime =
    options.executionExpirationTime ?? (executionTimeoutMs ? now + executionTimeoutMs : undefined);
  const retryPolicy = request.retryPolicy ? normalizeRetryPolicy(request.retryPolicy, 'retryPolicy') : undefined;
  if (typeof retryPolicy === 'string') throw invalidArgument(retryPolicy);

  const state: ExecutionState = {
    namespace,
    workflowId: request.workflowId!,
    runId,
    firstExecutionRunId: options.firstExecutionRunId ?? runId,
    workflowType: request.workflowType!.name!,
    taskQueue: request.taskQueue!.name!,
    status: WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING,
    nextEventId: 1,
    startTime: now,
    executionTime: now + startDelayMs,
    startRequestId: request.requestId || randomUUID(),
    workflowTaskTimeoutMs,
    runTimeoutMs,
    executionTimeoutMs,
    executionExpirationTime,
    lastCompletedStartedEventId: 0,
    workflowTaskStamp: 0,
    buffered: [],
    activities: {},
    timers: {},
    cancelRequested: false,
    historySizeBytes: 0,
    stateTransitionCount: 0,
    parent: options.parent
      ? {
          namespace: options.parent.namespace,
          workflowId: options.parent.workflowId,
          runId: options.parent.runId,
          initiatedEventId: options.parent.initiatedEventId,
        }
      : undefined,
    rootWorkflowId: options.rootWorkflowId ?? request.workflowId!,
    rootRunId: options.rootRunId ?? runId,
    searchAttributes: request.searchAttributes
      ? Buffer.from(encodeMessage(common.SearchAttributes, request.searchAttributes)).toString('base64')
      : undefined,
  };
  const run = ctx.create(state);
  run.visibility = {
    searchAttributes: decodeSearchAttributes(
      request.searchAttributes?.indexedFields,
      attributeTypeLookup(ctx, namespace),
    ),
    memo: request.memo ? encodeMessage(common.Memo, request.memo) : null,
  };

  const startedAttributes: Relaxed<temporal.api.history.v1.IWorkflowExecutionStartedEventAttributes> = {
    workflowType: request.workflowType,
    taskQueue: { name: state.taskQueue, kind: 1 },
    header: request.header,
    input: request.input,
    workflowExecutionTimeout: executionTimeoutMs ? durationFromMs(executionTimeoutMs) : undefined,
    workflowRunTimeout: runTimeoutMs ? durationFromMs(runTimeoutMs) : undefined,
    workflowTaskTimeout: durationFromMs(workflowTaskTimeoutMs),
    continuedExecutionRunId: options.continuedExecutionRunId ?? '',
    initiator: options.initiator ?? 0,
    continuedFailure: options.continuedFailure ?? undefined,
    lastCompletionResult: options.lastCompletionResult ?? undefined,
    originalExecutionRunId: runId,
    identity: request.identity ?? '',
    firstExecutionRunId: state.firstExecutionRunId,
    retryPolicy: retryPolicy ? retryPolicyToProto(retryPolicy) : undefined,
    attempt: options.attempt ?? 1,
    workflowExecutionExpirationTime: executionExpirationTime ? durationFromMs(executionExpirationTime) : undefined,
    cronSchedule: request.cronSchedule ?? '',
    firstWorkflowTaskBackoff: startDelayMs ? durationFromMs(startDelayMs) : undefined,
    memo: request.memo,
    searchAttributes: request.searchAttributes,
    workflowId: state.workflowId,
    priority: request.priority,
    parentWorkflowNamespace: options.parent?.namespace ?? '',
    parentWorkflowNamespaceId: options.parent?.namespaceId ?? '',
    parentWorkflowExecution: options.parent
      ? { workflowId: options.parent.workflowId, runId: options.parent.runId }
      : undefined,
    parentInitiatedEventId: options.parent?.initiatedEventId ?? 0,
    rootWorkflowExecution: { workflowId: state.rootWorkflowId, runId: state.rootRunId },
    ...options.extraStartedAttributes,
  };
  run.appendEvent(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED, {
    workflowExecutionStartedEventAttributes: startedAttributes,
    userMetadata: request.userMetadata,
    links: request.links,
  } as Partial<HistoryEvent>);
  options.afterStarted?.(run);
  if (run.state.workflowTask) {
    // afterStarted delivered an event, which scheduled the first workflow task already.
  } else if (startDelayMs > 0) {
    run.addTimer(TIMER_FIRST_WORKFLOW_TASK, now + startDelayMs, {});
  } else {
    scheduleWorkflowTask(run);
  }
  if (runTimeoutMs) run.addTimer(TIMER_WORKFLOW_RUN_TIMEOUT, now + startDelayMs + runTimeoutMs, {});
  if (executionExpirationTime && executionExpirationTime < now + startDelayMs + (runTimeoutMs ?? Infinity)) {
    run.addTimer(TIMER_WORKFLOW_EXECUTION_TIMEOUT, executionExpirationTime, {});
  }
  return run;
}
