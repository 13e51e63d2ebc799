/** SignalExternalWorkflowExecution and RequestCancelExternalWorkflowExecution commands. */
import { enums, EventType, type Command } from '../proto/temporal-proto';
import type { CommandScope } from './workflow-commands';
import type { MutableExecution } from './mutable-execution';
import { CommandRejection } from './command-rejection';
import { deliverEvent } from './workflow-task-scheduling';
import { appendSignal, requestCancelRun } from './workflow-control';

const Cause = enums.WorkflowTaskFailedCause;

/** The open target run, or undefined. A workflow may target itself: then the loaded run is the one in hand. */
function loadTarget(
  scope: CommandScope,
  namespace: string,
  workflowId: string,
  runId: string | null | undefined,
): MutableExecution | undefined {
  const { ctx, run } = scope;
  const targetRunId = runId || ctx.executions.currentRunId(namespace, workflowId);
  if (!targetRunId) return undefined;
  if (targetRunId === run.state.runId) return run;
  const target = ctx.load(targetRunId);
  if (!target || !target.isOpen || target.state.namespace !== namespace || target.state.workflowId !== workflowId)
    return undefined;
  return target;
}

function isChildOf(scope: CommandScope, target: MutableExecution): boolean {
  return target.state.parent?.runId === scope.run.state.runId;
}

export function signalExternalWorkflow(scope: CommandScope, command: Command): void {
  const { ctx, run, completedEventId } = scope;
  const attributes = command.signalExternalWorkflowExecutionCommandAttributes ?? {};
  const workflowId = attributes.execution?.workflowId;
  if (!workflowId || !attributes.signalName) {
    throw new CommandRejection(
      Cause.WORKFLOW_TASK_FAILED_CAUSE_BAD_SIGNAL_WORKFLOW_EXECUTION_ATTRIBUTES,
      'WorkflowId and SignalName must be set on SignalExternalWorkflowExecutionCommand.',
    );
  }
  const namespace = attributes.namespace || run.state.namespace;
  const initiatedEventId = run.appendEvent(EventType.EVENT_TYPE_SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_INITIATED, {
    signalExternalWorkflowExecutionInitiatedEventAttributes: {
      workflowTaskCompletedEventId: completedEventId,
      namespace,
      workflowExecution: attributes.execution,
      signalName: attributes.signalName,
      input: attributes.input,
      control: attributes.control,
      childWorkflowOnly: attributes.childWorkflowOnly,
      header: attributes.header,
    },
  });
  const target = loadTarget(scope, namespace, workflowId, attributes.execution?.runId);
  if (!target || (attributes.childWorkflowOnly && !isChildOf(scope, target))) {
    deliverEvent(run, EventType.EVENT_TYPE_SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_FAILED, {
      signalExternalWorkflowExecutionFailedEventAttributes: {
        cause:
          enums.SignalExternalWorkflowExecutionFailedCause
            .SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_FAILED_CAUSE_EXTERNAL_WORKFLOW_EXECUTION_NOT_FOUND,
        workflowTaskCompletedEventId: completedEventId,
        namespace,
        workflowExecution: attributes.execution,
        initiatedEventId,
        control: attributes.control,
      },
    });
    return;
  }
  appendSignal(target, {
    signalName: attributes.signalName,
    input: attributes.input,
    identity: scope.identity,
    header: attributes.header,
  });
  if (target !== run) ctx.save(target);
  deliverEvent(run, EventType.EVENT_TYPE_EXTERNAL_WORKFLOW_EXECUTION_SIGNALED, {
    externalWorkflowExecutionSignaledEventAttributes: {
      initiatedEventId,
      namespace,
      workflowExecution: { workflowId, runId: target.state.runId },
      control: attributes.control,
    },
  });
}

export function requestCancelExternalWorkflow(scope: CommandScope, command: Command): void {
  const { ctx, run, completedEventId } = scope;
  const attributes = command.requestCancelExternalWorkflowExecutionCommandAttributes ?? {};
  if (!attributes.workflowId) {
    throw new CommandRejection(
      Cause.WORKFLOW_TASK_FAILED_CAUSE_BAD_REQUEST_CANCEL_EXTERNAL_WORKFLOW_EXECUTION_ATTRIBUTES,
      'WorkflowId is not set on RequestCancelExternalWorkflowExecutionCommand.',
    );
  }
  const namespace = attributes.namespace || run.state.namespace;
  const execution = { workflowId: attributes.workflowId, runId: attributes.runId ?? '' };
  const initiatedEventId = run.appendEvent(EventType.EVENT_TYPE_REQUEST_CANCEL_EXTERNAL_WORKFLOW_EXECUTION_INITIATED, {
    requestCancelExternalWorkflowExecutionInitiatedEventAttributes: {
      workflowTaskCompletedEventId: completedEventId,
      namespace,
      workflowExecution: execution,
      control: attributes.control,
      childWorkflowOnly: attributes.childWorkflowOnly,
      reason: attributes.reason,
    },
  });
  const target = loadTarget(scope, namespace, attributes.workflowId, attributes.runId);
  if (!target || target === run || (attributes.childWorkflowOnly && !isChildOf(scope, target))) {
    deliverEvent(run, EventType.EVENT_TYPE_REQUEST_CANCEL_EXTERNAL_WORKFLOW_EXECUTION_FAILED, {
      requestCancelExternalWorkflowExecutionFailedEventAttributes: {
        cause:
          enums.CancelExternalWorkflowExecutionFailedCause
            .CANCEL_EXTERNAL_WORKFLOW_EXECUTION_FAILED_CAUSE_EXTERNAL_WORKFLOW_EXECUTION_NOT_FOUND,
        workflowTaskCompletedEventId: completedEventId,
        namespace,
        workflowExecution: execution,
        initiatedEventId,
        control: attributes.control,
      },
    });
    return;
  }
  requestCancelRun(target, attributes.reason ?? '', scope.identity, {
    initiatedEventId,
    workflowExecution: { workflowId: run.state.workflowId, runId: run.state.runId },
  });
  ctx.save(target);
  deliverEvent(run, EventType.EVENT_TYPE_EXTERNAL_WORKFLOW_EXECUTION_CANCEL_REQUESTED, {
    externalWorkflowExecutionCancelRequestedEventAttributes: {
      initiatedEventId,
      namespace,
      workflowExecution: { workflowId: attributes.workflowId, runId: target.state.runId },
    },
  });
}
