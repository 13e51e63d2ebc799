/**
 * Schedules whose action starts an orchestration: the same workflow type, task queue, arguments, memo and search
 * attributes SteadfastClient.start uses, on cron expressions (Temporal's Schedules API).
 */
import { randomUUID } from 'node:crypto';
import type { Client, ScheduleHandle } from '@temporalio/client';
import type { OrchestrationRequest } from '../config/orchestration-request';
import { orchestrationWorkflowOptions, type OrchestrationPlacement } from './orchestration-start-options';

export interface OrchestrationScheduleOptions {
  /** Schedule id; default a random `schedule-<uuid>`. */
  readonly id?: string | undefined;
  /** Cron expressions (minute hour day-of-month month day-of-week, optional leading seconds field). */
  readonly cron: readonly string[];
  readonly timezone?: string | undefined;
  readonly paused?: boolean | undefined;
  readonly note?: string | undefined;
}

/** Orchestrations it starts are named `orchestration-<schedule id>-<scheduled time>`. */
export async function createOrchestrationSchedule(
  client: Client,
  placement: OrchestrationPlacement,
  parsed: OrchestrationRequest,
  options: OrchestrationScheduleOptions,
): Promise<ScheduleHandle> {
  const scheduleId = options.id ?? `schedule-${randomUUID()}`;
  const { workflowType, ...workflowOptions } = orchestrationWorkflowOptions(parsed, placement);
  return client.schedule.create({
    scheduleId,
    spec: { cronExpressions: [...options.cron], ...(options.timezone ? { timezone: options.timezone } : {}) },
    action: { type: 'startWorkflow', workflowType, workflowId: `orchestration-${scheduleId}`, ...workflowOptions },
    state: { paused: options.paused ?? false, ...(options.note ? { note: options.note } : {}) },
  });
}
