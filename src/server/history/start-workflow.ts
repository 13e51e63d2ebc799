/** StartWorkflowExecution and SignalWithStartWorkflowExecution, with Temporal's id reuse and conflict policies. */
import { enums, WorkflowExecutionStatus, type temporal, type Relaxed } from '../proto/temporal-proto';
import { invalidArgument, workflowAlreadyStarted } from '../errors/rpc-error';
import type { ServerContext } from './server-context';
import type { MutableExecution } from './mutable-execution';
import { createRun, type NewRunOptions } from './new-run';
import { searchAttributeProblem } from './search-attribute-validation';
import { terminateRun, appendSignal } from './workflow-control';
import { cronBackoffMs, parseCronSchedule } from './cron-schedule';
import { msFromDuration } from '../proto/time';

type StartRequest = Relaxed<temporal.api.workflowservice.v1.IStartWorkflowExecutionRequest>;
const Conflict = enums.WorkflowIdConflictPolicy;
const Reuse = enums.WorkflowIdReusePolicy;

export function validateStartRequest(request: StartRequest): void {
  if (!request.workflowId) throw invalidArgument('WorkflowId is not set on request.');
  if (!request.workflowType?.name) throw invalidArgument('WorkflowType is not set on request.');
  if (!request.taskQueue?.name) throw invalidArgument('TaskQueue is not set on request.');
  for (const field of ['workflowExecutionTimeout', 'workflowRunTimeout', 'workflowTaskTimeout'] as const) {
    const value = request[field];
    if (value && (Number(value.seconds ?? 0) < 0 || (value.nanos ?? 0) < 0)) throw invalidArgument(`Invalid ${field}.`);
  }
  if (request.cronSchedule) {
    const schedule = parseCronSchedule(request.cronSchedule);
    if (typeof schedule === 'string') throw invalidArgument(schedule);
    if ((msFromDuration(request.workflowStartDelay) ?? 0) > 0) {
      throw invalidArgument('CronSchedule and WorkflowStartDelay may not be used together.');
    }
  }
}

/** A cron workflow's first run waits for the schedule's next time, and is initiated by the schedule (as in Temporal). */
function cronStartOptions(ctx: ServerContext, request: StartRequest): Partial<NewRunOptions> {
  if (!request.cronSchedule) return {};
  const now = ctx.now();
  return {
    initiator: enums.ContinueAsNewInitiator.CONTINUE_AS_NEW_INITIATOR_CRON_SCHEDULE,
    firstWorkflowTaskBackoffMs: Math.max(0, cronBackoffMs(request.cronSchedule, now, now) ?? 0),
  };
}

export interface StartOutcome {
  runId: string;
  started: boolean;
}

/**
 * Starts a run unless the id policies forbid it. `onExisting` lets signal-with-start signal a running run instead.
 */
export function startWorkflow(
  ctx: ServerContext,
  namespace: string,
  request: StartRequest,
  options: {
    onRunning?: (run: MutableExecution) => StartOutcome;
    afterStarted?: (run: MutableExecution) => void;
    /** For a child workflow: its parent and root. */
    lineage?: Pick<NewRunOptions, 'parent' | 'rootWorkflowId' | 'rootRunId'>;
  } = {},
): StartOutcome {
  validateStartRequest(request);
  const attributeProblem = searchAttributeProblem(ctx, namespace, request.searchAttributes?.indexedFields);
  if (attributeProblem) throw invalidArgument(attributeProblem);
  return ctx.transact(() => {
    const workflowId = request.workflowId!;
    const currentRunId = ctx.executions.currentRunId(namespace, workflowId);
    const current = currentRunId ? ctx.load(currentRunId) : undefined;
    const retentionMs = ctx.namespaces.get(namespace)?.retentionMs ?? 0;
    // A retry of the request that started the current run gets that run back, open or closed (as in Temporal).
    if (current && request.requestId && current.state.startRequestId === request.requestId) {
      return { runId: current.state.runId, started: true };
    }
    if (current?.isOpen) {
      if (options.onRunning) return options.onRunning(current);
      const conflict = request.workflowIdConflictPolicy || Conflict.WORKFLOW_ID_CONFLICT_POLICY_FAIL;
      const terminateIfRunning = request.workflowIdReusePolicy === Reuse.WORKFLOW_ID_REUSE_POLICY_TERMINATE_IF_RUNNING;
      if (conflict === Conflict.WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING) {
        return { runId: current.state.runId, started: false };
      }
      if (conflict === Conflict.WORKFLOW_ID_CONFLICT_POLICY_TERMINATE_EXISTING || terminateIfRunning) {
        terminateRun(
          current,
          'terminated by a new start with the same workflow id',
          null,
          request.identity ?? '',
          retentionMs,
        );
        ctx.save(current);
      } else {
        throw workflowAlreadyStarted(
          `Workflow execution is already running. WorkflowId: ${workflowId}, RunId: ${current.state.runId}.`,
          current.state.startRequestId,
          current.state.runId,
        );
      }
    } else if (current) {
      rejectByReusePolicy(request, current);
    }
    const run = createRun(ctx, {
      namespace,
      request,
      afterStarted: options.afterStarted,
      ...options.lineage,
      ...cronStartOptions(ctx, request),
    });
    ctx.save(run);
    ctx.executions.setCurrentRun(namespace, workflowId, run.state.runId);
    return { runId: run.state.runId, started: true };
  });
}

function rejectByReusePolicy(request: StartRequest, closed: MutableExecution): void {
  const policy = request.workflowIdReusePolicy || Reuse.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE;
  const { state } = closed;
  const message = (why: string) =>
    `Workflow execution already finished ${why}. WorkflowId: ${state.workflowId}, RunId: ${state.runId}.`;
  if (policy === Reuse.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE) {
    throw workflowAlreadyStarted(
      message('and WorkflowIdReusePolicy is RejectDuplicate'),
      state.startRequestId,
      state.runId,
    );
  }
  if (policy === Reuse.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE_FAILED_ONLY) {
    const failedOnly = [
      WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_FAILED,
      WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_CANCELED,
      WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_TERMINATED,
      WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_TIMED_OUT,
    ];
    if (!failedOnly.includes(state.status)) {
      throw workflowAlreadyStarted(
        message('successfully and WorkflowIdReusePolicy is AllowDuplicateFailedOnly'),
        state.startRequestId,
        state.runId,
      );
    }
  }
}

export function signalWithStart(
  ctx: ServerContext,
  namespace: string,
  request: Relaxed<temporal.api.workflowservice.v1.ISignalWithStartWorkflowExecutionRequest>,
): StartOutcome {
  if (!request.signalName) throw invalidArgument('SignalName is not set on request.');
  const signal = {
    signalName: request.signalName,
    input: request.signalInput,
    identity: request.identity,
    header: request.header,
    requestId: request.requestId,
  };
  return startWorkflow(ctx, namespace, request as StartRequest, {
    onRunning: (run) => {
      appendSignal(run, signal);
      ctx.save(run);
      return { runId: run.state.runId, started: false };
    },
    afterStarted: (run) => appendSignal(run, signal),
  });
}
