/**
 * Workflow retry policies and legacy cron schedules act as in Temporal: a failed run is followed by a new run
 * (RETRY_POLICY, attempt counting, the failure carried, backoff as firstWorkflowTaskBackoff), a cron run by the next
 * run at the next scheduled time (CRON_SCHEDULE), the closing event names the new run, and result() follows the chain.
 */
import { temporal } from '@temporalio/proto';
import { WorkflowFailedError, type WorkflowHandleWithFirstExecutionRunId } from '@temporalio/client';
import { type ApplicationFailure, defaultPayloadConverter, TerminatedFailure } from '@temporalio/common';
import { startTestEnv, type TestEnv } from '../../support/test-server';
import { waitUntil } from '../../support/wait-until';
import * as activities from '../../fixtures/activities';

const { EventType, ContinueAsNewInitiator, RetryState } = temporal.api.enums.v1;
type HistoryEvent = temporal.api.history.v1.IHistoryEvent;

let env: TestEnv;
beforeAll(async () => {
  env = await startTestEnv();
});
afterAll(async () => env?.close());

interface RunRecord {
  runId: string;
  started: temporal.api.history.v1.IWorkflowExecutionStartedEventAttributes;
  closing?: HistoryEvent | undefined;
  nextRunId?: string | undefined;
}

const CLOSING_TYPES = new Set([
  EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED,
  EventType.EVENT_TYPE_WORKFLOW_EXECUTION_FAILED,
  EventType.EVENT_TYPE_WORKFLOW_EXECUTION_TIMED_OUT,
  EventType.EVENT_TYPE_WORKFLOW_EXECUTION_TERMINATED,
  EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CANCELED,
]);

async function runRecord(workflowId: string, runId: string): Promise<RunRecord> {
  const events = (await env.client.workflow.getHandle(workflowId, runId).fetchHistory()).events ?? [];
  const closing = events.find((e) => CLOSING_TYPES.has(e.eventType!));
  const nextRunId =
    closing?.workflowExecutionCompletedEventAttributes?.newExecutionRunId ||
    closing?.workflowExecutionFailedEventAttributes?.newExecutionRunId ||
    closing?.workflowExecutionTimedOutEventAttributes?.newExecutionRunId ||
    undefined;
  return { runId, started: events[0]!.workflowExecutionStartedEventAttributes!, closing, nextRunId };
}

/** The runs of a chain, first to last, following newExecutionRunId. */
async function chain(handle: WorkflowHandleWithFirstExecutionRunId): Promise<RunRecord[]> {
  const runs: RunRecord[] = [];
  let runId: string | undefined = handle.firstExecutionRunId;
  while (runId) {
    const run = await runRecord(handle.workflowId, runId);
    runs.push(run);
    runId = run.nextRunId;
  }
  return runs;
}

const ms = (d: { seconds?: unknown; nanos?: number | null } | null | undefined) =>
  Number(d?.seconds ?? 0) * 1000 + Math.round((d?.nanos ?? 0) / 1e6);
const resultOf = (event: HistoryEvent | undefined) =>
  defaultPayloadConverter.fromPayload(event!.workflowExecutionCompletedEventAttributes!.result!.payloads![0]!);

test('a workflow that fails twice is retried by its retry policy and result() returns the third run', async () => {
  const taskQueue = env.taskQueue('wf-retry');
  const worker = await env.createWorker({ taskQueue, activities });
  await worker.runUntil(async () => {
    const handle = await env.client.workflow.start('failsUntilAttempt', {
      taskQueue,
      workflowId: env.workflowId('wf-retry'),
      args: [3],
      retry: { initialInterval: '300ms', backoffCoefficient: 2, maximumAttempts: 5 },
    });
    expect(await handle.result()).toBe('succeeded on attempt 3');

    const runs = await chain(handle);
    expect(runs.map((r) => r.started.attempt)).toEqual([1, 2, 3]);
    expect(runs.map((r) => r.closing?.eventType)).toEqual([
      EventType.EVENT_TYPE_WORKFLOW_EXECUTION_FAILED,
      EventType.EVENT_TYPE_WORKFLOW_EXECUTION_FAILED,
      EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED,
    ]);
    expect(runs[0]!.closing!.workflowExecutionFailedEventAttributes!.retryState).toBe(
      RetryState.RETRY_STATE_IN_PROGRESS,
    );
    for (const [index, run] of runs.slice(1).entries()) {
      const previous = runs[index]!;
      expect(run.started.initiator).toBe(ContinueAsNewInitiator.CONTINUE_AS_NEW_INITIATOR_RETRY);
      expect(run.started.continuedExecutionRunId).toBe(previous.runId);
      expect(run.started.firstExecutionRunId).toBe(runs[0]!.runId);
      expect(run.started.continuedFailure?.message).toBe(`attempt ${index + 1} failed`);
    }
    // Backoff per policy: 300 ms, then 300 ms * 2.
    expect(runs.slice(1).map((r) => ms(r.started.firstWorkflowTaskBackoff))).toEqual([300, 600]);
    const described = await handle.describe();
    expect(described.runId).toBe(runs[2]!.runId);
  });
}, 90_000);

