/**
 * The scheduler: turns due spec times into buffered starts (catch-up window, pause, remaining actions), starts what
 * the overlap policies allow, follows the runs it started, and sets the schedule's next durable wake-up timer.
 */
import { enums, WorkflowExecutionStatus } from '../proto/temporal-proto';
import { msFromDuration } from '../proto/time';
import type { ServerContext } from '../history/server-context';
import { requestCancelRun, terminateRun } from '../history/workflow-control';
import { compileSpec, nextActionTime } from './schedule-spec';
import { decideBuffer } from './overlap-buffer';
import { schedulerIdentity, startScheduledWorkflow } from './schedule-workflow-start';
import { scheduleStore, scheduleTimerKey, TIMER_SCHEDULE_WAKE } from './schedule-registry';
import type { BufferedStart, ScheduleRecord, ScheduledRun } from './schedule-record';

const Overlap = enums.ScheduleOverlapPolicy;
export const DEFAULT_CATCHUP_WINDOW_MS = 365 * 24 * 3600_000;
const MIN_CATCHUP_WINDOW_MS = 10_000;
const RECENT_ACTIONS = 10;
const MAX_BUFFER = 1000;
/** Spec times handled per wake-up; more (a long outage with a fine spec) continue on an immediate next wake-up. */
const TIMES_PER_WAKE = 1000;

export function catchupWindowMs(record: ScheduleRecord): number {
  const ms = msFromDuration(record.schedule.policies?.catchupWindow);
  return ms === undefined ? DEFAULT_CATCHUP_WINDOW_MS : Math.max(ms, MIN_CATCHUP_WINDOW_MS);
}

export function overlapResolver(record: ScheduleRecord): (policy: number) => number {
  return (policy) => policy || record.schedule.policies?.overlapPolicy || Overlap.SCHEDULE_OVERLAP_POLICY_SKIP;
}

export function jitterSeed(record: ScheduleRecord): string {
  return `${record.namespace}-${record.scheduleId}`;
}

/** Manual actions always may run; scheduled ones not while paused or out of remaining actions. */
function canTakeAction(record: ScheduleRecord, manual: boolean, consume: boolean): boolean {
  if (manual) return true;
  const state = record.schedule.state ?? {};
  if (state.paused) return false;
  if (!state.limitedActions) return true;
  const remaining = Number(state.remainingActions ?? 0);
  if (remaining <= 0) return false;
  if (consume) record.schedule.state = { ...state, remainingActions: remaining - 1 };
  return true;
}

export function addStart(record: ScheduleRecord, start: BufferedStart): void {
  if (record.state.buffer.length >= MAX_BUFFER) record.state.bufferDropped++;
  else record.state.buffer.push(start);
}

/** Buffers the spec times in (processedUntil, now]; those older than the catch-up window are counted as missed. */
function collectDueTimes(record: ScheduleRecord, now: number): boolean {
  const { state } = record;
  if (!canTakeAction(record, false, false)) {
    // Time spent paused is not made up later.
    state.processedUntil = Math.max(state.processedUntil, now);
    return false;
  }
  const spec = compileSpec(record.schedule.spec ?? {});
  const window = catchupWindowMs(record);
  let cursor = state.processedUntil;
  for (let i = 0; i < TIMES_PER_WAKE; i++) {
    const t = nextActionTime(spec, jitterSeed(record), cursor);
    if (!t) {
      state.processedUntil = Math.max(state.processedUntil, now);
      return false;
    }
    if (t.next > now) {
      // Not due yet (perhaps only its jitter is pending): everything before its nominal time is handled.
      state.processedUntil = Math.max(state.processedUntil, Math.min(now, t.nominal - 1));
      return false;
    }
    if (now - t.next > window) state.missedCatchupWindow++;
    else addStart(record, { nominalTime: t.nominal, actualTime: t.next, overlapPolicy: 0, manual: false });
    cursor = t.nominal;
    state.processedUntil = cursor;
  }
  return true;
}

function takeAction(ctx: ServerContext, record: ScheduleRecord, start: BufferedStart, track: boolean): void {
  if (!canTakeAction(record, start.manual, true)) return;
  let started: { workflowId: string; runId: string };
  try {
    started = startScheduledWorkflow(ctx, record, start);
  } catch (err) {
    // Temporal's scheduler drops a start the server refuses (an id still in use, a bad search attribute).
    process.emitWarning(`schedule ${record.scheduleId}: start refused: ${(err as Error).message}`);
    return;
  }
  const { state } = record;
  state.actionCount++;
  state.recentActions = [
    ...state.recentActions,
    {
      scheduleTime: start.actualTime,
      actualTime: ctx.now(),
      ...started,
      status: WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING,
    },
  ].slice(-RECENT_ACTIONS);
  if (track) {
    state.running.push(started);
    scheduleStore(ctx).addRun(started.runId, record.namespace, record.scheduleId);
  }
}

/** Starts what the buffer and overlap policies allow now; terminates or cancels running workflows when asked to. */
export function runBuffer(ctx: ServerContext, record: ScheduleRecord): void {
  const { state } = record;
  for (let pass = 0; pass < 10; pass++) {
    const decision = decideBuffer(state.buffer, state.running.length > 0, overlapResolver(record));
    state.buffer = decision.remaining;
    state.overlapSkipped += decision.skipped;
    for (const start of decision.overlapping) takeAction(ctx, record, start, false);
    if (decision.next) takeAction(ctx, record, decision.next, true);
    if (decision.terminateRunning) {
      for (const run of [...state.running]) endRun(ctx, record, run, 'terminate');
      continue;
    }
    if (decision.cancelRunning) for (const run of state.running) endRun(ctx, record, run, 'cancel');
    return;
  }
}

