/** The activities of one orchestration run as its history records them: when each was scheduled, taken and answered. */
import { tsToMs } from '@temporalio/common';
import { temporal } from '@temporalio/proto';

const { EventType } = temporal.api.enums.v1;
type HistoryEvent = temporal.api.history.v1.IHistoryEvent;

export interface ActivityTimes {
  /** Steadfast names a dispatch `<step>#<dispatch>`; the benchmark's plain workflow names it after the step. */
  readonly stepId: string;
  readonly scheduled: number;
  started?: number;
  completed?: number;
  /** The first workflow task handed over after this activity's result. */
  nextTaskStarted?: number;
}

/** In the order they were scheduled; epoch ms from the server's event times. */
export function activityTimeline(events: readonly HistoryEvent[]): ActivityTimes[] {
  const activities: ActivityTimes[] = [];
  const byScheduledId = new Map<number, ActivityTimes>();
  let awaitingTask: ActivityTimes | undefined;
  for (const event of events) {
    const at = tsToMs(event.eventTime);
    switch (Number(event.eventType)) {
      case EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED: {
        const activityId = event.activityTaskScheduledEventAttributes?.activityId ?? '';
        const times: ActivityTimes = { stepId: activityId.replace(/#\d+$/, ''), scheduled: at };
        activities.push(times);
        byScheduledId.set(Number(event.eventId), times);
        break;
      }
      case EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED: {
        const times = byScheduledId.get(Number(event.activityTaskStartedEventAttributes?.scheduledEventId));
        if (times) times.started = at;
        break;
      }
      case EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED: {
        const times = byScheduledId.get(Number(event.activityTaskCompletedEventAttributes?.scheduledEventId));
        if (times) times.completed = at;
        awaitingTask = times;
        break;
      }
      case EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED:
        if (awaitingTask && awaitingTask.nextTaskStarted === undefined) awaitingTask.nextTaskStarted = at;
        awaitingTask = undefined;
        break;
    }
  }
  return activities;
}
