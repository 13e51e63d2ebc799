/** What clients do to a running workflow from outside: signal, request cancellation, terminate. */
import { EventType, WorkflowExecutionStatus, type temporal, type Relaxed } from '../proto/temporal-proto';
import type { ServerContext } from './server-context';
import type { MutableExecution } from './mutable-execution';
import { forceCloseExecution } from './close-execution';
import { deliverEvent } from './workflow-task-scheduling';
import { loadOpenRun, loadRun, requireOpen, type ExecutionRef } from './run-lookup';

type Payloads = Relaxed<temporal.api.common.v1.IPayloads>;
type Header = Relaxed<temporal.api.common.v1.IHeader>;

export interface SignalRequest {
  signalName: string;
  input?: Payloads | null | undefined;
  identity?: string | null | undefined;
  header?: Header | null | undefined;
  /** Set by clients; a request seen before (a retry) is not delivered again, as in Temporal. */
  requestId?: string | null | undefined;
}

/**
 * Temporal remembers every signal request id of a run; retries come within seconds, so the most recent ones
 * are enough here and keep the stored state small for runs with many signals.
 */
const REMEMBERED_SIGNAL_REQUEST_IDS = 1000;

function alreadyDelivered(run: MutableExecution, requestId: string | null | undefined): boolean {
  return !!requestId && (run.state.signalRequestIds ?? []).includes(requestId);
}

export function appendSignal(run: MutableExecution, signal: SignalRequest): void {
  if (alreadyDelivered(run, signal.requestId)) return;
  if (signal.requestId) {
    const ids = (run.state.signalRequestIds ??= []);
    ids.push(signal.requestId);
    if (ids.length > REMEMBERED_SIGNAL_REQUEST_IDS) ids.splice(0, ids.length - REMEMBERED_SIGNAL_REQUEST_IDS);
  }
  deliverEvent(run, EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED, {
    workflowExecutionSignaledEventAttributes: {
      signalName: signal.signalName,
      input: signal.input,
      identity: signal.identity ?? '',
      header: signal.header,
      requestId: signal.requestId ?? '',
    },
  });
}

export function signalWorkflow(
  ctx: ServerContext,
  namespace: string,
  execution: ExecutionRef | null | undefined,
  signal: SignalRequest,
): void {
  ctx.transact(() => {
    const run = loadRun(ctx, namespace, execution);
    // A retry of a delivered signal succeeds even if the run has closed since (Temporal checks this first).
    if (alreadyDelivered(run, signal.requestId)) return;
    appendSignal(requireOpen(run), signal);
    ctx.save(run);
  });
}

/** Records a cancellation request on an open run (once) and gives the workflow a task to see it. */
export function requestCancelRun(
  run: MutableExecution,
  reason: string,
  identity: string,
  external?: { initiatedEventId: number; workflowExecution: { workflowId: string; runId: string } },
): void {
  if (run.state.cancelRequested) return;
  run.state.cancelRequested = true;
  deliverEvent(run, EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CANCEL_REQUESTED, {
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
    const run = loadOpenRun(ctx, namespace, execution);
    requestCancelRun(run, reason, identity);
    ctx.save(run);
  });
}

/** Ends a run at once, as TerminateWorkflowExecution does. */
export function terminateRun(
  run: MutableExecution,
  reason: string,
  details: Payloads | null | undefined,
  identity: string,
  retentionMs: number,
): void {
  forceCloseExecution(
    run,
    WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_TERMINATED,
    EventType.EVENT_TYPE_WORKFLOW_EXECUTION_TERMINATED,
    {
      workflowExecutionTerminatedEventAttributes: { reason, details, identity },
    },
    retentionMs,
  );
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
    const run = loadOpenRun(ctx, namespace, execution);
    terminateRun(run, reason, details, identity, ctx.namespaces.get(namespace)?.retentionMs ?? 0);
    ctx.save(run);
  });
}
