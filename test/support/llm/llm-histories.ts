/** Reading a conversation's history in tests: its model and tool activities, their outcomes, timers between them. */
import type { Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { conversationWorkflowId } from '../../../src/orchestration/conversation-api';
import { eventTypeName, historyEvents, type HistoryEvent } from '../history-checks';

export interface ActivityOutcome {
  readonly activityId: string;
  readonly type: string;
  /** Completed, Failed, TimedOut, Canceled, or Open. */
  readonly outcome: string;
  /** ApplicationFailure type of a failed attempt, or the timeout type of a timed-out one. */
  readonly failure?: string;
  readonly scheduledAt: number;
  readonly endedAt?: number;
}

export async function conversationEvents(
  client: Client,
  orchestrationId: string,
  stepId: string,
  dispatch = 0,
): Promise<HistoryEvent[]> {
  return historyEvents(client, conversationWorkflowId(orchestrationId, stepId, dispatch));
}

export function activityOutcomes(events: readonly HistoryEvent[]): ActivityOutcome[] {
  const byScheduled = new Map<number, ActivityOutcome>();
  const order: number[] = [];
  for (const event of events) {
    const at = millis(event);
    const scheduled = event.activityTaskScheduledEventAttributes;
    if (scheduled) {
      byScheduled.set(Number(event.eventId), {
        activityId: scheduled.activityId ?? '',
        type: scheduled.activityType?.name ?? '',
        outcome: 'Open',
        scheduledAt: at,
      });
      order.push(Number(event.eventId));
      continue;
    }
    const end =
      event.activityTaskCompletedEventAttributes ??
      event.activityTaskFailedEventAttributes ??
      event.activityTaskTimedOutEventAttributes ??
      event.activityTaskCanceledEventAttributes;
    if (!end) continue;
    const id = Number(end.scheduledEventId);
    const entry = byScheduled.get(id);
    if (!entry) continue;
    const failure = 'failure' in end ? end.failure : undefined;
    const failureName =
      failure?.applicationFailureInfo?.type ??
      failure?.cause?.applicationFailureInfo?.type ??
      (failure?.timeoutFailureInfo
        ? `timeout:${temporal.api.enums.v1.TimeoutType[failure.timeoutFailureInfo.timeoutType ?? 0]?.replace('TIMEOUT_TYPE_', '')}`
        : undefined);
    byScheduled.set(id, {
      ...entry,
      outcome: eventTypeName(event).replace('ActivityTask', ''),
      ...(failureName !== undefined && failureName !== null ? { failure: failureName } : {}),
      endedAt: at,
    });
  }
  return order.map((id) => byScheduled.get(id)!);
}

/** Durations of the timers the conversation started (backoff and retry-after waits), in ms. */
export function timerDurations(events: readonly HistoryEvent[]): number[] {
  return events
    .filter((event) => event.timerStartedEventAttributes)
    .map((event) => {
      const timeout = event.timerStartedEventAttributes!.startToFireTimeout!;
      return Number(timeout.seconds ?? 0) * 1000 + Math.round(Number(timeout.nanos ?? 0) / 1e6);
    });
}

function millis(event: HistoryEvent): number {
  const time = event.eventTime;
  return time ? Number(time.seconds ?? 0) * 1000 + Math.round(Number(time.nanos ?? 0) / 1e6) : 0;
}
