/** What the server recorded about orchestrations' workflow tasks: who completed them, which timed out or failed, and when. */
import { tsToMs } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import type { SteadfastClient } from '../../../src/client';

const { EventType } = temporal.api.enums.v1;

export interface WorkflowTaskEvent {
  readonly kind: 'completed' | 'timed-out' | 'failed';
  /** Epoch ms of the event. */
  readonly at: number;
  /** The worker that completed or failed the task. */
  readonly identity?: string;
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
      case EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED:
        tasks.push({ kind: 'completed', at, identity: event.workflowTaskCompletedEventAttributes?.identity ?? '' });
        break;
      case EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED:
        tasks.push({ kind: 'failed', at, identity: event.workflowTaskFailedEventAttributes?.identity ?? '' });
        break;
      case EventType.EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT:
        tasks.push({ kind: 'timed-out', at });
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
