/** RPCs that start, signal, cancel, terminate, describe and read the history of workflow executions. */
import { enums } from '../../proto/temporal-proto';
import { durationFromMs } from '../../proto/time';
import { invalidArgument, notFound } from '../../errors/rpc-error';
import { requireNamespace, type WorkflowServiceHandlers } from '../handler-env';
import { signalWithStart, startWorkflow } from '../../history/start-workflow';
import { requestCancelWorkflow, signalWorkflow, terminateWorkflow } from '../../history/workflow-control';
import { resolveRunId, type ExecutionRef } from '../../history/run-lookup';
import { resetWorkflow } from '../../history/workflow-reset';
import { decodePageToken, encodePageToken, readHistoryPage, type HistoryPageToken } from '../../history/history-pages';
import { executionInfo, pendingActivities, pendingWorkflowTask } from './execution-info';
import type { ExecutionState } from '../../history/execution-state';
import type { CallEnv } from '../handler-env';
import type { HistoryChangeFilter } from '../history-watchers';

const DEFAULT_HISTORY_PAGE_SIZE = 1000;
const MAX_HISTORY_PAGE_SIZE = 10_000;

function loadState(
  env: CallEnv,
  namespace: string,
  execution: { workflowId?: string | null; runId?: string | null } | null | undefined,
): ExecutionState {
  const runId = resolveRunId(env.ctx, namespace, execution);
  const state = env.ctx.executions.loadState(runId);
  if (!state || state.namespace !== namespace || state.workflowId !== execution?.workflowId) {
    throw notFound(`workflow not found for ID: ${execution?.workflowId}`);
  }
  return state;
}

/** The run a cancel or terminate names, restricted to the chain of firstExecutionRunId when given. */
function chainRef(request: {
  workflowExecution?: ExecutionRef | null;
  firstExecutionRunId?: string | null;
}): ExecutionRef {
  return { ...request.workflowExecution, firstExecutionRunId: request.firstExecutionRunId };
}

