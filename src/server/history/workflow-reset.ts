/**
 * ResetWorkflowExecution: a new run that keeps the base run's history up to a workflow task, fails that task
 * with RESET_WORKFLOW, reapplies later signals and child outcomes, and carries on from there. The base run, if open,
 * is terminated by the resetter; children pending at the reset point keep running and report to the new run.
 */
import { randomUUID } from 'node:crypto';
import { enums, EventType, type Relaxed, type temporal } from '../proto/temporal-proto';
import { toNumber } from '../proto/time';
import { invalidArgument } from '../errors/rpc-error';
import type { ServerContext } from './server-context';
import { loadRun, type ExecutionRef } from './run-lookup';
import { pendingWorkFromHistory } from './state-from-history';
import { queueActivityAttempt, TIMER_ACTIVITY_SCHEDULE_TO_CLOSE } from './activity-attempts';
import { scheduleWorkflowTask } from './workflow-task-scheduling';
import { TIMER_USER } from './workflow-commands';
import { TIMER_WORKFLOW_EXECUTION_TIMEOUT, TIMER_WORKFLOW_RUN_TIMEOUT } from './new-run';
import { terminateRun } from './workflow-control';
import { HISTORY_SERVICE_IDENTITY, RESETTER_IDENTITY } from './close-execution';
import { reapplyAfterReset } from './reset-reapply';

type ResetRequest = Relaxed<temporal.api.workflowservice.v1.IResetWorkflowExecutionRequest>;

export function resetWorkflow(ctx: ServerContext, namespace: string, request: ResetRequest): string {
  const finishEventId = toNumber(request.workflowTaskFinishEventId);
  return ctx.transact(() => {
    const base = loadRun(ctx, namespace, request.workflowExecution as ExecutionRef);
    const baseState = { ...base.state }; // as it was before the reset closes it
    const lastEventId = baseState.nextEventId - 1;
    const started = finishEventId > 1 ? ctx.executions.readEvent(baseState.runId, finishEventId - 1) : undefined;
    if (
      !started ||
      started.eventType !== EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED ||
      finishEventId > lastEventId + 1
    ) {
      throw invalidArgument(
        `workflowTaskFinishEventId ${finishEventId} is not the event after a WorkflowTaskStarted event of run ${baseState.runId}.`,
      );
    }
    const kept = ctx.executions.readEvents(baseState.runId, 1, finishEventId - 1);
    const work = pendingWorkFromHistory(kept);
    const runId = randomUUID();

    // As Temporal: the base run points at the new one (children's outcomes follow that link) and, if still open, is
    // terminated by the resetter first, so the events its termination writes (buffered signals, child outcomes) are
    // reapplied too. Its children are not closed by their parent close policy (see onRunClosed).
    base.state.resetRunId = runId;
    if (base.isOpen) {
      terminateRun(
        base,
        request.reason || 'reset',
        null,
        RESETTER_IDENTITY,
        ctx.namespaces.get(namespace)?.retentionMs ?? 0,
      );
    }
    ctx.save(base);
    const later = ctx.executions.readEvents(baseState.runId, finishEventId, base.state.nextEventId - 1);
    const run = ctx.create({
      ...baseState,
      runId,
      status: enums.WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING,
      nextEventId: 1,
      closeTime: undefined,
      startRequestId: request.requestId || randomUUID(),
      lastCompletedStartedEventId: work.lastCompletedStartedEventId,
      workflowTask: undefined,
      workflowTaskStamp: 0,
      sticky: undefined,
      buffered: [],
      activities: work.activities,
      timers: work.timers,
      children: work.children,
      resetRunId: undefined,
      acceptedUpdates: work.acceptedUpdates,
      cancelRequested: work.cancelRequested,
      historySizeBytes: 0,
      stateTransitionCount: 0,
    });
    run.visibility = ctx.executions.loadVisibility(baseState.runId);
    for (const event of kept) run.appendDecodedEvent(event);
    run.appendEvent(EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED, {
      workflowTaskFailedEventAttributes: {
        scheduledEventId: started.workflowTaskStartedEventAttributes?.scheduledEventId,
        startedEventId: finishEventId - 1,
        cause: enums.WorkflowTaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_RESET_WORKFLOW,
        failure: { message: request.reason ?? '', resetWorkflowFailureInfo: {} },
        identity: HISTORY_SERVICE_IDENTITY,
        baseRunId: baseState.runId,
        newRunId: runId,
      },
    });
    reapplyAfterReset(run, later, {
      signals:
        request.resetReapplyType !== enums.ResetReapplyType.RESET_REAPPLY_TYPE_NONE &&
        !(request.resetReapplyExcludeTypes ?? []).includes(
          enums.ResetReapplyExcludeType.RESET_REAPPLY_EXCLUDE_TYPE_SIGNAL,
        ),
    });
    scheduleWorkflowTask(run);
    for (const activity of Object.values(run.state.activities)) {
      queueActivityAttempt(run, activity);
      if (activity.scheduleToCloseMs) {
        run.addTimer(TIMER_ACTIVITY_SCHEDULE_TO_CLOSE, activity.scheduledTime + activity.scheduleToCloseMs, {
          scheduledEventId: activity.scheduledEventId,
        });
      }
    }
    for (const [timerId, timer] of Object.entries(run.state.timers)) {
      run.addTimer(TIMER_USER, timer.fireAt, { timerId, startedEventId: timer.startedEventId });
    }
    if (baseState.runTimeoutMs)
      run.addTimer(TIMER_WORKFLOW_RUN_TIMEOUT, baseState.executionTime + baseState.runTimeoutMs, {});
    if (baseState.executionExpirationTime)
      run.addTimer(TIMER_WORKFLOW_EXECUTION_TIMEOUT, baseState.executionExpirationTime, {});

    ctx.save(run);
    ctx.executions.setCurrentRun(namespace, baseState.workflowId, runId);
    return runId;
  });
}
