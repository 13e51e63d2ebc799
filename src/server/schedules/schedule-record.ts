/** What the server keeps of one schedule: the Schedule message as the client set it, and the scheduler's own state. */
import type { Relaxed, temporal } from '../proto/temporal-proto';

export type Schedule = Relaxed<temporal.api.schedule.v1.ISchedule>;
export type Memo = Relaxed<temporal.api.common.v1.IMemo>;
export type SearchAttributes = Relaxed<temporal.api.common.v1.ISearchAttributes>;

/** An action waiting to start; overlapPolicy 0 means "the schedule's policy at the time it starts". */
export interface BufferedStart {
  nominalTime: number;
  actualTime: number;
  overlapPolicy: number;
  /** Triggered or backfilled: runs while paused, ignores the catch-up window and remaining actions. */
  manual: boolean;
}

export interface RecentAction {
  scheduleTime: number;
  actualTime: number;
  workflowId: string;
  runId: string;
  status: number;
}

export interface ScheduledRun {
  workflowId: string;
  runId: string;
}

export interface SchedulerState {
  conflictToken: number;
  createTime: number;
  updateTime?: number | undefined;
  /** Every nominal time at or before this has been handled (taken, skipped, or missed). */
  processedUntil: number;
  actionCount: number;
  missedCatchupWindow: number;
  overlapSkipped: number;
  bufferDropped: number;
  buffer: BufferedStart[];
  running: ScheduledRun[];
  recentActions: RecentAction[];
}

export interface ScheduleRecord {
  namespace: string;
  scheduleId: string;
  schedule: Schedule;
  memo: Memo | undefined;
  searchAttributes: SearchAttributes | undefined;
  state: SchedulerState;
}
