/**
 * Worker processes killed with SIGKILL mid-workflow: the sticky cache of a live worker, the sticky schedule-to-start
 * timeout that hands a dead worker's task to another, and activities that neither get lost nor complete twice.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { temporal } from '@temporalio/proto';
import { startTestEnv, type TestEnv } from '../support/test-server';
import {
  eventAt,
  eventTypeNames,
  expectEventTypes,
  historyEvents,
  historyProblems,
  type HistoryEvent,
} from '../support/history-checks';
import { present } from '../support/present';
import { waitUntil } from '../support/wait-until';
import { killChildren, spawnWorkerProcess } from '../support/child-process';
import { freePort } from '../support/free-port';
import { completionsByLabel, readCrashLog } from '../support/crash-log';
import { sampleSum, scrape } from '../support/prometheus-text';

const { EventType, TaskQueueKind, TimeoutType } = temporal.api.enums.v1;

let env: TestEnv;
let tmpDir: string;
beforeAll(async () => {
  env = await startTestEnv();
  tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'steadfast-worker-crash-'));
});
afterAll(async () => {
  await killChildren();
  await env?.close();
  fs.rmSync(tmpDir, { recursive: true, force: true });
});

/** The sum of a counter over all its label sets, from a worker's Prometheus endpoint (0 before its first increment). */
async function workerCounter(metricsPort: number, name: string): Promise<number> {
  return sampleSum(await scrape(`127.0.0.1:${metricsPort}`), name);
}

function ofType(events: HistoryEvent[], type: number): HistoryEvent[] {
  return events.filter((e) => e.eventType === type);
}

test('a live worker gets sticky partial histories; killed, its task times out SCHEDULE_TO_START and a second worker replays and finishes', async () => {
  const taskQueue = env.taskQueue('crash-sticky');
  const workflowId = env.workflowId('crash-sticky');
  const logPath = path.join(tmpDir, `${workflowId}.log`);
  const metricsPort = await freePort();
  const first = await spawnWorkerProcess({ address: env.server.address, taskQueue, identity: 'worker-a', metricsPort });
  const handle = await env.client.workflow.start('crashStepsWorkflow', {
    taskQueue,
    workflowId,
    args: [{ logPath, steps: 10, gateAfter: 6 }],
  });

  // Six steps done and the workflow waiting for the signal: its last workflow task has completed.
  const beforeKill = await waitUntil(
    async () => {
      const events = await historyEvents(env.client, workflowId);
      const done = ofType(events, EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED).length === 6;
      return done && events.at(-1)?.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED && events;
    },
    { what: 'six steps completed on the first worker', timeoutMs: 20_000 },
  );

  // The live worker kept the run cached: after the first task, every task went to its sticky queue.
  const scheduled = ofType(beforeKill, EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED).map(
    (e) => e.workflowTaskScheduledEventAttributes!.taskQueue!,
  );
  expect(scheduled).toHaveLength(7);
  expect(scheduled[0]).toMatchObject({ name: taskQueue, kind: TaskQueueKind.TASK_QUEUE_KIND_NORMAL });
  const stickyQueue = present(scheduled[1]?.name, 'the sticky queue of the second workflow task');
  expect(stickyQueue).not.toBe(taskQueue);
  for (const queue of scheduled.slice(1)) {
    expect(queue).toMatchObject({
      name: stickyQueue,
      kind: TaskQueueKind.TASK_QUEUE_KIND_STICKY,
      normalName: taskQueue,
    });
  }
  const startedBy = ofType(beforeKill, EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED).map(
    (e) => e.workflowTaskStartedEventAttributes!.identity,
  );
  expect(new Set(startedBy)).toEqual(new Set(['worker-a']));
  expect(ofType(beforeKill, EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED)).toHaveLength(7);
  expect(eventTypeNames(beforeKill).filter((n) => n === 'WorkflowTaskFailed' || n === 'WorkflowTaskTimedOut')).toEqual(
    [],
  );
  // The worker's own count: six partial-history tasks served from its cache, none that made it refetch the history.
  expect(await workerCounter(metricsPort, 'temporal_sticky_cache_hit')).toBe(6);
  expect(await workerCounter(metricsPort, 'temporal_sticky_cache_miss')).toBe(0);

  const killed = await first.kill('SIGKILL');
  expect(killed.signal).toBe('SIGKILL');
  // Signalled at once, while the server still counts the dead worker's sticky queue as served (it was polled
  // moments ago), so the task goes there and has to time out; the rescue worker starts after.
  await handle.signal('crashRelease');
  const second = await spawnWorkerProcess({ address: env.server.address, taskQueue, identity: 'worker-b' });

  const result = await handle.result();
  expect(result).toEqual([
    ...[1, 2, 3, 4, 5, 6].map((i) => `step-${i}@${first.pid}`),
    ...[7, 8, 9, 10].map((i) => `step-${i}@${second.pid}`),
  ]);

  const events = await historyEvents(env.client, workflowId);
  expect(historyProblems(events)).toEqual([]);
  // The signal's task went to the dead worker's sticky queue, timed out there, and was scheduled on the normal queue.
  const signaled = events.findIndex((e) => e.eventType === EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED);
  const [, onSticky, timedOut, onNormal, pickedUp] = expectEventTypes(events.slice(signaled, signaled + 6), [
    'WorkflowExecutionSignaled',
    'WorkflowTaskScheduled',
    'WorkflowTaskTimedOut',
    'WorkflowTaskScheduled',
    'WorkflowTaskStarted',
    'WorkflowTaskCompleted',
  ]);
  expect(onSticky.workflowTaskScheduledEventAttributes?.taskQueue).toMatchObject({
    name: stickyQueue,
    kind: TaskQueueKind.TASK_QUEUE_KIND_STICKY,
  });
  expect(timedOut.workflowTaskTimedOutEventAttributes?.timeoutType).toBe(TimeoutType.TIMEOUT_TYPE_SCHEDULE_TO_START);
  expect(Number(timedOut.workflowTaskTimedOutEventAttributes?.scheduledEventId)).toBe(Number(onSticky.eventId));
  expect(Number(timedOut.workflowTaskTimedOutEventAttributes?.startedEventId)).toBe(0);
  expect(onNormal.workflowTaskScheduledEventAttributes?.taskQueue).toMatchObject({
    name: taskQueue,
    kind: TaskQueueKind.TASK_QUEUE_KIND_NORMAL,
  });
  expect(onNormal.workflowTaskScheduledEventAttributes?.attempt).toBe(1);
  expect(pickedUp.workflowTaskStartedEventAttributes?.identity).toBe('worker-b');

  // The second worker rebuilt the run by replaying the whole history: the first six steps ran once, on the first worker.
  const log = readCrashLog(logPath);
  expect(completionsByLabel(log)).toEqual(Object.fromEntries([...Array(10).keys()].map((i) => [`step-${i + 1}`, 1])));
  for (const record of log) {
    const step = Number(record.label.replace('step-', ''));
    expect(record.pid).toBe(step <= 6 ? first.pid : second.pid);
  }
  await second.kill('SIGTERM');
});