export const executionHandlers = {
  StartWorkflowExecution(request, env) {
    const namespace = requireNamespace(env, request.namespace).name;
    const outcome = startWorkflow(env.ctx, namespace, request);
    return { runId: outcome.runId, started: outcome.started };
  },

  SignalWithStartWorkflowExecution(request, env) {
    const namespace = requireNamespace(env, request.namespace).name;
    const outcome = signalWithStart(env.ctx, namespace, request);
    return { runId: outcome.runId, started: outcome.started };
  },

  SignalWorkflowExecution(request, env) {
    const namespace = requireNamespace(env, request.namespace).name;
    if (!request.signalName) throw invalidArgument('SignalName is not set on request.');
    signalWorkflow(env.ctx, namespace, request.workflowExecution, {
      signalName: request.signalName,
      input: request.input,
      identity: request.identity,
      header: request.header,
      requestId: request.requestId,
    });
    return {};
  },

  RequestCancelWorkflowExecution(request, env) {
    const namespace = requireNamespace(env, request.namespace).name;
    requestCancelWorkflow(env.ctx, namespace, chainRef(request), request.identity ?? '', request.reason ?? '');
    return {};
  },

  TerminateWorkflowExecution(request, env) {
    const namespace = requireNamespace(env, request.namespace).name;
    terminateWorkflow(
      env.ctx,
      namespace,
      chainRef(request),
      request.reason ?? '',
      request.details,
      request.identity ?? '',
    );
    return {};
  },

  ResetWorkflowExecution(request, env) {
    const namespace = requireNamespace(env, request.namespace).name;
    return { runId: resetWorkflow(env.ctx, namespace, request) };
  },

  DescribeWorkflowExecution(request, env) {
    const namespace = requireNamespace(env, request.namespace).name;
    const state = loadState(env, namespace, request.execution);
    return {
      executionConfig: {
        taskQueue: { name: state.taskQueue, kind: enums.TaskQueueKind.TASK_QUEUE_KIND_NORMAL },
        workflowExecutionTimeout: state.executionTimeoutMs ? durationFromMs(state.executionTimeoutMs) : undefined,
        workflowRunTimeout: state.runTimeoutMs ? durationFromMs(state.runTimeoutMs) : undefined,
        defaultWorkflowTaskTimeout: durationFromMs(state.workflowTaskTimeoutMs),
      },
      workflowExecutionInfo: executionInfo(state, env.ctx.executions.loadVisibility(state.runId)),
      pendingActivities: pendingActivities(state),
      pendingChildren: Object.entries(state.children ?? {}).map(([initiatedId, child]) => ({
        workflowId: child.workflowId,
        runId: child.runId,
        workflowTypeName: child.workflowType,
        initiatedId: Number(initiatedId),
        parentClosePolicy: child.parentClosePolicy,
      })),
      pendingWorkflowTask: pendingWorkflowTask(state),
    };
  },

  /** Newest events first, as the Temporal UI reads them; the page token is the id to continue below. */
  GetWorkflowExecutionHistoryReverse(request, env) {
    const namespace = requireNamespace(env, request.namespace).name;
    const pageSize = Math.min(request.maximumPageSize || DEFAULT_HISTORY_PAGE_SIZE, MAX_HISTORY_PAGE_SIZE);
    const token: HistoryPageToken | undefined = request.nextPageToken?.length
      ? decodePageToken(request.nextPageToken)
      : undefined;
    const state = token ? env.ctx.executions.loadState(token.runId) : loadState(env, namespace, request.execution);
    if (!state) throw notFound(`workflow not found for ID: ${request.execution?.workflowId}`);
    const from = token ? token.nextEventId : state.nextEventId - 1;
    const events = env.ctx.executions.readEventsDescending(state.runId, from, pageSize);
    const next = from - events.length;
    return {
      history: { events },
      nextPageToken: next >= 1 ? encodePageToken({ runId: state.runId, nextEventId: next }) : new Uint8Array(),
    };
  },

  async GetWorkflowExecutionHistory(request, env) {
    const namespace = requireNamespace(env, request.namespace).name;
    const pageSize = Math.min(request.maximumPageSize || DEFAULT_HISTORY_PAGE_SIZE, MAX_HISTORY_PAGE_SIZE);
    const token: HistoryPageToken | undefined = request.nextPageToken?.length
      ? decodePageToken(request.nextPageToken)
      : undefined;
    const runId = token?.runId ?? loadState(env, namespace, request.execution).runId;
    const closeEventOnly =
      request.historyEventFilterType === enums.HistoryEventFilterType.HISTORY_EVENT_FILTER_TYPE_CLOSE_EVENT;
    const longPollEnds = Date.now() + env.historyLongPollMs;

    for (;;) {
      const state = env.ctx.executions.loadState(runId);
      if (!state) throw notFound(`workflow not found for ID: ${request.execution?.workflowId}`);
      const currentLast = state.nextEventId - 1;
      const open = state.closeTime === undefined;
      const follow = request.waitNewEvent && open;
      if (closeEventOnly) {
        if (!open) return { history: { events: env.ctx.executions.readEvents(runId, currentLast, currentLast) } };
      } else {
        const from: HistoryPageToken = token ?? { runId, nextEventId: 1 };
        const lastEventId = from.lastEventId ?? currentLast;
        if (from.nextEventId <= lastEventId || from.tail?.length) {
          const page = readHistoryPage(env.ctx, from, lastEventId, pageSize);
          if (page.nextPageToken.length > 0) {
            const next = decodePageToken(page.nextPageToken);
            if (from.lastEventId === undefined) delete next.lastEventId;
            return { history: page.history, nextPageToken: encodePageToken(next) };
          }
          const nextPageToken = follow ? encodePageToken({ runId, nextEventId: lastEventId + 1 }) : new Uint8Array();
          return { history: page.history, nextPageToken };
        }
      }
      if (!follow || env.abort.aborted) {
        return {
          history: { events: [] },
          nextPageToken: follow ? encodePageToken({ runId, nextEventId: currentLast + 1 }) : new Uint8Array(),
        };
      }
      const changed = await waitForHistory(env, runId, state.nextEventId, longPollEnds, closeEventOnly);
      if (!changed) {
        // The long poll expired with nothing new: the caller polls again with this token.
        return {
          history: { events: [] },
          nextPageToken: encodePageToken(token ?? { runId, nextEventId: currentLast + 1 }),
        };
      }
    }
  },
} satisfies WorkflowServiceHandlers;

/**
 * Waits for the run to grow or close (only to close, for a caller that wants just the close event); false when the long
 * poll expired first. Changes that add no event (an activity starting) do not end the wait, or every caller following
 * a run would poll again at each of them.
 */
async function waitForHistory(
  env: CallEnv,
  runId: string,
  nextEventIdBefore: number,
  longPollEnds: number,
  closeOnly: boolean,
): Promise<boolean> {
  const wakesOn: HistoryChangeFilter = closeOnly
    ? (change) => change.closed
    : (change) => change.closed || change.nextEventId !== nextEventIdBefore;
  for (;;) {
    await env.historyWatchers.waitForChange(runId, Math.max(0, longPollEnds - Date.now()), env.abort, wakesOn);
    const after = env.ctx.executions.loadState(runId);
    if (after === undefined) return false;
    if (after.nextEventId !== nextEventIdBefore || after.closeTime !== undefined) return true;
    if (Date.now() >= longPollEnds || env.abort.aborted) return false;
  }
}