test('a non-retryable error type is not retried, and maximum attempts end the retries', async () => {
  const taskQueue = env.taskQueue('wf-retry-stop');
  const worker = await env.createWorker({ taskQueue, activities });
  await worker.runUntil(async () => {
    const fatal = await env.client.workflow.start('failsWithType', {
      taskQueue,
      workflowId: env.workflowId('wf-fatal'),
      args: ['Fatal'],
      retry: { initialInterval: '100ms', nonRetryableErrorTypes: ['Fatal'] },
    });
    const error = await fatal.result().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WorkflowFailedError);
    expect(((error as WorkflowFailedError).cause as ApplicationFailure).type).toBe('Fatal');
    const [only, ...more] = await chain(fatal);
    expect(more).toEqual([]);
    expect(only!.closing!.workflowExecutionFailedEventAttributes!.retryState).toBe(
      RetryState.RETRY_STATE_NON_RETRYABLE_FAILURE,
    );

    const flaky = await env.client.workflow.start('failsWithType', {
      taskQueue,
      workflowId: env.workflowId('wf-max-attempts'),
      args: ['Flaky'],
      retry: { initialInterval: '100ms', maximumAttempts: 2 },
    });
    await expect(flaky.result()).rejects.toThrow(WorkflowFailedError);
    const runs = await chain(flaky);
    expect(runs.map((r) => r.started.attempt)).toEqual([1, 2]);
    expect(runs[1]!.closing!.workflowExecutionFailedEventAttributes!.retryState).toBe(
      RetryState.RETRY_STATE_MAXIMUM_ATTEMPTS_REACHED,
    );
  });
}, 90_000);

test('a run that times out is retried, and the retries end at maximum attempts', async () => {
  const taskQueue = env.taskQueue('wf-timeout-retry');
  const worker = await env.createWorker({ taskQueue, activities });
  await worker.runUntil(async () => {
    const handle = await env.client.workflow.start('collector', {
      taskQueue,
      workflowId: env.workflowId('wf-timeout-retry'),
      args: [60_000],
      workflowRunTimeout: '1s',
      retry: { initialInterval: '100ms', maximumAttempts: 2 },
    });
    await expect(handle.result()).rejects.toThrow(WorkflowFailedError);
    const runs = await chain(handle);
    expect(runs.map((r) => r.closing?.eventType)).toEqual([
      EventType.EVENT_TYPE_WORKFLOW_EXECUTION_TIMED_OUT,
      EventType.EVENT_TYPE_WORKFLOW_EXECUTION_TIMED_OUT,
    ]);
    expect(runs.map((r) => r.closing!.workflowExecutionTimedOutEventAttributes!.retryState)).toEqual([
      RetryState.RETRY_STATE_IN_PROGRESS,
      RetryState.RETRY_STATE_MAXIMUM_ATTEMPTS_REACHED,
    ]);
    expect(runs[1]!.started.initiator).toBe(ContinueAsNewInitiator.CONTINUE_AS_NEW_INITIATOR_RETRY);
    expect(runs[1]!.started.continuedFailure?.timeoutFailureInfo).toBeTruthy();
  });
}, 90_000);

