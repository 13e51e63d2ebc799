/** Worker-facing RPCs: long polls for workflow and activity tasks, and the answers to them. */
import { randomUUID } from 'node:crypto';
import { invalidArgument, notFound } from '../../errors/rpc-error';
import { requireNamespace, type CallEnv, type WorkflowServiceHandlers } from '../handler-env';
import { decodeTaskToken, type TaskToken } from '../../history/task-token';
import type { temporal } from '../../proto/temporal-proto';
import { startWorkflowTask, failWorkflowTask } from '../../history/workflow-task-lifecycle';
import { completeWorkflowTask } from '../../history/workflow-task-completion';
import {
  cancelActivity,
  completeActivity,
  failActivity,
  recordHeartbeat,
  startActivity,
} from '../../history/activity-attempts';
import type { QueuedTask, TaskKind } from '../../store/task-store';
import type { TaskOffer } from '../../matching/task-matcher';
import { legacyQueryTask, settleRidingQueries, withWaitingQueries } from './query-handlers';

/**
 * Claims the offered task, or else the oldest live stored task of the queue, dropping stale ones on the way. Runs in
 * one transaction per task.
 */
function claimTask<T>(
  env: CallEnv,
  namespace: string,
  taskQueue: string,
  kind: TaskKind,
  start: (task: QueuedTask) => T | undefined,
  offer: TaskOffer | undefined,
): T | undefined {
  if (offer) {
    offer.taken = true;
    const result = env.ctx.transact(() => start(offer.task));
    if (result !== undefined) return result;
  }
  let afterId = 0;
  for (;;) {
    const row = env.ctx.tasks.oldest(namespace, taskQueue, kind, afterId);
    if (!row) return undefined;
    afterId = row.id;
    const result = env.ctx.transact(() => {
      env.ctx.tasks.delete(row.id);
      return start(row);
    });
    if (result !== undefined) return result;
  }
}

type PollRequest =
  | temporal.api.workflowservice.v1.IPollWorkflowTaskQueueRequest
  | temporal.api.workflowservice.v1.IPollActivityTaskQueueRequest;

function pollInputs(request: PollRequest, env: CallEnv) {
  const namespace = requireNamespace(env, request.namespace).name;
  const taskQueue = request.taskQueue?.name;
  if (!taskQueue) throw invalidArgument('TaskQueue is not set on request.');
  return { namespace, taskQueue, identity: request.identity || 'unknown' };
}

function workflowTaskToken(request: { taskToken?: Uint8Array | null }): TaskToken {
  const token = decodeTaskToken(request.taskToken);
  if (token.kind !== 'workflow') throw notFound('Workflow task not found.');
  return token;
}

function activityTaskToken(request: { taskToken?: Uint8Array | null }): TaskToken {
  return decodeTaskToken(request.taskToken);
}

type ActivityByIdRequest =
  | temporal.api.workflowservice.v1.IRecordActivityTaskHeartbeatByIdRequest
  | temporal.api.workflowservice.v1.IRespondActivityTaskCompletedByIdRequest
  | temporal.api.workflowservice.v1.IRespondActivityTaskFailedByIdRequest
  | temporal.api.workflowservice.v1.IRespondActivityTaskCanceledByIdRequest;

/** The *ById activity RPCs name the activity instead of carrying a token. */
function activityTokenById(env: CallEnv, request: ActivityByIdRequest): TaskToken {
  const namespace = requireNamespace(env, request.namespace).name;
  if (!request.workflowId) throw invalidArgument('WorkflowId is not set on request.');
  if (!request.activityId) throw invalidArgument('ActivityId is not set on request.');
  const runId = request.runId || env.ctx.executions.currentRunId(namespace, request.workflowId);
  const state = runId ? env.ctx.executions.loadState(runId) : undefined;
  const activity = state && Object.values(state.activities).find((a) => a.activityId === request.activityId);
  if (!state || !activity)
    throw notFound('invalid activityID or activity already timed out or invoking workflow is completed');
  return {
    kind: 'activity',
    namespace: state.namespace,
    runId: state.runId,
    scheduledEventId: activity.scheduledEventId,
    stamp: activity.stamp,
    attempt: activity.attempt,
  };
}

