/**
 * ResetWorkflowExecution: a new run that keeps the base run's history up to a workflow task, fails that task
 * with RESET_WORKFLOW, reapplies later signals, and carries on from there. The base run, if open, is terminated.
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

type ResetRequest = Relaxed<temporal.api.workflowservice.v1.IResetWorkflowExecutionRequest>;

export function resetWorkflow(ctx: ServerContext, namespace: string, request: ResetRequest): string {
  const finishEventId = toNumber(request.workflowTaskFinishEventId);
  return ctx.transact(() => {
    const base = loadRun(ctx, namespace, request.workflowExecution as ExecutionRef);
    const baseState = base.state;
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
    if (Object.keys(work.children).length > 0) {
      throw invalidArgument(
        'Reset to a point where child workflows are pending is not supported by the development server.',
      );
    }

    const runId = randomUUID();
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
      children: {},
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
        failure: { message: request.reason ?? '', serverFailureInfo: {} },
        identity: request.identity ?? '',
        baseRunId: baseState.runId,
        newRunId: runId,
      },
    });
    if (request.resetReapplyType !== enums.ResetReapplyType.RESET_REAPPLY_TYPE_NONE) {
      const later = ctx.executions.readEvents(baseState.runId, finishEventId, lastEventId);
      for (const event of later) {
        if (event.eventType === EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED) run.appendDecodedEvent(event);
      }
    }
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

    if (base.isOpen) {
      terminateRun(
        base,
        request.reason || 'reset',
        null,
        request.identity ?? '',
        ctx.namespaces.get(namespace)?.retentionMs ?? 0,
      );
      ctx.save(base);
    }
    ctx.save(run);
    ctx.executions.setCurrentRun(namespace, baseState.workflowId, runId);
    return runId;
  });
}
