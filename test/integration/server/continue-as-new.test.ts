import { temporal } from '@temporalio/proto';
import { startTestEnv, type TestEnv } from '../../support/test-server';
import { eventAt } from '../../support/history-checks';
import * as activities from '../../fixtures/activities';
import { waitUntil } from '../../support/wait-until';

let env: TestEnv;
beforeAll(async () => {
  env = await startTestEnv();
});
afterAll(async () => env?.close());

const EventType = temporal.api.enums.v1.EventType;

test('continue-as-new chains runs: result() follows the chain and every run shares the first run id', async () => {
  const taskQueue = env.taskQueue();
  const workflowId = env.workflowId();
  const worker = await env.createWorker({ taskQueue, activities });
  const { handle, result } = await worker.runUntil(async () => {
    const handle = await env.client.workflow.start('chainCounter', {
      taskQueue,
      workflowId,
      args: [{ remaining: 3, runIds: [], firstRunIds: [] }],
    });
    return { handle, result: await handle.result() };
  });
  expect(result.remaining).toBe(-1);
  expect(result.runIds).toHaveLength(4);
  expect(new Set(result.runIds).size).toBe(4);
  expect(result.runIds[0]).toBe(handle.firstExecutionRunId);
  expect(result.firstRunIds).toEqual(Array(4).fill(handle.firstExecutionRunId));

  const first = await env.client.workflow.getHandle(workflowId, result.runIds[0]).fetchHistory();
  const closing = eventAt(first.events ?? [], -1);
  expect(closing.eventType).toBe(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW);
  expect(closing.workflowExecutionContinuedAsNewEventAttributes?.newExecutionRunId).toBe(result.runIds[1]);
  expect((await env.client.workflow.getHandle(workflowId, result.runIds[0]).describe()).status.name).toBe(
    'CONTINUED_AS_NEW',
  );

  const last = await env.client.workflow.getHandle(workflowId, result.runIds[3]).fetchHistory();
  const started = eventAt(last.events ?? [], 0).workflowExecutionStartedEventAttributes;
  expect(started?.continuedExecutionRunId).toBe(result.runIds[2]);
  expect(started?.firstExecutionRunId).toBe(result.runIds[0]);
  expect((await env.client.workflow.getHandle(workflowId).describe()).runId).toBe(result.runIds[3]);
});

test('terminate through the first run handle reaches the current run of the chain', async () => {
  const taskQueue = env.taskQueue();
  const worker = await env.createWorker({ taskQueue, activities });
  await worker.runUntil(async () => {
    const handle = await env.client.workflow.start('chainedWaiter', {
      taskQueue,
      workflowId: env.workflowId(),
      args: [2],
    });
    // The last run is the one started with 0 hops left; a middle run may still continue-as-new under our feet.
    const current = await waitUntil(
      async () => {
        const description = await env.client.workflow.getHandle(handle.workflowId).describe();
        if (description.status.name !== 'RUNNING') return undefined;
        const history = await env.client.workflow.getHandle(handle.workflowId, description.runId).fetchHistory();
        const input = history.events?.[0]?.workflowExecutionStartedEventAttributes?.input?.payloads?.[0]?.data;
        return input && Buffer.from(input).toString() === '0' ? description : undefined;
      },
      { what: 'the chain to reach its last run' },
    );
    await handle.terminate('stop the chain');
    const after = await env.client.workflow.getHandle(handle.workflowId, current.runId).describe();
    expect(after.status.name).toBe('TERMINATED');
  });
});

test('workflow tasks report the history length and size, and whether continue-as-new is suggested', async () => {
  const taskQueue = env.taskQueue();
  const worker = await env.createWorker({ taskQueue, activities });
  const workflowId = env.workflowId();
  const reported = await worker.runUntil(env.client.workflow.execute('historySizeReporter', { taskQueue, workflowId }));
  const events = (await env.client.workflow.getHandle(workflowId).fetchHistory()).events ?? [];
  const lastStarted = [...events].reverse().find((e) => e.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED)!;
  expect(reported.historyLength).toBe(Number(lastStarted.eventId));
  expect(reported.historySize).toBe(Number(lastStarted.workflowTaskStartedEventAttributes?.historySizeBytes));
  expect(reported.historySize).toBeGreaterThan(0);
  expect(reported.suggested).toBe(false);
});

test('past the configured history length, workflow tasks suggest continue-as-new', async () => {
  const small = await startTestEnv({ suggestContinueAsNewAfterEvents: 5 });
  try {
    const taskQueue = small.taskQueue();
    const worker = await small.createWorker({ taskQueue, activities });
    const reported = await worker.runUntil(
      small.client.workflow.execute('historySizeReporter', { taskQueue, workflowId: small.workflowId() }),
    );
    expect(reported.historyLength).toBeGreaterThan(5);
    expect(reported.suggested).toBe(true);
  } finally {
    await small.close();
  }
});
