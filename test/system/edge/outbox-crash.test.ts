/** kill -9 of the application while it drains its outbox: nothing queued is lost, nothing is started twice. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { SteadfastClient } from '../../../src/client';
import { Outbox } from '../../../src/client/edge/outbox';
import { distEntry, killChildren, spawnReady } from '../../support/child-process';
import { freePort } from '../../support/free-port';
import { startSteadfastEnv, type SteadfastEnv } from '../../support/steadfast-env';
import { waitUntil } from '../../support/wait-until';

jest.setTimeout(180_000);

let env: SteadfastEnv;
let dir: string;
beforeAll(async () => {
  env = await startSteadfastEnv();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'steadfast-edge-crash-'));
});
afterAll(async () => {
  await killChildren();
  await env?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

test('kill -9 mid-drain: every queued request starts exactly once, after a second process drains the rest', async () => {
  const outbox = path.join(dir, 'outbox.db');
  const taskQueue = `edge-crash-${randomUUID()}`;
  const ids = Array.from({ length: 40 }, (_, n) => `crash-${n}-${randomUUID().slice(0, 8)}`);

  // Queue 40 requests while nothing listens (no drain: the application process below does that).
  const offline = await SteadfastClient.connect({
    address: `127.0.0.1:${await freePort()}`,
    taskQueue,
    edge: { outbox, autoDrain: false },
  });
  for (const id of ids) {
    const outcome = await offline.run(
      { goal: id, plan: { steps: [{ id: 'only', agent: 'nobody-polls' }] }, agentHealth: { enabled: false } },
      { id, unreachable: { after: '50ms', then: 'queue' } },
    );
    expect(outcome.mode).toBe('queued');
  }
  await offline.close();

  const app = await spawnReady<{ pid: number }>(distEntry('test/support/edge/drain-process.js'), [
    env.test.server.address,
    outbox,
  ]);
  let settledByFirst = 0;
  app.process.stdout!.on('data', (chunk: Buffer) => {
    settledByFirst += chunk
      .toString()
      .split('\n')
      .filter((line) => line.includes('"outcome"')).length;
  });
  await waitUntil(() => settledByFirst >= 5, { what: 'the first process settling 5 entries', timeoutMs: 60_000 });
  await app.kill('SIGKILL');

  const afterKill = new Outbox(outbox);
  const leftOver = afterKill.list().length;
  afterKill.close();
  expect(leftOver).toBeGreaterThan(0);

  // A new process of the application drains what is left, by itself.
  const second = await SteadfastClient.connect({ address: env.test.server.address, taskQueue, edge: { outbox } });
  try {
    await waitUntil(() => second.outbox.list().length === 0, { what: 'the outbox drained', timeoutMs: 90_000 });
    const entries = second.outbox.list({ all: true });
    expect(entries).toHaveLength(40);
    expect(entries.filter((entry) => entry.outcome !== 'started' && entry.outcome !== 'already_started')).toEqual([]);
    const runs = new Map<string, number>();
    for await (const info of env.test.client.workflow.list({ query: `TaskQueue = '${taskQueue}'` })) {
      runs.set(info.workflowId, (runs.get(info.workflowId) ?? 0) + 1);
    }
    expect(ids.filter((id) => runs.get(id) !== 1)).toEqual([]);
    expect(runs.size).toBe(40);
  } finally {
    for await (const info of env.test.client.workflow.list({
      query: `TaskQueue = '${taskQueue}' AND ExecutionStatus = 'Running'`,
    })) {
      await env.test.client.workflow.getHandle(info.workflowId).terminate('test over');
    }
    await second.close();
  }
});
