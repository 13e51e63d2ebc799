/**
 * QueryWorkflow and RespondQueryTaskCompleted. Queries reach workers riding on a workflow task of their run, or, when
 * the run has none, as legacy query tasks with full history.
 */
import { enums, WorkflowExecutionStatus, type temporal, type Relaxed } from '../../proto/temporal-proto';
import { deadlineExceeded, failedPrecondition, invalidArgument, notFound, queryFailed } from '../../errors/rpc-error';
import { requireNamespace, type CallEnv, type WorkflowServiceHandlers } from '../handler-env';
import { resolveRunId } from '../../history/run-lookup';
import { decodeTaskToken, encodeTaskToken, type TaskToken } from '../../history/task-token';
import { readHistoryPage } from '../../history/history-pages';
import { POLL_HISTORY_PAGE_SIZE, type PollResponse } from '../../history/workflow-task-lifecycle';
import { taskQueueProto } from '../../history/workflow-task-scheduling';

const Reject = enums.QueryRejectCondition;

function rejectedStatus(condition: number, status: number): boolean {
  if (condition === Reject.QUERY_REJECT_CONDITION_NOT_OPEN)
    return status !== WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING;
  if (condition === Reject.QUERY_REJECT_CONDITION_NOT_COMPLETED_CLEANLY) {
    return (
      status !== WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING &&
      status !== WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED
    );
  }
  return false;
}

/** A pending query of this queue whose run has no workflow task in the way, as a poll response. */
export function legacyQueryTask(env: CallEnv, namespace: string, taskQueue: string) {
  const query = env.queries.claim(namespace, taskQueue, (runId) => {
    const state = env.ctx.executions.loadState(runId);
    return state !== undefined && (state.closeTime !== undefined || state.workflowTask === undefined);
  });
  if (!query) return undefined;
  const state = env.ctx.executions.loadState(query.runId);
  if (!state) {
    env.queries.answer(query.id, {
      completedType: enums.QueryResultType.QUERY_RESULT_TYPE_FAILED,
      errorMessage: 'workflow not found',
    });
    return undefined;
  }
  const lastEventId = state.nextEventId - 1;
  const page = readHistoryPage(
    env.ctx,
    { runId: state.runId, nextEventId: 1, lastEventId },
    lastEventId,
    POLL_HISTORY_PAGE_SIZE,
  );
  return {
    taskToken: encodeTaskToken({ kind: 'query', namespace, queryId: query.id }),
    workflowExecution: { workflowId: state.workflowId, runId: state.runId },
    workflowType: { name: state.workflowType },
    previousStartedEventId: state.lastCompletedStartedEventId,
    startedEventId: 0,
    attempt: 1,
    history: page.history,
    nextPageToken: page.nextPageToken,
    query: query.query,
    workflowExecutionTaskQueue: taskQueueProto(state.taskQueue),
  };
}

type WorkflowTaskResponse = PollResponse;
type WorkflowQueryResults =
  Relaxed<temporal.api.workflowservice.v1.IRespondWorkflowTaskCompletedRequest>['queryResults'];

/** The key of a started workflow task among its run's tasks. */
function workflowTaskKey(token: TaskToken): string {
  return token.kind === 'workflow' ? String(token.stamp) : '';
}

/**
 * Queries waiting on the run ride on the workflow task just started for it, as in Temporal: the worker answers them in
 * the task's completion, so a run that always has a task pending (a steady stream of signals) still answers queries.
 */
export function withWaitingQueries(
  env: CallEnv,
  response: WorkflowTaskResponse | undefined,
): WorkflowTaskResponse | undefined {
  if (!response?.taskToken || !response.workflowExecution?.runId) return response;
  const token = decodeTaskToken(response.taskToken);
  const queries = env.queries.attachToWorkflowTask(response.workflowExecution.runId, workflowTaskKey(token));
  return queries ? { ...response, queries } : response;
}

/** After a workflow task ended: answers the queries it carried from the completion's results, re-queues the rest. */
export function settleRidingQueries(env: CallEnv, token: TaskToken, results: WorkflowQueryResults | undefined): void {
  if (token.kind !== 'workflow') return;
  for (const [queryId, result] of Object.entries(results ?? {})) {
    env.queries.answer(queryId, {
      completedType: result.resultType ?? enums.QueryResultType.QUERY_RESULT_TYPE_UNSPECIFIED,
      queryResult: result.answer,
      errorMessage: result.errorMessage ?? '',
      failure: result.failure,
    });
  }
  env.queries.releaseAttached(token.runId, workflowTaskKey(token));
}

export const queryHandlers = {
  async QueryWorkflow(request, env) {
    const namespace = requireNamespace(env, request.namespace).name;
    if (!request.query?.queryType) throw invalidArgument('QueryType is not set on request.');
    const runId = resolveRunId(env.ctx, namespace, request.execution);
    const state = env.ctx.executions.loadState(runId);
    if (!state || state.namespace !== namespace)
      throw notFound(`workflow not found for ID: ${request.execution?.workflowId}`);
    if (rejectedStatus(request.queryRejectCondition ?? 0, state.status)) {
      return { queryRejected: { status: state.status } };
    }
    if (state.lastCompletedStartedEventId === 0 && state.closeTime !== undefined) {
      throw failedPrecondition('Workflow execution closed before WorkflowTaskStarted event');
    }
    const answer = await env.queries.submit(
      { namespace, taskQueue: state.taskQueue, runId, query: request.query },
      env.abort,
    );
    if (!answer) throw deadlineExceeded('query timed out: no worker answered it in time');
    if (answer.completedType === enums.QueryResultType.QUERY_RESULT_TYPE_ANSWERED) {
      return { queryResult: answer.queryResult };
    }
    throw queryFailed(answer.errorMessage || 'query failed', answer.failure);
  },

  RespondQueryTaskCompleted(request, env) {
    requireNamespace(env, request.namespace);
    const token = decodeTaskToken(request.taskToken);
    if (token.kind !== 'query' || !env.queries.answer(token.queryId, request)) {
      throw notFound('query task not found, or already expired');
    }
    return {};
  },
} satisfies WorkflowServiceHandlers;
