/**
 * What the server recorded about orchestrations' workflow tasks: when each was scheduled (on which queue), started,
 * completed (by whom), timed out (how) or failed.
 */
import { tsToMs } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import type { SteadfastClient } from '../../../src/client';

const { EventType, TaskQueueKind, TimeoutType } = temporal.api.enums.v1;

export interface WorkflowTaskEvent {
  readonly kind: 'scheduled' | 'started' | 'completed' | 'timed-out' | 'failed';
  /** Epoch ms of the event. */
  readonly at: number;
  /** The worker that completed or failed the task. */
  readonly identity?: string;
  /** The worker that picked the task up (started only). */
  readonly poller?: string;
  /** Scheduled only: the worker's sticky queue or the orchestrations' normal queue. */
  readonly queue?: 'sticky' | 'normal';
  /** Timed out only: the task waited too long to start (schedule-to-start) or to finish once started (start-to-close). */
  readonly timeout?: 'schedule-to-start' | 'start-to-close';
}

export interface OrchestrationTimeline {
  readonly id: string;
  readonly tasks: readonly WorkflowTaskEvent[];
  /** Epoch ms at which the run closed, if it did. */
  readonly closedAt?: number;
}

const CLOSING = new Set<number>([
  EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED,
  EventType.EVENT_TYPE_WORKFLOW_EXECUTION_FAILED,
  EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CANCELED,
  EventType.EVENT_TYPE_WORKFLOW_EXECUTION_TERMINATED,
  EventType.EVENT_TYPE_WORKFLOW_EXECUTION_TIMED_OUT,
]);

export async function orchestrationTimeline(client: SteadfastClient, id: string): Promise<OrchestrationTimeline> {
  const history = await client.temporal.workflow.getHandle(id).fetchHistory();
  const tasks: WorkflowTaskEvent[] = [];
  let closedAt: number | undefined;
  for (const event of history.events ?? []) {
    const at = tsToMs(event.eventTime);
    switch (event.eventType) {
      case EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED: {
        const kind = event.workflowTaskScheduledEventAttributes?.taskQueue?.kind;
        tasks.push({
          kind: 'scheduled',
          at,
          queue: kind === TaskQueueKind.TASK_QUEUE_KIND_STICKY ? 'sticky' : 'normal',
        });
        break;
      }
      case EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED:
        tasks.push({ kind: 'started', at, poller: event.workflowTaskStartedEventAttributes?.identity ?? '' });
        break;
      case EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED:
        tasks.push({ kind: 'completed', at, identity: event.workflowTaskCompletedEventAttributes?.identity ?? '' });
        break;
      case EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED:
        tasks.push({ kind: 'failed', at, identity: event.workflowTaskFailedEventAttributes?.identity ?? '' });
        break;
      case EventType.EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT:
        tasks.push({
          kind: 'timed-out',
          at,
          timeout:
            event.workflowTaskTimedOutEventAttributes?.timeoutType === TimeoutType.TIMEOUT_TYPE_SCHEDULE_TO_START
              ? 'schedule-to-start'
              : 'start-to-close',
        });
        break;
      default:
        if (CLOSING.has(event.eventType ?? 0)) closedAt = at;
    }
  }
  return { id, tasks, ...(closedAt !== undefined ? { closedAt } : {}) };
}

/** Timelines of many orchestrations, a few requests at a time. */
export async function orchestrationTimelines(
  client: SteadfastClient,
  ids: readonly string[],
): Promise<OrchestrationTimeline[]> {
  const timelines: OrchestrationTimeline[] = [];
  for (let i = 0; i < ids.length; i += 20) {
    timelines.push(...(await Promise.all(ids.slice(i, i + 20).map((id) => orchestrationTimeline(client, id)))));
  }
  return timelines;
}
