/** Counting what a replay from the start re-executes: completed workflow tasks and local-activity markers. */
import fs from 'node:fs';
import path from 'node:path';
// The SDK exports no public reader of Temporal's JSON history format to proto events (replay parses it internally).
// eslint-disable-next-line @typescript-eslint/no-restricted-imports
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { temporal } from '@temporalio/proto';
import { replayWorkOf } from '../../../../bench/replay/history-activations';

const EventType = temporal.api.enums.v1.EventType;
type HistoryEvent = temporal.api.history.v1.IHistoryEvent;

const event = (eventType: temporal.api.enums.v1.EventType, markerName?: string): HistoryEvent => ({
  eventType,
  ...(markerName !== undefined ? { markerRecordedEventAttributes: { markerName } } : {}),
});

test('each completed workflow task and each local-activity marker is one activation; other events are not', () => {
  const events = [
    event(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED),
    event(EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED),
    event(EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED),
    event(EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED),
    event(EventType.EVENT_TYPE_MARKER_RECORDED, 'core_patch'),
    event(EventType.EVENT_TYPE_MARKER_RECORDED, 'core_local_activity'),
    event(EventType.EVENT_TYPE_MARKER_RECORDED, 'core_local_activity'),
    event(EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED),
    event(EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED),
    event(EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED),
    event(EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED),
    event(EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED),
    event(EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED),
    event(EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED),
    event(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED),
  ];
  expect(replayWorkOf(events)).toEqual({
    events: 15,
    workflowTasksCompleted: 2,
    localActivityMarkers: 2,
    activations: 4,
  });
});

test('an empty history asks for no work', () => {
  expect(replayWorkOf([])).toEqual({ events: 0, workflowTasksCompleted: 0, localActivityMarkers: 0, activations: 0 });
});

test('a recorded orchestration (test/histories/fallback-chain.before-steadfast-change-wakeups.json, a recording that is never redone): 5 workflow tasks and 13 local activities', () => {
  const file = path.resolve(__dirname, '../../../histories/fallback-chain.before-steadfast-change-wakeups.json');
  const recorded = JSON.parse(fs.readFileSync(file, 'utf8')) as { history: Parameters<typeof historyFromJSON>[0] };
  expect(replayWorkOf(historyFromJSON(recorded.history).events ?? [])).toEqual({
    events: 42,
    workflowTasksCompleted: 5,
    localActivityMarkers: 13,
    activations: 18,
  });
});
