/**
 * What a worker re-executes when it replays a history from the start: one activation per completed workflow task,
 * and one more per local-activity marker (replay resolves each recorded local activity in an activation of its own).
 */
import { temporal } from '@temporalio/proto';

type HistoryEvent = temporal.api.history.v1.IHistoryEvent;

const { EVENT_TYPE_WORKFLOW_TASK_COMPLETED: WORKFLOW_TASK_COMPLETED, EVENT_TYPE_MARKER_RECORDED: MARKER_RECORDED } =
  temporal.api.enums.v1.EventType;
/** The marker the SDK's core records for each local activity's result. */
const LOCAL_ACTIVITY_MARKER = 'core_local_activity';

export interface ReplayWork {
  readonly events: number;
  readonly workflowTasksCompleted: number;
  readonly localActivityMarkers: number;
  /** workflowTasksCompleted + localActivityMarkers: the activations a replay from the start runs. */
  readonly activations: number;
}

export function replayWorkOf(events: readonly HistoryEvent[]): ReplayWork {
  let workflowTasksCompleted = 0;
  let localActivityMarkers = 0;
  for (const event of events) {
    if (event.eventType === WORKFLOW_TASK_COMPLETED) workflowTasksCompleted += 1;
    else if (
      event.eventType === MARKER_RECORDED &&
      event.markerRecordedEventAttributes?.markerName === LOCAL_ACTIVITY_MARKER
    )
      localActivityMarkers += 1;
  }
  return {
    events: events.length,
    workflowTasksCompleted,
    localActivityMarkers,
    activations: workflowTasksCompleted + localActivityMarkers,
  };
}
