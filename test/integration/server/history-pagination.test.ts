import { temporal } from '@temporalio/proto';
import { startTestEnv, type TestEnv } from '../../support/test-server';
import * as activities from '../../fixtures/activities';

let env: TestEnv;
beforeAll(async () => {
  env = await startTestEnv();
});
afterAll(async () => env?.close());

const EventType = temporal.api.enums.v1.EventType;
/** What both history calls answer; named because the paging loop feeds each page's token into the next call. */
type HistoryPage = temporal.api.workflowservice.v1.IGetWorkflowExecutionHistoryResponse;

test('a workflow of more than 2,000 events replays from paginated history and reads back page by page', async () => {
  const taskQueue = env.taskQueue();
  const workflowId = env.workflowId();
  // 2,050 signals wait in the history before any worker polls, so the first workflow task carries about 2,060
  // events: the poll answer holds the first page, and the worker (no sticky cache) must fetch the rest to replay.
  const started = await env.client.workflow.start('collector', { taskQueue, workflowId, args: [60_000] });
  const items = Array.from({ length: 2050 }, (_, i) => `item-${i}`);
  for (let batch = 0; batch < items.length; batch += 50) {
    await Promise.all(items.slice(batch, batch + 50).map((item) => started.signal('addItem', item)));
  }
  await started.signal('finish');
  const worker = await env.createWorker({ taskQueue, activities, maxCachedWorkflows: 0 });
  const result = await worker.runUntil(started.result());
  // Signals sent concurrently land in the history in any order; every one of them, once.
  expect([...(result as string[])].sort()).toEqual([...items].sort());

  const handle = env.client.workflow.getHandle(workflowId);
  const description = await handle.describe();
  expect(description.historyLength).toBeGreaterThan(2000);

  const fullHistory = await handle.fetchHistory();
  const events = fullHistory.events ?? [];
  expect(events).toHaveLength(description.historyLength);
  expect(events.map((e) => Number(e.eventId))).toEqual(Array.from({ length: events.length }, (_, i) => i + 1));
  expect(events[0]?.eventType).toBe(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED);
  expect(events.at(-1)?.eventType).toBe(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED);

  const pageSizes: number[] = [];
  const paged: number[] = [];
  let nextPageToken: Uint8Array | null = null;
  do {
    const page: HistoryPage = await env.client.workflowService.getWorkflowExecutionHistory({
      namespace: 'default',
      execution: { workflowId },
      maximumPageSize: 250,
      nextPageToken,
    });
    const pageEvents = page.history?.events ?? [];
    pageSizes.push(pageEvents.length);
    paged.push(...pageEvents.map((e) => Number(e.eventId)));
    nextPageToken = page.nextPageToken?.length ? page.nextPageToken : null;
  } while (nextPageToken);
  expect(paged).toEqual(events.map((e) => Number(e.eventId)));
  expect(pageSizes.slice(0, -1).every((size) => size === 250)).toBe(true);
  expect(pageSizes.length).toBe(Math.ceil(events.length / 250));
});

test('a malformed page token is refused with INVALID_ARGUMENT', async () => {
  await expect(
    env.client.workflowService.getWorkflowExecutionHistory({
      namespace: 'default',
      execution: { workflowId: 'anything' },
      nextPageToken: Buffer.from('not a token'),
    }),
  ).rejects.toMatchObject({ code: 3, details: 'nextPageToken is malformed.' });
});

test('GetWorkflowExecutionHistoryReverse pages from the newest event down to the first', async () => {
  const taskQueue = env.taskQueue();
  const worker = await env.createWorker({ taskQueue, activities });
  const workflowId = env.workflowId();
  await worker.runUntil(env.client.workflow.execute('historyFanOut', { taskQueue, workflowId, args: [20, 1] }));
  const forward = ((await env.client.workflow.getHandle(workflowId).fetchHistory()).events ?? []).map((e) =>
    Number(e.eventId),
  );
  const backward: number[] = [];
  let nextPageToken: Uint8Array | null = null;
  do {
    const page: HistoryPage = await env.client.workflowService.getWorkflowExecutionHistoryReverse({
      namespace: 'default',
      execution: { workflowId },
      maximumPageSize: 7,
      nextPageToken,
    });
    backward.push(...(page.history?.events ?? []).map((e) => Number(e.eventId)));
    nextPageToken = page.nextPageToken?.length ? page.nextPageToken : null;
  } while (nextPageToken);
  expect(backward).toEqual([...forward].reverse());
});
