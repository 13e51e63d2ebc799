/** How the overhead benchmark splits the time between chained steps into hops, from history times and the agents' ledger. */
import { msToTs } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import type { LedgerEntry } from '../../../../bench/agents/agent-ledger';
import { collectStepHops, emptyStepHops } from '../../../../bench/overhead/step-hops';

const { EventType } = temporal.api.enums.v1;
type HistoryEvent = temporal.api.history.v1.IHistoryEvent;

/** Ids as plain numbers: the analysis reads them with Number(), as it does the decoded Long values. */
function event(eventId: number, eventType: number, atMs: number, attributes: object = {}): HistoryEvent {
  return { eventId, eventType, eventTime: msToTs(atMs), ...attributes } as unknown as HistoryEvent;
}

function ledger(event: LedgerEntry['event'], stepId: string, at: number, attempt = 1): LedgerEntry {
  return { event, agent: 'a', key: `o/${stepId}`, orchestrationId: 'o', stepId, attempt, at, pid: 1 };
}

test('the gap between two chained steps splits into pool report, server, orchestrator, server and pool delivery', () => {
  const events = [
    event(5, EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED, 1_000, {
      activityTaskScheduledEventAttributes: { activityId: 's1#1' },
    }),
    event(6, EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED, 1_001, {
      activityTaskStartedEventAttributes: { scheduledEventId: 5 },
    }),
    event(7, EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED, 1_010, {
      activityTaskCompletedEventAttributes: { scheduledEventId: 5 },
    }),
    event(8, EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED, 1_010),
    event(9, EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED, 1_011),
    event(10, EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED, 1_020),
    event(11, EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED, 1_020, {
      activityTaskScheduledEventAttributes: { activityId: 's2#1' },
    }),
    event(12, EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED, 1_022, {
      activityTaskStartedEventAttributes: { scheduledEventId: 11 },
    }),
    event(13, EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED, 1_030, {
      activityTaskCompletedEventAttributes: { scheduledEventId: 11 },
    }),
  ];
  const entries = [
    ledger('start', 's1', 1_002),
    ledger('end', 's1', 1_008.5),
    ledger('start', 's2', 1_025),
    ledger('end', 's2', 1_028),
  ];
  const hops = emptyStepHops();
  collectStepHops(events, entries, hops);
  expect(hops).toEqual({ poolReport: [1.5], toOrchestrator: [1], orchestrator: [9], toPool: [2], poolDelivery: [3] });
});

test('a step whose agent the ledger does not show (a retried or missing call) adds no hops', () => {
  const events = [
    event(5, EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED, 0, {
      activityTaskScheduledEventAttributes: { activityId: 's1#1' },
    }),
    event(6, EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED, 1, {
      activityTaskStartedEventAttributes: { scheduledEventId: 5 },
    }),
    event(7, EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED, 10, {
      activityTaskCompletedEventAttributes: { scheduledEventId: 5 },
    }),
    event(9, EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED, 11),
    event(11, EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED, 20, {
      activityTaskScheduledEventAttributes: { activityId: 's2#1' },
    }),
    event(12, EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED, 22, {
      activityTaskStartedEventAttributes: { scheduledEventId: 11 },
    }),
  ];
  const hops = emptyStepHops();
  collectStepHops(events, [ledger('start', 's1', 2), ledger('end', 's1', 8), ledger('start', 's2', 25, 2)], hops);
  expect(hops.orchestrator).toEqual([]);
});
