/** ContinueAsNewWorkflowExecution: the run closes as CONTINUED_AS_NEW and a new run of the same workflow id starts. */
import {
  common,
  enums,
  EventType,
  WorkflowExecutionStatus,
  type Command,
  type temporal,
  type Relaxed,
} from '../proto/temporal-proto';
import { durationFromMs } from '../proto/time';
import { closeExecution } from './close-execution';
import { createRun } from './new-run';
import type { CommandScope } from './workflow-commands';

type StartRequest = Relaxed<temporal.api.workflowservice.v1.IStartWorkflowExecutionRequest>;

export function continueAsNew(scope: CommandScope, command: Command): void {
  const { ctx, run, completedEventId } = scope;
  const attributes = command.continueAsNewWorkflowExecutionCommandAttributes ?? {};
  const { state } = run;
  const visibility = run.visibility ?? ctx.executions.loadVisibility(state.runId);
  const workflowType = attributes.workflowType?.name ? attributes.workflowType : { name: state.workflowType };
  const taskQueue = attributes.taskQueue?.name ? attributes.taskQueue : { name: state.taskQueue };
  const runTimeout =
    attributes.workflowRunTimeout ?? (state.runTimeoutMs ? durationFromMs(state.runTimeoutMs) : undefined);
  const taskTimeout = attributes.workflowTaskTimeout ?? durationFromMs(state.workflowTaskTimeoutMs);
  const memo = attributes.memo ?? (visibility.memo ? common.Memo.decode(visibility.memo) : undefined);
  const searchAttributes =
    attributes.searchAttributes ??
    (state.searchAttributes
      ? common.SearchAttributes.decode(Buffer.from(state.searchAttributes, 'base64'))
      : undefined);

  const request: StartRequest = {
    namespace: state.namespace,
    workflowId: state.workflowId,
    workflowType,
    taskQueue,
    input: attributes.input,
    workflowRunTimeout: runTimeout,
    workflowTaskTimeout: taskTimeout,
    identity: scope.identity,
    header: attributes.header,
    memo,
    searchAttributes,
    retryPolicy: attributes.retryPolicy,
    workflowStartDelay: attributes.backoffStartInterval,
  };
  const next = createRun(ctx, {
    namespace: state.namespace,
    request,
    firstExecutionRunId: state.firstExecutionRunId,
    continuedExecutionRunId: state.runId,
    initiator: attributes.initiator || enums.ContinueAsNewInitiator.CONTINUE_AS_NEW_INITIATOR_WORKFLOW,
    executionExpirationTime: state.executionExpirationTime,
    parent: state.parent,
    rootWorkflowId: state.rootWorkflowId,
    rootRunId: state.rootRunId,
    continuedFailure: attributes.failure,
    lastCompletionResult: attributes.lastCompletionResult,
  });
  next.state.executionTimeoutMs = state.executionTimeoutMs;

  closeExecution(
    run,
    WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_CONTINUED_AS_NEW,
    EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW,
    {
      workflowExecutionContinuedAsNewEventAttributes: {
        newExecutionRunId: next.state.runId,
        workflowType,
        taskQueue: { name: taskQueue.name, kind: enums.TaskQueueKind.TASK_QUEUE_KIND_NORMAL },
        input: attributes.input,
        workflowRunTimeout: runTimeout,
        workflowTaskTimeout: taskTimeout,
        workflowTaskCompletedEventId: completedEventId,
        backoffStartInterval: attributes.backoffStartInterval,
        initiator: attributes.initiator,
        failure: attributes.failure,
        lastCompletionResult: attributes.lastCompletionResult,
        header: attributes.header,
        memo,
        searchAttributes,
      },
    },
    scope.retentionMs,
  );
  run.continuedAs = next.state.runId;
  ctx.save(next);
  ctx.executions.setCurrentRun(state.namespace, state.workflowId, next.state.runId);
}
