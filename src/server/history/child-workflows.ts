/** Child workflows: StartChildWorkflowExecution, the child's outcome delivered to its parent, and parent close policies. */
import { enums, EventType, history, type Command, type HistoryEvent } from '../proto/temporal-proto';
import { RpcError } from '../errors/rpc-error';
import type { ServerContext } from './server-context';
import type { MutableExecution } from './mutable-execution';
import type { CommandScope } from './workflow-commands';
import { CommandRejection } from './command-rejection';
import { startWorkflow } from './start-workflow';
import { searchAttributeProblem } from './search-attribute-validation';
import { deliverEvent } from './workflow-task-scheduling';
import { requestCancelRun, terminateRun } from './workflow-control';
import { RESETTER_IDENTITY } from './close-execution';

const Cause = enums.WorkflowTaskFailedCause;
const ParentClosePolicy = enums.ParentClosePolicy;

export function startChildWorkflow(scope: CommandScope, command: Command): void {
  const { ctx, run, completedEventId } = scope;
  const attributes = command.startChildWorkflowExecutionCommandAttributes ?? {};
  const reject = (message: string) =>
    new CommandRejection(Cause.WORKFLOW_TASK_FAILED_CAUSE_BAD_START_CHILD_EXECUTION_ATTRIBUTES, message);
  if (!attributes.workflowId) throw reject('WorkflowId is not set on StartChildWorkflowExecutionCommand.');
  if (!attributes.workflowType?.name) throw reject('WorkflowType is not set on StartChildWorkflowExecutionCommand.');
  const namespace = attributes.namespace || run.state.namespace;
  if (!ctx.namespaces.get(namespace)) throw reject(`Namespace ${namespace} is not found.`);
  const taskQueue = attributes.taskQueue?.name ? attributes.taskQueue : { name: run.state.taskQueue };
  const parentClosePolicy = attributes.parentClosePolicy || ParentClosePolicy.PARENT_CLOSE_POLICY_TERMINATE;
  const attributeProblem = searchAttributeProblem(ctx, namespace, attributes.searchAttributes?.indexedFields);
  if (attributeProblem)
    throw new CommandRejection(Cause.WORKFLOW_TASK_FAILED_CAUSE_BAD_SEARCH_ATTRIBUTES, attributeProblem);

  const initiatedEventId = run.appendEvent(EventType.EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_INITIATED, {
    startChildWorkflowExecutionInitiatedEventAttributes: {
      ...attributes,
      namespace,
      taskQueue,
      parentClosePolicy,
      workflowTaskCompletedEventId: completedEventId,
    },
  });

  let runId: string;
  try {
    runId = startWorkflow(
      ctx,
      namespace,
      {
        namespace,
        workflowId: attributes.workflowId,
        workflowType: attributes.workflowType,
        taskQueue,
        input: attributes.input,
        workflowExecutionTimeout: attributes.workflowExecutionTimeout,
        workflowRunTimeout: attributes.workflowRunTimeout,
        workflowTaskTimeout: attributes.workflowTaskTimeout,
        identity: scope.identity,
        workflowIdReusePolicy: attributes.workflowIdReusePolicy,
        retryPolicy: attributes.retryPolicy,
        cronSchedule: attributes.cronSchedule,
        header: attributes.header,
        memo: attributes.memo,
        searchAttributes: attributes.searchAttributes,
        priority: attributes.priority,
      },
      {
        lineage: {
          parent: {
            namespace: run.state.namespace,
            workflowId: run.state.workflowId,
            runId: run.state.runId,
            initiatedEventId,
          },
          rootWorkflowId: run.state.rootWorkflowId,
          rootRunId: run.state.rootRunId,
        },
      },
    ).runId;
  } catch (err) {
    if (!(err instanceof RpcError) || err.code !== 6 /* ALREADY_EXISTS */) throw err;
    deliverEvent(run, EventType.EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_FAILED, {
      startChildWorkflowExecutionFailedEventAttributes: {
        namespace,
        workflowId: attributes.workflowId,
        workflowType: attributes.workflowType,
        cause:
          enums.StartChildWorkflowExecutionFailedCause
            .START_CHILD_WORKFLOW_EXECUTION_FAILED_CAUSE_WORKFLOW_ALREADY_EXISTS,
        initiatedEventId,
        workflowTaskCompletedEventId: completedEventId,
      },
    });
    return;
  }
  run.state.children ??= {};
  run.state.children[String(initiatedEventId)] = {
    namespace,
    workflowId: attributes.workflowId,
    runId,
    workflowType: attributes.workflowType.name,
    parentClosePolicy,
  };
  deliverEvent(run, EventType.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_STARTED, {
    childWorkflowExecutionStartedEventAttributes: {
      namespace,
      initiatedEventId,
      workflowExecution: { workflowId: attributes.workflowId, runId },
      workflowType: attributes.workflowType,
      header: attributes.header,
    },
  });
}

