/**
 * The server process killed with SIGKILL while schedules are due: restarted on the same database file, an action
 * missed within its catch-up window runs once, and one whose window has passed is counted as missed, not run.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { waitUntil } from '../support/wait-until';
import { killChildren, spawnServerProcess } from '../support/child-process';
import { workflowBundle } from '../support/workflow-bundle';
import * as activities from '../fixtures/activities';

jest.setTimeout(180_000);

let tmpDir: string;
const cleanups: (() => Promise<unknown>)[] = [];
beforeAll(() => {
  tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'steadfast-schedule-crash-'));
});
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
  await killChildren();
  fs.rmSync(tmpDir, { recursive: true, force: true });
});

async function connect(address: string): Promise<Client> {
  const connection = await Connection.connect({ address });
  cleanups.push(() => connection.close());
  return new Client({ connection });
}

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of iterable) items.push(item);
  return items;
}

test('a schedule due while the server was killed runs once within its catch-up window, and not at all outside it', async () => {
  const dbPath = path.join(tmpDir, 'server.db');
  const first = await spawnServerProcess(dbPath, 0);
  const client = await connect(first.ready.address);
  const taskQueue = `schedule-crash-${randomUUID()}`;
  // One due time, a few seconds ahead, for both schedules: the server will be down when it comes.
  const dueAt = new Date(Math.ceil((Date.now() + 4000) / 1000) * 1000);
  const spec = { intervals: [{ every: '1s' as const }], startAt: dueAt, endAt: dueAt };
  const action = { type: 'startWorkflow' as const, workflowType: 'greet', args: ['after the crash'], taskQueue };
  const within = `within-${randomUUID()}`;
  const outside = `outside-${randomUUID()}`;
  await client.schedule.create({
    scheduleId: within,
    spec,
    action: { ...action, workflowId: `${within}-wf` },
    policies: { catchupWindow: '2m' },
  });
  await client.schedule.create({
    scheduleId: outside,
    spec,
    action: { ...action, workflowId: `${outside}-wf` },
    policies: { catchupWindow: '10s' },
  });
  expect((await client.schedule.getHandle(within).describe()).info.nextActionTimes[0]).toEqual(dueAt);

  const killed = await first.kill('SIGKILL');
  expect(killed.signal).toBe('SIGKILL');
  // Stay down until the due time is more than the short window (10 s, Temporal's minimum) in the past.
  await waitUntil(() => Date.now() > dueAt.getTime() + 12_000, {
    what: 'the short catch-up window to pass',
    timeoutMs: 30_000,
    intervalMs: 200,
  });

  const second = await spawnServerProcess(dbPath, first.ready.port);
  const restarted = await connect(second.ready.address);
  const nativeConnection = await NativeConnection.connect({ address: second.ready.address });
  cleanups.push(() => nativeConnection.close());
  const worker = await Worker.create({
    connection: nativeConnection,
    taskQueue,
    workflowBundle: await workflowBundle(),
    activities,
  });
  await worker.runUntil(async () => {
    const ran = await waitUntil(
      async () => {
        const d = await restarted.schedule.getHandle(within).describe();
        return d.info.numActionsTaken === 1 && d;
      },
      { what: 'the missed action within its catch-up window to run', timeoutMs: 60_000 },
    );
    expect(ran.info.numActionsMissedCatchupWindow).toBe(0);
    const action = ran.info.recentActions[0]!;
    expect(action.scheduledAt).toEqual(dueAt);
    expect(action.takenAt.getTime()).toBeGreaterThan(dueAt.getTime() + 12_000);
    expect(await restarted.workflow.getHandle(action.action.workflow.workflowId).result()).toBe(
      'hello after the crash',
    );

    const missed = await waitUntil(
      async () => {
        const d = await restarted.schedule.getHandle(outside).describe();
        return d.info.numActionsMissedCatchupWindow === 1 && d;
      },
      { what: 'the action outside its catch-up window to be counted as missed', timeoutMs: 60_000 },
    );
    expect(missed.info.numActionsTaken).toBe(0);
    expect(missed.info.recentActions).toEqual([]);

    const started = async (scheduleId: string) =>
      (await collect(restarted.workflow.list({ query: `TemporalScheduledById = '${scheduleId}'` }))).length;
    expect(await started(within)).toBe(1);
    expect(await started(outside)).toBe(0);
  });
});
