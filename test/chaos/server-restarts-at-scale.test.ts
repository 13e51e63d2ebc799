/**
 * 200 workflows with child workflows and continue-as-new run while the server process is killed with SIGKILL
 * twice and restarted on its database file; every workflow ends with exactly the result it would have had.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { killChildren, spawnServerProcess, type ReadyChild } from '../support/child-process';
import type { ServerProcessReady } from '../support/server-process';
import { waitUntil } from '../support/wait-until';
import { workflowBundle } from '../support/workflow-bundle';
import * as activities from '../fixtures/activities';

const WORKFLOWS = 200;

let tmpDir: string;
const cleanups: (() => Promise<unknown>)[] = [];
beforeAll(() => {
  tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'steadfast-scale-restarts-'));
});
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
  await killChildren();
  fs.rmSync(tmpDir, { recursive: true, force: true });
});

function expectedResult(workflowId: string, index: number): string[] {
  return [0, 1].flatMap((round) => [0, 1].map((k) => `child:${index}.${round}.${k}:${workflowId}`));
}

/** How many workflows of this batch have closed, counted through the server's visibility. */
async function closedCount(client: Client, prefix: string): Promise<number> {
  const { count } = await client.workflow.count(
    `WorkflowId STARTS_WITH '${prefix}-p' AND WorkflowType = 'scaleParent' AND ExecutionStatus = 'Completed'`,
  );
  return count;
}

test('200 workflows with children and continue-as-new survive two kill -9 restarts of the server', async () => {
  const dbPath = path.join(tmpDir, 'server.db');
  let server: ReadyChild<ServerProcessReady> = await spawnServerProcess(dbPath, 0);
  const { address, port } = server.ready;
  const connection = await Connection.connect({ address });
  cleanups.push(() => connection.close());
  const nativeConnection = await NativeConnection.connect({ address });
  cleanups.push(() => nativeConnection.close());
  const client = new Client({ connection });

  const taskQueue = `scale-${randomUUID()}`;
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

  const prefix = `scale-${randomUUID()}`;
  const handles = [];
  for (let index = 0; index < WORKFLOWS; index++) {
    handles.push(
      await client.workflow.start('scaleParent', {
        taskQueue,
        workflowId: `${prefix}-p${index}`,
        args: [index, 0, []],
      }),
    );
  }
  const results = handles.map((handle) => handle.result());
  for (const promise of results) promise.catch(() => undefined);

  for (const crash of [1, 2]) {
    // Let real progress happen first, so each crash lands with work in every state.
    const before = await closedCount(client, prefix);
    await waitUntil(async () => (await closedCount(client, prefix)) >= Math.min(WORKFLOWS, before + 30) || undefined, {
      what: `30 more workflows to complete before crash ${crash}`,
      timeoutMs: 120_000,
      intervalMs: 200,
    });
    await server.kill('SIGKILL');
    server = await spawnServerProcess(dbPath, port);
  }

  const settled = await Promise.all(results);
  settled.forEach((result, index) => expect(result).toEqual(expectedResult(`${prefix}-p${index}`, index)));
  expect(await closedCount(client, prefix)).toBe(WORKFLOWS);
  const children = await client.workflow.count(`WorkflowId STARTS_WITH '${prefix}-p' AND WorkflowType = 'childEcho'`);
  // Exactly two children per run, two runs per workflow: none started twice, none lost.
  expect(children.count).toBe(WORKFLOWS * 4);
}, 300_000);
