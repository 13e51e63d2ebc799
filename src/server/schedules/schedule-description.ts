/** What DescribeSchedule and ListSchedules say about a schedule: counts, running workflows, recent and future actions. */
import type { Relaxed, temporal } from '../proto/temporal-proto';
import { timestampFromMs } from '../proto/time';
import { compileSpec, nextActionTime, ScheduleSpecError } from './schedule-spec';
import { jitterSeed } from './scheduler';
import type { RecentAction, ScheduleRecord } from './schedule-record';

type ActionResult = Relaxed<temporal.api.schedule.v1.IScheduleActionResult>;

function actionResult(action: RecentAction): ActionResult {
  return {
    scheduleTime: timestampFromMs(action.scheduleTime),
    actualTime: timestampFromMs(action.actualTime),
    startWorkflowResult: { workflowId: action.workflowId, runId: action.runId },
    startWorkflowStatus: action.status,
  };
}

/** The next action times from now on, as many as remaining actions allow. */
export function futureActionTimes(record: ScheduleRecord, now: number, count: number): number[] {
  const state = record.schedule.state ?? {};
  const limit = state.limitedActions ? Math.min(count, Number(state.remainingActions ?? 0)) : count;
  let spec;
  try {
    spec = compileSpec(record.schedule.spec ?? {});
  } catch (err) {
    if (err instanceof ScheduleSpecError) return [];
    throw err;
  }
  const times: number[] = [];
  let cursor = Math.max(now, record.state.processedUntil);
  while (times.length < limit) {
    const t = nextActionTime(spec, jitterSeed(record), cursor);
    if (!t) break;
    times.push(t.next);
    cursor = t.nominal;
  }
  return times;
}

export function scheduleInfo(record: ScheduleRecord, now: number): Relaxed<temporal.api.schedule.v1.IScheduleInfo> {
  const { state } = record;
  return {
    actionCount: state.actionCount,
    missedCatchupWindow: state.missedCatchupWindow,
    overlapSkipped: state.overlapSkipped,
    bufferDropped: state.bufferDropped,
    bufferSize: state.buffer.length,
    runningWorkflows: state.running.map((r) => ({ workflowId: r.workflowId, runId: r.runId })),
    recentActions: state.recentActions.map(actionResult),
    futureActionTimes: futureActionTimes(record, now, 10).map(timestampFromMs),
    createTime: timestampFromMs(state.createTime),
    updateTime: state.updateTime === undefined ? undefined : timestampFromMs(state.updateTime),
  };
}

export function scheduleListEntry(
  record: ScheduleRecord,
  now: number,
): Relaxed<temporal.api.schedule.v1.IScheduleListEntry> {
  const scheduleState = record.schedule.state ?? {};
  return {
    scheduleId: record.scheduleId,
    memo: record.memo,
    searchAttributes: record.searchAttributes,
    info: {
      spec: record.schedule.spec,
      workflowType: record.schedule.action?.startWorkflow?.workflowType,
      notes: scheduleState.notes ?? '',
      paused: scheduleState.paused ?? false,
      recentActions: record.state.recentActions.slice(-5).map(actionResult),
      futureActionTimes: futureActionTimes(record, now, 5).map(timestampFromMs),
    },
  };
}
