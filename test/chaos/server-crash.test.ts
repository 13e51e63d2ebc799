/**
 * The server process killed with SIGKILL while workflows wait on timers, running and queued activities, and signals;
 * restarted on the same database file, it carries every run on to its result with nothing lost or done twice.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { Client, Connection, type WorkflowHandle } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { temporal } from '@temporalio/proto';
import { tsToMs } from '@temporalio/common';
import { eventTypeNames, historyEvents, historyProblems } from '../support/history-checks';
import { waitUntil } from '../support/wait-until';
import { killChildren, spawnServerProcess } from '../support/child-process';
import { completionsByLabel, readCrashLog } from '../support/crash-log';
import { workflowBundle } from '../support/workflow-bundle';
import * as activities from '../fixtures/activities';

const { EventType, PendingActivityState } = temporal.api.enums.v1;

let tmpDir: string;
const cleanups: (() => Promise<unknown>)[] = [];
beforeAll(() => {
  tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'steadfast-server-crash-'));
});
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
  await killChildren();
  fs.rmSync(tmpDir, { recursive: true, force: true });
});

/** A server process on a database file, a client and a native connection to it, and in-process workers. */
async function startServerOnFile(dbPath: string) {
  const server = await spawnServerProcess(dbPath, 0);
  const connection = await Connection.connect({ address: server.ready.address });
  cleanups.push(() => connection.close());
  const nativeConnection = await NativeConnection.connect({ address: server.ready.address });
  cleanups.push(() => nativeConnection.close());
  const startWorker = async (taskQueue: string) => {
    const worker = await Worker.create({
      connection: nativeConnection,
      taskQueue,
      workflowBundle: await workflowBundle(),
      activities,
      stickyQueueScheduleToStartTimeout: '1s',
    });
    const running = worker.run();
    cleanups.push(async () => {
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await running;
    });
  };
  return { server, client: new Client({ connection }), startWorker };
}

/** Every run is waiting at once: its timer started, its gated activity running, its late activity queued, its signal awaited. */
async function allPending(client: Client, handle: WorkflowHandle): Promise<boolean> {
  const description = await handle.describe();
  const states = Object.fromEntries(
    (description.raw.pendingActivities ?? []).map((a) => [
      a.activityType?.name === 'crashGatedStep' ? 'gated' : 'late',
      a.state,
    ]),
  );
  if (states.gated !== PendingActivityState.PENDING_ACTIVITY_STATE_STARTED) return false;
  if (states.late !== PendingActivityState.PENDING_ACTIVITY_STATE_SCHEDULED) return false;
  if (description.raw.pendingWorkflowTask) return false;
  const names = eventTypeNames(await historyEvents(client, handle.workflowId));
  return names.includes('TimerStarted') && !names.includes('TimerFired');
}