test('a cron workflow waits for its schedule, chains runs with CRON_SCHEDULE, and terminate ends the chain', async () => {
  const taskQueue = env.taskQueue('wf-cron');
  const worker = await env.createWorker({ taskQueue, activities });
  await worker.runUntil(async () => {
    const handle = await env.client.workflow.start('cronTick', {
      taskQueue,
      workflowId: env.workflowId('wf-cron'),
      cronSchedule: '@every 1s',
    });
    const runs = await waitUntil(
      async () => {
        const sofar = await chain(handle);
        return sofar.filter((r) => r.closing).length >= 3 && sofar;
      },
      { what: 'three completed cron runs', timeoutMs: 30_000, intervalMs: 200 },
    );
    const first = runs[0]!;
    expect(first.started.initiator).toBe(ContinueAsNewInitiator.CONTINUE_AS_NEW_INITIATOR_CRON_SCHEDULE);
    expect(first.started.cronSchedule).toBe('@every 1s');
    // The first run waits for the next scheduled time: under a second, in whole seconds rounded up.
    expect(ms(first.started.firstWorkflowTaskBackoff)).toBe(1000);
    const completed = runs.filter((r) => r.closing);
    expect(completed.map((r) => resultOf(r.closing))).toEqual([1, 2, 3].slice(0, completed.length));
    for (const run of runs.slice(1)) {
      expect(run.started.initiator).toBe(ContinueAsNewInitiator.CONTINUE_AS_NEW_INITIATOR_CRON_SCHEDULE);
      expect(run.started.attempt).toBe(1);
      expect(ms(run.started.firstWorkflowTaskBackoff)).toBeGreaterThan(0);
    }
    expect(defaultPayloadConverter.fromPayload(runs[1]!.started.lastCompletionResult!.payloads![0]!)).toBe(1);

    // result() follows the chain, as with Temporal: only its end (here a terminate) answers it.
    await handle.terminate('enough');
    const error = await handle.result().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WorkflowFailedError);
    expect((error as WorkflowFailedError).cause).toBeInstanceOf(TerminatedFailure);
    // A run's own result, without following.
    const firstOnly = env.client.workflow.getHandle(handle.workflowId, first.runId, { followRuns: false });
    expect(await firstOnly.result()).toBe(1);
    const last = (await chain(handle)).at(-1)!;
    expect(last.closing?.eventType).toBe(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_TERMINATED);
    expect((await handle.describe()).runId).toBe(last.runId);
  });
}, 90_000);

test('cron and retry compose: a failed cron run is retried within its interval, then the schedule goes on', async () => {
  const taskQueue = env.taskQueue('wf-cron-retry');
  const worker = await env.createWorker({ taskQueue, activities });
  await worker.runUntil(async () => {
    const handle = await env.client.workflow.start('cronTickFailingFirstAttempt', {
      taskQueue,
      workflowId: env.workflowId('wf-cron-retry'),
      cronSchedule: '@every 2s',
      retry: { initialInterval: '100ms' },
    });
    const runs = await waitUntil(
      async () => {
        const sofar = await chain(handle);
        return sofar.filter((r) => r.closing).length >= 4 && sofar;
      },
      { what: 'two cron runs, each failed once and retried', timeoutMs: 30_000, intervalMs: 200 },
    );
    await handle.terminate('enough');
    const initiators = runs.slice(0, 5).map((r) => [r.started.initiator, r.started.attempt]);
    expect(initiators).toEqual(
      [
        [ContinueAsNewInitiator.CONTINUE_AS_NEW_INITIATOR_CRON_SCHEDULE, 1],
        [ContinueAsNewInitiator.CONTINUE_AS_NEW_INITIATOR_RETRY, 2],
        [ContinueAsNewInitiator.CONTINUE_AS_NEW_INITIATOR_CRON_SCHEDULE, 1],
        [ContinueAsNewInitiator.CONTINUE_AS_NEW_INITIATOR_RETRY, 2],
        [ContinueAsNewInitiator.CONTINUE_AS_NEW_INITIATOR_CRON_SCHEDULE, 1],
      ].slice(0, Math.min(5, runs.length)),
    );
    expect(runs[1]!.started.continuedFailure?.message).toBe('first attempt of every cron run fails');
    expect(resultOf(runs[1]!.closing)).toBe('attempt 2');
    // The next cron run is handed the result of the run that succeeded, as Temporal hands it on.
    expect(defaultPayloadConverter.fromPayload(runs[2]!.started.lastCompletionResult!.payloads![0]!)).toBe('attempt 2');
  });
}, 90_000);

test('a signal to a cron workflow waiting for its first scheduled time does not start it early', async () => {
  const handle = await env.client.workflow.start('collector', {
    taskQueue: env.taskQueue('wf-cron-signal'),
    workflowId: env.workflowId('wf-cron-signal'),
    args: [1000],
    cronSchedule: '0 0 1 1 *',
  });
  await handle.signal('addItem', 'early');
  const events = (await handle.fetchHistory()).events ?? [];
  expect(events.map((e) => e.eventType)).toEqual([
    EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED,
    EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED,
  ]);
  expect((await handle.describe()).raw.pendingWorkflowTask).toBeFalsy();
  await handle.terminate('done');
});

test('an invalid cron schedule is refused at start', async () => {
  const error = await env.client.workflow
    .start('cronTick', { taskQueue: env.taskQueue(), workflowId: env.workflowId(), cronSchedule: 'every now and then' })
    .catch((e: unknown) => e);
  expect(String((error as Error).cause)).toMatch(/INVALID_ARGUMENT: invalid CronSchedule/);
});