test('a worker killed during an activity: the attempt times out on heartbeat, is retried on another worker, and completes once', async () => {
  const taskQueue = env.taskQueue('crash-activity');
  const workflowId = env.workflowId('crash-activity');
  const logPath = path.join(tmpDir, `${workflowId}.log`);
  const gatePath = path.join(tmpDir, `${workflowId}.gate`);
  const first = await spawnWorkerProcess({ address: env.server.address, taskQueue, identity: 'worker-a' });
  const handle = await env.client.workflow.start('crashGatedWorkflow', {
    taskQueue,
    workflowId,
    args: [{ logPath, gatePath }],
  });

  await waitUntil(() => readCrashLog(logPath).some((r) => r.label === 'gated' && r.event === 'started'), {
    what: 'the gated activity running on the first worker',
    timeoutMs: 20_000,
  });
  await first.kill('SIGKILL');
  const second = await spawnWorkerProcess({ address: env.server.address, taskQueue, identity: 'worker-b' });
  fs.writeFileSync(gatePath, '');

  expect(await handle.result()).toEqual([`before@${first.pid}`, `gated@${second.pid}`, `after@${second.pid}`]);

  const log = readCrashLog(logPath);
  expect(completionsByLabel(log)).toEqual({ before: 1, gated: 1, after: 1 });
  expect(log.filter((r) => r.label === 'gated').map(({ event, attempt, pid }) => ({ event, attempt, pid }))).toEqual([
    { event: 'started', attempt: 1, pid: first.pid },
    { event: 'started', attempt: 2, pid: second.pid },
    { event: 'completed', attempt: 2, pid: second.pid },
  ]);

  const events = await historyEvents(env.client, workflowId);
  expect(historyProblems(events)).toEqual([]);
  expect(ofType(events, EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED)).toHaveLength(3);
  const gatedStarted = eventAt(
    ofType(events, EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED),
    1,
  ).activityTaskStartedEventAttributes;
  expect(gatedStarted?.attempt).toBe(2);
  expect(gatedStarted?.identity).toBe('worker-b');
  expect(gatedStarted?.lastFailure?.timeoutFailureInfo?.timeoutType).toBe(TimeoutType.TIMEOUT_TYPE_HEARTBEAT);
  await second.kill('SIGTERM');
});