/** The event the parent sees for a child that closed with `closing`. */
function childOutcome(
  closing: HistoryEvent,
  base: Record<string, unknown>,
): { type: EventType; attributes: Partial<HistoryEvent> } | undefined {
  if (closing.workflowExecutionCompletedEventAttributes) {
    return {
      type: EventType.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_COMPLETED,
      attributes: {
        childWorkflowExecutionCompletedEventAttributes: {
          ...base,
          result: closing.workflowExecutionCompletedEventAttributes.result,
        },
      },
    };
  }
  if (closing.workflowExecutionFailedEventAttributes) {
    const { failure, retryState } = closing.workflowExecutionFailedEventAttributes;
    return {
      type: EventType.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_FAILED,
      attributes: { childWorkflowExecutionFailedEventAttributes: { ...base, failure, retryState } },
    };
  }
  if (closing.workflowExecutionCanceledEventAttributes) {
    return {
      type: EventType.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_CANCELED,
      attributes: {
        childWorkflowExecutionCanceledEventAttributes: {
          ...base,
          details: closing.workflowExecutionCanceledEventAttributes.details,
        },
      },
    };
  }
  if (closing.workflowExecutionTimedOutEventAttributes) {
    return {
      type: EventType.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_TIMED_OUT,
      attributes: {
        childWorkflowExecutionTimedOutEventAttributes: {
          ...base,
          retryState: closing.workflowExecutionTimedOutEventAttributes.retryState,
        },
      },
    };
  }
  if (closing.workflowExecutionTerminatedEventAttributes) {
    return {
      type: EventType.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_TERMINATED,
      attributes: { childWorkflowExecutionTerminatedEventAttributes: base },
    };
  }
  return undefined;
}

/** Temporal's limit on following a parent's reset chain (recordchildworkflowcompleted). */
const MAX_RESET_REDIRECTS = 100;

/** The run a child's outcome goes to: its parent run, or the run that replaced it by reset if that one closed. */
function parentRunOf(ctx: ServerContext, runId: string): MutableExecution | undefined {
  let parent = ctx.load(runId);
  for (let hops = 0; parent && !parent.isOpen && parent.state.resetRunId && hops < MAX_RESET_REDIRECTS; hops++) {
    parent = ctx.load(parent.state.resetRunId);
  }
  return parent;
}

/** A child run closed for good (not continued as new): tell its parent. */
function notifyParent(ctx: ServerContext, child: MutableExecution, closing: HistoryEvent): void {
  const link = child.state.parent;
  if (!link) return;
  const parent = parentRunOf(ctx, link.runId);
  const entry = parent?.state.children?.[String(link.initiatedEventId)];
  if (!parent || !parent.isOpen || !entry) return;
  // The same check as Temporal's: a run reached through a reset may have started another child at that event id.
  if (entry.workflowId !== child.state.workflowId || (entry.runId && entry.runId !== child.state.firstExecutionRunId))
    return;
  delete parent.state.children![String(link.initiatedEventId)];
  const outcome = childOutcome(closing, {
    namespace: child.state.namespace,
    workflowExecution: { workflowId: child.state.workflowId, runId: child.state.runId },
    workflowType: { name: child.state.workflowType },
    initiatedEventId: link.initiatedEventId,
    startedEventId: entry.startedEventId ?? 0,
  });
  if (!outcome) return;
  deliverEvent(parent, outcome.type, outcome.attributes);
  ctx.save(parent);
}

/** The parent run closed: apply each open child's parent close policy. */
function applyParentClosePolicies(ctx: ServerContext, parent: MutableExecution): void {
  const children = parent.state.children ?? {};
  parent.state.children = {};
  for (const child of Object.values(children)) {
    if (child.parentClosePolicy === ParentClosePolicy.PARENT_CLOSE_POLICY_ABANDON) continue;
    const runId = ctx.executions.currentRunId(child.namespace, child.workflowId);
    const run = runId ? ctx.load(runId) : undefined;
    if (!run || !run.isOpen || run.state.parent?.runId !== parent.state.runId) continue;
    const retentionMs = ctx.namespaces.get(child.namespace)?.retentionMs ?? 0;
    if (child.parentClosePolicy === ParentClosePolicy.PARENT_CLOSE_POLICY_REQUEST_CANCEL) {
      requestCancelRun(run, 'by parent close policy', 'history-service');
    } else {
      terminateRun(run, 'by parent close policy', null, 'history-service', retentionMs);
    }
    ctx.save(run);
  }
}

/**
 * Runs inside the transaction that closed `run`, after its state was written. A run terminated by a reset keeps its
 * children running, as in Temporal: the new run still waits for them and receives their outcomes.
 */
export function onRunClosed(ctx: ServerContext, run: MutableExecution, closingEventBytes: Uint8Array): void {
  const closing = history.HistoryEvent.decode(closingEventBytes);
  const closedByReset =
    run.state.resetRunId !== undefined &&
    closing.workflowExecutionTerminatedEventAttributes?.identity === RESETTER_IDENTITY;
  if (!closedByReset && Object.keys(run.state.children ?? {}).length > 0) {
    applyParentClosePolicies(ctx, run);
    ctx.executions.updateExecution(run.state);
  }
  if (!run.continuedAs) notifyParent(ctx, run, closing);
}