export const taskHandlers = {
  async PollWorkflowTaskQueue(request, env) {
    const { namespace, taskQueue, identity } = pollInputs(request, env);
    const response = await env.matcher.poll(
      namespace,
      taskQueue,
      'workflow',
      identity,
      (offer) =>
        legacyQueryTask(env, namespace, taskQueue) ??
        withWaitingQueries(
          env,
          claimTask(
            env,
            namespace,
            taskQueue,
            'workflow',
            (task) => startWorkflowTask(env.ctx, task, identity, randomUUID()),
            offer,
          ),
        ),
      env.abort,
      request.workerInstanceKey ?? undefined,
    );
    // An expired long poll answers with the empty message, which the worker treats as "nothing yet".
    if (!response) return {};
    // As Temporal's matching: the tasks still waiting on the queue that answered. sdk-core reads it on sticky answers
    // to give its sticky pollers priority while their backlog grows; without it a worker's own tasks wait behind the
    // normal queue's polls (a take-over's second workflow-task timeout).
    return { ...response, backlogCountHint: env.ctx.tasks.backlog(namespace, taskQueue, 'workflow') };
  },

  RespondWorkflowTaskCompleted(request, env) {
    const token = workflowTaskToken(request);
    let completed = false;
    try {
      const response = completeWorkflowTask(env.ctx, token, request);
      completed = true;
      return response;
    } finally {
      // Answers from a refused completion are dropped; those queries ride on the next task instead.
      settleRidingQueries(env, token, completed ? request.queryResults : undefined);
    }
  },

  RespondWorkflowTaskFailed(request, env) {
    const token = workflowTaskToken(request);
    try {
      failWorkflowTask(env.ctx, token, request);
    } finally {
      settleRidingQueries(env, token, undefined);
    }
    return {};
  },

  async PollActivityTaskQueue(request, env) {
    const { namespace, taskQueue, identity } = pollInputs(request, env);
    const response = await env.matcher.poll(
      namespace,
      taskQueue,
      'activity',
      identity,
      (offer) =>
        claimTask(
          env,
          namespace,
          taskQueue,
          'activity',
          (task) => startActivity(env.ctx, task, identity, randomUUID()),
          offer,
        ),
      env.abort,
      request.workerInstanceKey ?? undefined,
    );
    return response ?? {};
  },

  RecordActivityTaskHeartbeat(request, env) {
    return { cancelRequested: recordHeartbeat(env.ctx, activityTaskToken(request), request.details) };
  },
  RecordActivityTaskHeartbeatById(request, env) {
    return { cancelRequested: recordHeartbeat(env.ctx, activityTokenById(env, request), request.details) };
  },
  RespondActivityTaskCompleted(request, env) {
    completeActivity(env.ctx, activityTaskToken(request), request.result, request.identity ?? '');
    return {};
  },
  RespondActivityTaskCompletedById(request, env) {
    completeActivity(env.ctx, activityTokenById(env, request), request.result, request.identity ?? '');
    return {};
  },
  RespondActivityTaskFailed(request, env) {
    if (!request.failure) throw invalidArgument('Failure is not set on request.');
    failActivity(
      env.ctx,
      activityTaskToken(request),
      request.failure,
      request.identity ?? '',
      request.lastHeartbeatDetails,
    );
    return {};
  },
  RespondActivityTaskFailedById(request, env) {
    if (!request.failure) throw invalidArgument('Failure is not set on request.');
    failActivity(
      env.ctx,
      activityTokenById(env, request),
      request.failure,
      request.identity ?? '',
      request.lastHeartbeatDetails,
    );
    return {};
  },
  RespondActivityTaskCanceled(request, env) {
    cancelActivity(env.ctx, activityTaskToken(request), request.details, request.identity ?? '');
    return {};
  },
  RespondActivityTaskCanceledById(request, env) {
    cancelActivity(env.ctx, activityTokenById(env, request), request.details, request.identity ?? '');
    return {};
  },

  ResetStickyTaskQueue(request, env) {
    const namespace = requireNamespace(env, request.namespace).name;
    env.ctx.transact(() => {
      const runId =
        request.execution?.runId || env.ctx.executions.currentRunId(namespace, request.execution?.workflowId ?? '');
      const run = runId ? env.ctx.load(runId) : undefined;
      if (!run) throw notFound(`workflow not found for ID: ${request.execution?.workflowId}`);
      run.state.sticky = undefined;
      env.ctx.save(run);
    });
    return {};
  },

  ShutdownWorker(request, env) {
    const namespace = requireNamespace(env, request.namespace).name;
    // As Temporal's matching unloads the sticky queue: workflow tasks scheduled from now on go to the normal queue at
    // once. Tasks already waiting on it move there by their schedule-to-start timeout.
    if (request.stickyTaskQueue) env.matcher.forgetQueue(namespace, request.stickyTaskQueue, 'workflow');
    if (request.workerInstanceKey) env.matcher.completePollsOfWorker(request.workerInstanceKey);
    return {};
  },
} satisfies WorkflowServiceHandlers;
