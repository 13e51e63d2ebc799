/** Durable timers (sleep, condition with timeout) and signals, including signal-with-start and signals that race a workflow task. */
import { randomUUID } from 'node:crypto';
import { status as grpcStatus } from '@grpc/grpc-js';
import { defaultPayloadConverter } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { startTestEnv, type TestEnv } from '../../support/test-server';
import {
  decodeFirstPayload,
  eventAt,
  eventTypeName,
  eventTypeNames,
  historyEvents,
  historyProblems,
  type HistoryEvent,
} from '../../support/history-checks';
import { present } from '../../support/present';
import { waitUntil } from '../../support/wait-until';
import * as activities from '../../fixtures/activities';
import { firstTaskGate } from '../../support/first-task-gate';

const PendingWorkflowTaskState = temporal.api.enums.v1.PendingWorkflowTaskState;

let env: TestEnv;
beforeAll(async () => {
  env = await startTestEnv();
});
afterAll(async () => env?.close());

/** Milliseconds of a protobuf Duration or Timestamp. */
function millis(value: { seconds?: unknown; nanos?: number | null } | null | undefined): number {
  return Number(value?.seconds ?? 0) * 1000 + (value?.nanos ?? 0) / 1e6;
}

function ofType(events: HistoryEvent[], type: string): HistoryEvent[] {
  return events.filter((e) => eventTypeName(e) === type);
}

describe('timers', () => {
  test('sleep writes TimerStarted with its duration and TimerFired linked to it', async () => {
    const taskQueue = env.taskQueue();
    const workflowId = env.workflowId();
    const worker = await env.createWorker({ taskQueue, activities });
    const result = await worker.runUntil(
      env.client.workflow.execute('lifecycleSleep', { taskQueue, workflowId, args: [300] }),
    );
    expect(result).toBe('woke up');

    const events = await historyEvents(env.client, workflowId);
    expect(historyProblems(events)).toEqual([]);
    expect(eventTypeNames(events)).toEqual([
      'WorkflowExecutionStarted',
      'WorkflowTaskScheduled',
      'WorkflowTaskStarted',
      'WorkflowTaskCompleted',
      'TimerStarted',
      'TimerFired',
      'WorkflowTaskScheduled',
      'WorkflowTaskStarted',
      'WorkflowTaskCompleted',
      'WorkflowExecutionCompleted',
    ]);
    const started = present(eventAt(events, 4).timerStartedEventAttributes, 'TimerStarted attributes');
    expect(millis(started.startToFireTimeout)).toBe(300);
    const fired = present(eventAt(events, 5).timerFiredEventAttributes, 'TimerFired attributes');
    expect(fired.timerId).toBe(started.timerId);
    expect(Number(fired.startedEventId)).toBe(5);
    // The timer cannot fire before its duration has passed on the server's clock.
    const firedAfterMs = millis(eventAt(events, 5).eventTime) - millis(eventAt(events, 4).eventTime);
    expect(firedAfterMs).toBeGreaterThanOrEqual(300);
  });

  test('condition with a timeout returns false when the timeout passes first (its timer fires)', async () => {
    const taskQueue = env.taskQueue();
    const workflowId = env.workflowId();
    const worker = await env.createWorker({ taskQueue, activities });
    const result = await worker.runUntil(
      env.client.workflow.execute('lifecycleConditionWithTimeout', { taskQueue, workflowId, args: [250] }),
    );
    expect(result).toBe(false);
    const events = await historyEvents(env.client, workflowId);
    expect(historyProblems(events)).toEqual([]);
    expect(eventTypeNames(events).slice(4)).toEqual([
      'TimerStarted',
      'TimerFired',
      'WorkflowTaskScheduled',
      'WorkflowTaskStarted',
      'WorkflowTaskCompleted',
      'WorkflowExecutionCompleted',
    ]);
    expect(decodeFirstPayload(events.at(-1)!.workflowExecutionCompletedEventAttributes?.result)).toBe(false);
  });

  test('condition with a timeout returns true when satisfied first, and its timer is cancelled', async () => {
    const taskQueue = env.taskQueue();
    const workflowId = env.workflowId();
    const worker = await env.createWorker({ taskQueue, activities });
    const result = await worker.runUntil(async () => {
      const handle = await env.client.workflow.start('lifecycleConditionWithTimeout', {
        taskQueue,
        workflowId,
        args: [60_000],
      });
      await waitUntil(
        async () => eventTypeNames(await historyEvents(env.client, workflowId)).includes('TimerStarted'),
        {
          what: 'the condition timer to start',
        },
      );
      await handle.signal('lifecycleUnblock');
      return handle.result();
    });
    expect(result).toBe(true);
    const events = await historyEvents(env.client, workflowId);
    expect(historyProblems(events)).toEqual([]);
    expect(eventTypeNames(events).slice(4)).toEqual([
      'TimerStarted',
      'WorkflowExecutionSignaled',
      'WorkflowTaskScheduled',
      'WorkflowTaskStarted',
      'WorkflowTaskCompleted',
      'TimerCanceled',
      'WorkflowExecutionCompleted',
    ]);
    expect(ofType(events, 'TimerFired')).toEqual([]);
  });
});

