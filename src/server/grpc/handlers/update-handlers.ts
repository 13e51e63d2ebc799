/** UpdateWorkflowExecution and PollWorkflowExecutionUpdate. */
import { enums, EventType, type Relaxed, type temporal } from '../../proto/temporal-proto';
import { invalidArgument, notFound } from '../rpc-error';
import { requireNamespace, type CallEnv, type RpcHandler } from '../handler-env';
import { loadOpenRun, resolveRunId } from '../../history/run-lookup';
import { scheduleWorkflowTask } from '../../history/workflow-task-scheduling';
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

export const updateHandlers: Record<string, RpcHandler> = {
  async UpdateWorkflowExecution(request, env) {
    const { namespace } = request;
    requireNamespace(env, namespace);
    const updateRequest = request.request as Relaxed<temporal.api.update.v1.IRequest> | undefined;
    const updateId = updateRequest?.meta?.updateId;
    if (!updateId) throw invalidArgument('Update id is not set on request.');
    if (!updateRequest?.input?.name) throw invalidArgument('Update name is not set on request.');
    const workflowId = request.workflowExecution?.workflowId;
    const runId = resolveRunId(env.ctx, namespace, request.workflowExecution);
    const wanted = request.waitPolicy?.lifecycleStage || Stage.UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_ACCEPTED;

    let update = env.ctx.updates.get(runId, updateId);
    if (!update) {
      const recorded = outcomeFromHistory(env, runId, updateId);
      if (recorded) return completedResponse(workflowId, runId, updateId, recorded);
      update = env.ctx.transact(() => {
        const ex = loadOpenRun(env.ctx, namespace, { workflowId, runId });
        const admitted = env.ctx.updates.admit(runId, updateId, updateRequest);
        if (!ex.state.workflowTask) {
          scheduleWorkflowTask(ex);
          env.ctx.save(ex);
        }
        return admitted;
      });
    }
    return awaitStage(env, update, wanted, workflowId);
  },

  async PollWorkflowExecutionUpdate(request, env) {
    const { namespace } = request;
    requireNamespace(env, namespace);
    const updateId = request.updateRef?.updateId;
    if (!updateId) throw invalidArgument('Update id is not set on request.');
    const execution = request.updateRef?.workflowExecution;
    const runId = resolveRunId(env.ctx, namespace, execution);
    const update = env.ctx.updates.get(runId, updateId);
    const wanted = request.waitPolicy?.lifecycleStage || Stage.UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_ACCEPTED;
    if (update) return awaitStage(env, update, wanted, execution.workflowId);
    const recorded = outcomeFromHistory(env, runId, updateId);
    if (recorded) return completedResponse(execution.workflowId, runId, updateId, recorded);
    throw notFound(`update ${updateId} not found`);
  },
};
