/** UpdateWorkflowExecution and PollWorkflowExecutionUpdate. */
import { enums, EventType, type Relaxed, type temporal } from '../../proto/temporal-proto';
import { invalidArgument, notFound } from '../../errors/rpc-error';
import { requireNamespace, type CallEnv, type WorkflowServiceHandlers } from '../handler-env';
import { loadOpenRun, requireWorkflowId, resolveRunId } from '../../history/run-lookup';
import { pendingOnFirstTaskBackoff, scheduleWorkflowTask } from '../../history/workflow-task-scheduling';
import { startWorkflow } from '../../history/start-workflow';
import type { PendingUpdate, UpdateOutcome } from '../../matching/update-registry';

const Stage = enums.UpdateWorkflowExecutionLifecycleStage;

function stageOf(update: PendingUpdate): number {
  if (update.stage === 'completed') return Stage.UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_COMPLETED;
  if (update.stage === 'accepted') return Stage.UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_ACCEPTED;
  return Stage.UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_ADMITTED;
}

/** An update's outcome as history recorded it (after a restart, or once the run has closed). */
function outcomeFromHistory(env: CallEnv, runId: string, updateId: string): UpdateOutcome | undefined {
  const state = env.ctx.executions.loadState(runId);
  if (!state) return undefined;
  const events = env.ctx.executions.readEvents(runId, 1, state.nextEventId - 1);
  const completed = events.find(
    (e) =>
      e.eventType === EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_COMPLETED &&
      e.workflowExecutionUpdateCompletedEventAttributes?.meta?.updateId === updateId,
  );
  return completed?.workflowExecutionUpdateCompletedEventAttributes?.outcome ?? undefined;
}

/** Waits until the update reaches `wanted` stage, is abandoned, or the long poll ends; then answers. */
async function awaitStage(env: CallEnv, update: PendingUpdate, wanted: number, workflowId: string) {
  const deadline = Date.now() + env.historyLongPollMs;
  while (stageOf(update) < wanted && !update.abandoned && !env.abort.aborted && Date.now() < deadline) {
    await env.ctx.updates.waitForChange(update, deadline - Date.now(), env.abort);
  }
  if (update.abandoned && update.stage !== 'completed') throw notFound(update.abandoned);
  return {
    updateRef: { workflowExecution: { workflowId, runId: update.runId }, updateId: update.updateId },
    outcome: update.stage === 'completed' ? update.outcome : undefined,
    stage: stageOf(update),
  };
}

function completedResponse(workflowId: string, runId: string, updateId: string, outcome: UpdateOutcome) {
  return {
    updateRef: { workflowExecution: { workflowId, runId }, updateId },
    outcome,
    stage: Stage.UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_COMPLETED,
  };
}

type UpdateAnswer = { pending: PendingUpdate } | { response: ReturnType<typeof completedResponse> };
type UpdateRequest = Relaxed<temporal.api.workflowservice.v1.IUpdateWorkflowExecutionRequest>;

/** Registers the update (or finds it, or its recorded outcome) and makes sure a workflow task will carry it. */
function admitUpdate(env: CallEnv, namespace: string, request: UpdateRequest): UpdateAnswer {
  const updateRequest = request.request;
  const updateId = updateRequest?.meta?.updateId;
  if (!updateId) throw invalidArgument('Update id is not set on request.');
  if (!updateRequest?.input?.name) throw invalidArgument('Update name is not set on request.');
  const workflowId = requireWorkflowId(request.workflowExecution);
  const runId = resolveRunId(env.ctx, namespace, request.workflowExecution);
  const existing = env.ctx.updates.get(runId, updateId);
  if (existing) return { pending: existing };
  const recorded = outcomeFromHistory(env, runId, updateId);
  if (recorded) return { response: completedResponse(workflowId, runId, updateId, recorded) };
  return {
    pending: env.ctx.transact(() => {
      const run = loadOpenRun(env.ctx, namespace, { workflowId, runId });
      const admitted = env.ctx.updates.admit(runId, updateId, updateRequest);
      if (!run.state.workflowTask && !pendingOnFirstTaskBackoff(run)) {
        scheduleWorkflowTask(run, 1, true); // speculative, as in Temporal: a rejection leaves no trace
        env.ctx.save(run);
      }
      return admitted;
    }),
  };
}

function answerUpdate(env: CallEnv, request: UpdateRequest, workflowId: string, answer: UpdateAnswer) {
  if ('response' in answer) return answer.response;
  const wanted = request.waitPolicy?.lifecycleStage || Stage.UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_ACCEPTED;
  return awaitStage(env, answer.pending, wanted, workflowId);
}

export const updateHandlers = {
  UpdateWorkflowExecution(request, env) {
    const namespace = requireNamespace(env, request.namespace).name;
    const answer = admitUpdate(env, namespace, request);
    return answerUpdate(env, request, requireWorkflowId(request.workflowExecution), answer);
  },

  /** Update-with-start: start (or use the running workflow, per the conflict policy) and deliver the update in one step. */
  async ExecuteMultiOperation(request, env) {
    const namespace = requireNamespace(env, request.namespace).name;
    const [first, second] = request.operations ?? [];
    const startRequest = first?.startWorkflow;
    const updateRequest = second?.updateWorkflow;
    if (request.operations?.length !== 2 || !startRequest || !updateRequest) {
      throw invalidArgument('ExecuteMultiOperation takes exactly two operations: startWorkflow, then updateWorkflow.');
    }
    if (startRequest.workflowId !== updateRequest.workflowExecution?.workflowId) {
      throw invalidArgument('The start and update operations must name the same workflow id.');
    }
    const { started, runId, answer } = env.ctx.transact(() => {
      const outcome = startWorkflow(env.ctx, namespace, { ...startRequest, namespace });
      const update = {
        ...updateRequest,
        namespace,
        workflowExecution: { workflowId: startRequest.workflowId, runId: outcome.runId },
      };
      return { started: outcome.started, runId: outcome.runId, answer: admitUpdate(env, namespace, update) };
    });
    const updateResponse = await answerUpdate(env, updateRequest, requireWorkflowId(startRequest), answer);
    return {
      responses: [{ startWorkflow: { runId, started } }, { updateWorkflow: updateResponse }],
    };
  },

  async PollWorkflowExecutionUpdate(request, env) {
    const namespace = requireNamespace(env, request.namespace).name;
    const updateId = request.updateRef?.updateId;
    if (!updateId) throw invalidArgument('Update id is not set on request.');
    const execution = request.updateRef?.workflowExecution;
    const workflowId = requireWorkflowId(execution);
    const runId = resolveRunId(env.ctx, namespace, execution);
    const update = env.ctx.updates.get(runId, updateId);
    const wanted = request.waitPolicy?.lifecycleStage || Stage.UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_ACCEPTED;
    if (update) return awaitStage(env, update, wanted, workflowId);
    const recorded = outcomeFromHistory(env, runId, updateId);
    if (recorded) return completedResponse(workflowId, runId, updateId, recorded);
    throw notFound(`update ${updateId} not found`);
  },
} satisfies WorkflowServiceHandlers;