function endRun(
  ctx: ServerContext,
  record: ScheduleRecord,
  scheduled: ScheduledRun,
  how: 'cancel' | 'terminate',
): void {
  const run = ctx.load(scheduled.runId);
  if (!run || !run.isOpen) return;
  if (how === 'cancel') {
    requestCancelRun(run, 'cancelled by the schedule overlap policy', schedulerIdentity(record));
  } else {
    terminateRun(
      run,
      'terminated by the schedule overlap policy',
      null,
      schedulerIdentity(record),
      ctx.namespaces.get(record.namespace)?.retentionMs ?? 0,
    );
  }
  ctx.save(run);
  if (how === 'terminate') noteRunClosed(ctx, record, scheduled.runId);
}

/** A run the schedule started has closed (or continued as a new run of the same workflow id, which it then follows). */
export function noteRunClosed(ctx: ServerContext, record: ScheduleRecord, runId: string): void {
  const { state } = record;
  const store = scheduleStore(ctx);
  const index = state.running.findIndex((r) => r.runId === runId);
  store.removeRun(runId);
  if (index < 0) return;
  const closed = ctx.executions.loadState(runId);
  const workflowId = state.running[index]!.workflowId;
  const currentRunId = ctx.executions.currentRunId(record.namespace, workflowId);
  const current = currentRunId && currentRunId !== runId ? ctx.executions.loadState(currentRunId) : undefined;
  if (current && current.closeTime === undefined && current.firstExecutionRunId === closed?.firstExecutionRunId) {
    state.running[index] = { workflowId, runId: current.runId };
    store.addRun(current.runId, record.namespace, record.scheduleId);
    return;
  }
  state.running.splice(index, 1);
  const status = closed?.status ?? WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_TERMINATED;
  for (const action of state.recentActions) if (action.workflowId === workflowId) action.status = status;
  const failed =
    status === WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_FAILED ||
    status === WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_TIMED_OUT;
  const scheduleState = record.schedule.state ?? {};
  if (record.schedule.policies?.pauseOnFailure && failed && !scheduleState.paused) {
    const why =
      status === WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_FAILED
        ? `paused due to workflow failure: ${workflowId}: ${failureMessage(ctx, closed?.runId, closed?.nextEventId)}`
        : `paused due to workflow timeout: ${workflowId}`;
    record.schedule.state = { ...scheduleState, paused: true, notes: why };
  }
}

function failureMessage(ctx: ServerContext, runId: string | undefined, nextEventId: number | undefined): string {
  if (!runId || !nextEventId) return '';
  const event = ctx.executions.readEvent(runId, nextEventId - 1);
  return event?.workflowExecutionFailedEventAttributes?.failure?.message ?? '';
}

/** Notices runs that closed while nobody was told (the server was killed between their close and our follow-up). */
function refreshRunning(ctx: ServerContext, record: ScheduleRecord): void {
  for (const run of [...record.state.running]) {
    const state = ctx.executions.loadState(run.runId);
    if (!state || state.closeTime !== undefined) noteRunClosed(ctx, record, run.runId);
  }
}

/** Replaces the schedule's wake-up timer: at its next due time, or none while it cannot act (Temporal sleeps). */
export function armWakeTimer(ctx: ServerContext, record: ScheduleRecord, immediately = false): void {
  const key = scheduleTimerKey(record.namespace, record.scheduleId);
  ctx.timers.deleteForRun(key);
  const now = ctx.now();
  let fireAt: number | undefined = immediately ? now : undefined;
  if (fireAt === undefined && canTakeAction(record, false, false)) {
    const next = nextActionTime(
      compileSpec(record.schedule.spec ?? {}),
      jitterSeed(record),
      record.state.processedUntil,
    );
    if (next) fireAt = Math.max(next.next, now);
  }
  if (fireAt === undefined) return;
  ctx.timers.insert(fireAt, key, TIMER_SCHEDULE_WAKE, { namespace: record.namespace, scheduleId: record.scheduleId });
  const at = fireAt;
  ctx.afterCommit(() => ctx.listeners.onTimersChanged(at));
}

/** Brings a schedule up to now: closed runs noticed, due times buffered, allowed starts made. Inside a transaction. */
export function advanceSchedule(ctx: ServerContext, record: ScheduleRecord): void {
  refreshRunning(ctx, record);
  const more = collectDueTimes(record, ctx.now());
  runBuffer(ctx, record);
  armWakeTimer(ctx, record, more);
}

/** The durable timer fired. */
export function wakeSchedule(ctx: ServerContext, namespace: string, scheduleId: string): void {
  ctx.transact(() => {
    const store = scheduleStore(ctx);
    const record = store.get(namespace, scheduleId);
    if (!record) return;
    advanceSchedule(ctx, record);
    store.save(record);
  });
}

/** A run closed somewhere in the server: if a schedule started it, the schedule follows up. */
export function onAnyRunClosed(ctx: ServerContext, runId: string): void {
  const store = scheduleStore(ctx);
  const owner = store.ownerOfRun(runId);
  if (!owner) return;
  ctx.transact(() => {
    const record = store.get(owner.namespace, owner.scheduleId);
    if (!record) return;
    noteRunClosed(ctx, record, runId);
    advanceSchedule(ctx, record);
    store.save(record);
  });
}
