/** What clients do to a running workflow from outside: signal, request cancellation, terminate. */
import { EventType, WorkflowExecutionStatus, type temporal, type Relaxed } from '../proto/temporal-proto';
import type { ServerContext } from './server-context';
import type { MutableExecution } from './mutable-execution';
import { forceCloseExecution } from './close-execution';
import { deliverEvent } from './workflow-task-scheduling';
import { loadOpenRun, type ExecutionRef } from './run-lookup';

type Payloads = Relaxed<temporal.api.common.v1.IPayloads>;
type Header = Relaxed<temporal.api.common.v1.IHeader>;

export function appendSignal(
  ex: MutableExecution,
  signal: { signalName: string; input?: Payloads | null; identity?: string | null; header?: Header | null },
): void {
  deliverEvent(ex, EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED, {
    workflowExecutionSignaledEventAttributes: {
      signalName: signal.signalName,
      input: signal.input,
      identity: signal.identity ?? '',
      header: signal.header,
    },
  });
}

export function signalWorkflow(
  ctx: ServerContext,
  namespace: string,
  execution: ExecutionRef | null | undefined,
  signal: Parameters<typeof appendSignal>[1],
): void {
  ctx.transact(() => {
    const ex = loadOpenRun(ctx, namespace, execution);
    appendSignal(ex, signal);
    ctx.save(ex);
  });
}

/** Records a cancellation request on an open run (once) and gives the workflow a task to see it. */
export function requestCancelRun(
  ex: MutableExecution,
  reason: string,
  identity: string,
  external?: { initiatedEventId: number; workflowExecution: { workflowId: string; runId: string } },
): void {
  if (ex.state.cancelRequested) return;
  ex.state.cancelRequested = true;
  deliverEvent(ex, EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CANCEL_REQUESTED, {
    workflowExecutionCancelRequestedEventAttributes: {
      cause: reason,
      identity,
      externalInitiatedEventId: external?.initiatedEventId ?? 0,
      externalWorkflowExecution: external?.workflowExecution,
    },
  });
}

export function requestCancelWorkflow(
  ctx: ServerContext,
  namespace: string,
  execution: ExecutionRef | null | undefined,
  identity: string,
  reason: string,
): void {
  ctx.transact(() => {
    const ex = loadOpenRun(ctx, namespace, execution);
    requestCancelRun(ex, reason, identity);
    ctx.save(ex);
  });
}

/** Ends a run at once, as TerminateWorkflowExecution does. */
export function terminateRun(ex: MutableExecution, reason: string, details: Payloads | null | undefined, identity: string, retentionMs: number): void {
  forceCloseExecution(ex, WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_TERMINATED, EventType.EVENT_TYPE_WORKFLOW_EXECUTION_TERMINATED, {
    workflowExecutionTerminatedEventAttributes: { reason, details, identity },
  }, retentionMs, identity);
}

export function terminateWorkflow(
  ctx: ServerContext,
  namespace: string,
  execution: ExecutionRef | null | undefined,
  reason: string,
  details: Payloads | null | undefined,
  identity: string,
): void {
  ctx.transact(() => {
    const ex = loadOpenRun(ctx, namespace, execution);
    terminateRun(ex, reason, details, identity, ctx.namespaces.get(namespace)?.retentionMs ?? 0);
    ctx.save(ex);
  });
}