describe('signals', () => {
  test('signal-with-start starts a new workflow with the signal right after the start event, then signals the running one', async () => {
    const taskQueue = env.taskQueue();
    const workflowId = env.workflowId();
    const first = await env.client.workflow.signalWithStart('lifecycleSignalCollector', {
      taskQueue,
      workflowId,
      args: [2],
      signal: 'lifecycleItem',
      signalArgs: ['first'],
    });
    const beforeWorker = await historyEvents(env.client, workflowId);
    expect(eventTypeNames(beforeWorker)).toEqual([
      'WorkflowExecutionStarted',
      'WorkflowExecutionSignaled',
      'WorkflowTaskScheduled',
    ]);
    expect(eventAt(beforeWorker, 1).workflowExecutionSignaledEventAttributes?.signalName).toBe('lifecycleItem');

    const second = await env.client.workflow.signalWithStart('lifecycleSignalCollector', {
      taskQueue,
      workflowId,
      args: [2],
      signal: 'lifecycleItem',
      signalArgs: ['second'],
    });
    expect(second.signaledRunId).toBe(first.signaledRunId);

    const worker = await env.createWorker({ taskQueue, activities });
    expect(await worker.runUntil(first.result())).toEqual(['first', 'second']);
    const events = await historyEvents(env.client, workflowId);
    expect(historyProblems(events)).toEqual([]);
    expect(ofType(events, 'WorkflowExecutionStarted')).toHaveLength(1);
    expect(
      ofType(events, 'WorkflowExecutionSignaled').map((e) =>
        decodeFirstPayload(e.workflowExecutionSignaledEventAttributes?.input),
      ),
    ).toEqual(['first', 'second']);
  });

  test('signals sent while a workflow task is running are buffered and written after WorkflowTaskCompleted', async () => {
    const taskQueue = env.taskQueue();
    const workflowId = env.workflowId();
    const gate = firstTaskGate();
    const worker = await env.createWorker({ taskQueue, activities, sinks: gate.sinks });
    const items = Array.from({ length: 20 }, (_, i) => `item-${i}`);
    const result = await worker.runUntil(async () => {
      const handle = await env.client.workflow.start('lifecycleSignalCollector', {
        taskQueue,
        workflowId,
        args: [items.length, true],
      });
      try {
        await gate.running;
        expect((await handle.describe()).raw.pendingWorkflowTask?.state).toBe(
          PendingWorkflowTaskState.PENDING_WORKFLOW_TASK_STATE_STARTED,
        );
        await Promise.all(items.map((item) => handle.signal('lifecycleItem', item)));
        // Accepted, but not in history while the task runs.
        expect(eventTypeNames(await historyEvents(env.client, workflowId))).toEqual([
          'WorkflowExecutionStarted',
          'WorkflowTaskScheduled',
          'WorkflowTaskStarted',
        ]);
      } finally {
        gate.release();
      }
      return handle.result();
    });
    expect([...result].sort()).toEqual([...items].sort());

    const events = await historyEvents(env.client, workflowId);
    expect(historyProblems(events)).toEqual([]);
    expect(eventTypeNames(events)).toEqual([
      'WorkflowExecutionStarted',
      'WorkflowTaskScheduled',
      'WorkflowTaskStarted',
      'WorkflowTaskCompleted',
      ...items.map(() => 'WorkflowExecutionSignaled'),
      'WorkflowTaskScheduled',
      'WorkflowTaskStarted',
      'WorkflowTaskCompleted',
      'WorkflowExecutionCompleted',
    ]);
    // The workflow saw the signals in the order history records them.
    expect(result).toEqual(
      ofType(events, 'WorkflowExecutionSignaled').map((e) =>
        decodeFirstPayload(e.workflowExecutionSignaledEventAttributes?.input),
      ),
    );
  });

  test('a signal that arrives while the completing task runs is not lost: the completion is refused as UnhandledCommand', async () => {
    const taskQueue = env.taskQueue();
    const workflowId = env.workflowId();
    const gate = firstTaskGate();
    const worker = await env.createWorker({ taskQueue, activities, sinks: gate.sinks });
    const result = await worker.runUntil(async () => {
      // Expecting one item and given it at start, the first task completes the workflow.
      const handle = await env.client.workflow.signalWithStart('lifecycleSignalCollector', {
        taskQueue,
        workflowId,
        args: [1, true],
        signal: 'lifecycleItem',
        signalArgs: ['first'],
      });
      try {
        await gate.running;
        await handle.signal('lifecycleItem', 'late');
      } finally {
        gate.release();
      }
      return handle.result();
    });
    expect(result).toEqual(['first', 'late']);

    const events = await historyEvents(env.client, workflowId);
    expect(historyProblems(events)).toEqual([]);
    expect(eventTypeNames(events)).toEqual([
      'WorkflowExecutionStarted',
      'WorkflowExecutionSignaled',
      'WorkflowTaskScheduled',
      'WorkflowTaskStarted',
      'WorkflowTaskFailed',
      'WorkflowExecutionSignaled',
      'WorkflowTaskScheduled',
      'WorkflowTaskStarted',
      'WorkflowTaskCompleted',
      'WorkflowExecutionCompleted',
    ]);
    expect(eventAt(events, 4).workflowTaskFailedEventAttributes?.cause).toBe(
      temporal.api.enums.v1.WorkflowTaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_UNHANDLED_COMMAND,
    );
    // New events arrived, so the next task is a fresh first attempt, not a transient retry.
    expect(eventAt(events, 6).workflowTaskScheduledEventAttributes?.attempt).toBe(1);
  });

  test('a signal request retried with the same request id is delivered once', async () => {
    const taskQueue = env.taskQueue();
    const workflowId = env.workflowId();
    const handle = await env.client.workflow.start('lifecycleSignalCollector', { taskQueue, workflowId, args: [2] });
    const input = { payloads: [defaultPayloadConverter.toPayload('once')] };
    const signal = {
      namespace: 'default',
      workflowExecution: { workflowId },
      signalName: 'lifecycleItem',
      input,
      identity: 'retrying-client',
      requestId: randomUUID(),
    };
    // What the client's gRPC retry does when an answer is lost: the same request again.
    await env.client.workflowService.signalWorkflowExecution(signal);
    await env.client.workflowService.signalWorkflowExecution(signal);
    const withStart = {
      namespace: 'default',
      workflowId,
      workflowType: { name: 'lifecycleSignalCollector' },
      taskQueue: { name: taskQueue },
      signalName: 'lifecycleItem',
      signalInput: { payloads: [defaultPayloadConverter.toPayload('with start')] },
      requestId: randomUUID(),
    };
    await env.client.workflowService.signalWithStartWorkflowExecution(withStart);
    await env.client.workflowService.signalWithStartWorkflowExecution(withStart);

    const signaled = ofType(await historyEvents(env.client, workflowId), 'WorkflowExecutionSignaled');
    expect(signaled.map((e) => decodeFirstPayload(e.workflowExecutionSignaledEventAttributes?.input))).toEqual([
      'once',
      'with start',
    ]);
    expect(signaled.map((e) => e.workflowExecutionSignaledEventAttributes?.requestId)).toEqual([
      signal.requestId,
      withStart.requestId,
    ]);
    const worker = await env.createWorker({ taskQueue, activities });
    expect(await worker.runUntil(handle.result())).toEqual(['once', 'with start']);

    // After the run closed, a late retry of a delivered request still succeeds; a new request is refused.
    await env.client.workflowService.signalWorkflowExecution(signal);
    await expect(
      env.client.workflowService.signalWorkflowExecution({ ...signal, requestId: randomUUID() }),
    ).rejects.toMatchObject({ code: grpcStatus.NOT_FOUND });
    expect(ofType(await historyEvents(env.client, workflowId), 'WorkflowExecutionSignaled')).toHaveLength(2);
  });

  test('a burst of signals to a busy workflow loses none, and none lands inside a workflow task', async () => {
    const taskQueue = env.taskQueue();
    const workflowId = env.workflowId();
    const worker = await env.createWorker({ taskQueue, activities });
    const items = Array.from({ length: 60 }, (_, i) => `burst-${i}`);
    const result = await worker.runUntil(async () => {
      const handle = await env.client.workflow.start('lifecycleSignalCollector', {
        taskQueue,
        workflowId,
        args: [items.length],
      });
      // Three waves, so later signals arrive while tasks for the earlier ones are being processed.
      for (let wave = 0; wave < 3; wave++) {
        await Promise.all(items.slice(wave * 20, wave * 20 + 20).map((item) => handle.signal('lifecycleItem', item)));
      }
      return handle.result();
    });
    expect([...result].sort()).toEqual([...items].sort());

    const events = await historyEvents(env.client, workflowId);
    expect(historyProblems(events)).toEqual([]);
    const signaled = ofType(events, 'WorkflowExecutionSignaled').map((e) =>
      decodeFirstPayload(e.workflowExecutionSignaledEventAttributes?.input),
    );
    expect(signaled).toEqual(result);
    expect(eventTypeNames(events).at(-1)).toBe('WorkflowExecutionCompleted');
  });
});