test('a server killed mid-run restarts on its database file and every run finishes: timers fire, activities and signals arrive, once', async () => {
  const dbPath = path.join(tmpDir, 'server.db');
  const logPath = path.join(tmpDir, 'activities.log');
  const gatePath = path.join(tmpDir, 'gate');
  const taskQueue = `server-crash-${randomUUID()}`;
  const lateTaskQueue = `${taskQueue}-late`;

  const { server: firstServer, client, startWorker } = await startServerOnFile(dbPath);
  const { address, port } = firstServer.ready;
  await startWorker(taskQueue);

  const handles = await Promise.all(
    [1, 2, 3].map((i) =>
      client.workflow.start('crashDurableWorkflow', {
        taskQueue,
        workflowId: `server-crash-${i}-${randomUUID()}`,
        args: [{ logPath, gatePath, timerMs: 4_000, lateTaskQueue }],
      }),
    ),
  );
  // Asked before the crash; the answers come from the restarted server.
  const results = handles.map((handle) => handle.result());
  // (Awaited below; marked handled so a failure before that point reports itself, not an unhandled rejection.)
  for (const result of results) result.catch(() => undefined);
  for (const handle of handles) {
    await waitUntil(() => allPending(client, handle), {
      what: `${handle.workflowId} waiting on everything`,
      timeoutMs: 20_000,
    });
  }

  const killed = await firstServer.kill('SIGKILL');
  expect(killed.signal).toBe('SIGKILL');
  const killedAt = Date.now();
  const secondServer = await spawnServerProcess(dbPath, port);
  expect(secondServer.ready.address).toBe(address);

  for (const handle of handles) await handle.signal('crashRelease');
  fs.writeFileSync(gatePath, '');
  await startWorker(lateTaskQueue);
  const pid = process.pid;
  for (const result of results) {
    await expect(result).resolves.toEqual([`after-timer@${pid}`, `gated@${pid}`, `late@${pid}`, `after-signal@${pid}`]);
  }

  const log = readCrashLog(logPath);
  for (const handle of handles) {
    const mine = log.filter((r) => r.workflowId === handle.workflowId);
    expect(completionsByLabel(mine)).toEqual({ 'after-timer': 1, gated: 1, late: 1, 'after-signal': 1 });
    // The gated activity's one attempt outlived the crash: it was never started again.
    expect(mine.filter((r) => r.label === 'gated').map((r) => [r.event, r.attempt])).toEqual([
      ['started', 1],
      ['completed', 1],
    ]);

    const events = await historyEvents(client, handle.workflowId);
    expect(historyProblems(events)).toEqual([]);
    const names = eventTypeNames(events);
    const count = (name: string) => names.filter((n) => n === name).length;
    expect(count('TimerStarted')).toBe(1);
    expect(count('TimerFired')).toBe(1);
    // The timer was still pending when the server died: the restarted server fired it from the database.
    const fired = events.find((e) => e.eventType === EventType.EVENT_TYPE_TIMER_FIRED)!;
    expect(tsToMs(fired.eventTime)).toBeGreaterThanOrEqual(killedAt);
    expect(count('WorkflowExecutionSignaled')).toBe(1);
    expect(count('ActivityTaskScheduled')).toBe(4);
    expect(count('ActivityTaskStarted')).toBe(4);
    expect(count('ActivityTaskCompleted')).toBe(4);
    expect(
      events
        .filter((e) => e.eventType === EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED)
        .map((e) => e.activityTaskStartedEventAttributes?.attempt),
    ).toEqual([1, 1, 1, 1]);
    expect(names[names.length - 1]).toBe('WorkflowExecutionCompleted');
    expect((await handle.describe()).status.name).toBe('COMPLETED');
  }
});

test('a server killed while workers are busy: every run still completes each step once in its history', async () => {
  const dbPath = path.join(tmpDir, 'busy.db');
  const logPath = path.join(tmpDir, 'busy.log');
  const taskQueue = `server-crash-busy-${randomUUID()}`;
  const steps = 15;

  const { server: firstServer, client, startWorker } = await startServerOnFile(dbPath);
  await startWorker(taskQueue);

  const handles = await Promise.all(
    [1, 2, 3, 4].map((i) =>
      client.workflow.start('crashStepsWorkflow', {
        taskQueue,
        workflowId: `server-crash-busy-${i}-${randomUUID()}`,
        args: [{ logPath, steps }],
        workflowTaskTimeout: '2s',
      }),
    ),
  );
  const results = handles.map((handle) => handle.result());
  for (const result of results) result.catch(() => undefined);

  // Killed in full flight: some runs mid-step, tasks and results on the wire.
  await waitUntil(() => readCrashLog(logPath).length >= 20, { what: 'twenty steps done', timeoutMs: 20_000 });
  await firstServer.kill('SIGKILL');
  expect(readCrashLog(logPath).length).toBeLessThan(4 * steps);
  await spawnServerProcess(dbPath, firstServer.ready.port);

  const pid = process.pid;
  for (const result of results) {
    await expect(result).resolves.toEqual([...Array(steps).keys()].map((i) => `step-${i + 1}@${pid}`));
  }
  for (const handle of handles) {
    const events = await historyEvents(client, handle.workflowId);
    expect(historyProblems(events)).toEqual([]);
    const completed = events.filter((e) => e.eventType === EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED);
    expect(completed).toHaveLength(steps);
    expect(eventTypeNames(events).pop()).toBe('WorkflowExecutionCompleted');
    // Activities run at least once, as in Temporal: a result the worker could not deliver while the server was down
    // makes the attempt time out and run again. What must never happen is the same attempt acting twice.
    const log = readCrashLog(logPath).filter((r) => r.workflowId === handle.workflowId && r.event === 'completed');
    expect(Object.keys(completionsByLabel(log)).sort()).toEqual(
      [...Array(steps).keys()].map((i) => `step-${i + 1}`).sort(),
    );
    for (const label of new Set(log.map((r) => r.label))) {
      const attempts = log.filter((r) => r.label === label).map((r) => r.attempt);
      expect(new Set(attempts).size).toBe(attempts.length);
    }
  }
});
