import { startTestEnv, type TestEnv } from '../../support/test-server';
import * as activities from '../../fixtures/activities';

let env: TestEnv;
beforeAll(async () => {
  env = await startTestEnv();
});
afterAll(async () => env?.close());

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of iterable) items.push(item);
  return items;
}

test('client.workflow.list() and count() filter by WorkflowType, WorkflowId, ExecutionStatus and StartTime', async () => {
  const taskQueue = env.taskQueue();
  const prefix = env.workflowId('list');
  const worker = await env.createWorker({ taskQueue, activities });
  const beforeStart = new Date(Date.now() - 1000).toISOString();

  await worker.runUntil(async () => {
    for (let i = 0; i < 3; i++) {
      await env.client.workflow.execute('greet', { taskQueue, workflowId: `${prefix}-done-${i}`, args: [`n${i}`] });
    }
  });
  // Two collectors stay running: nobody signals them to finish and no worker runs now.
  for (let i = 0; i < 2; i++) {
    await env.client.workflow.start('collector', { taskQueue, workflowId: `${prefix}-open-${i}`, args: [60_000] });
  }

  const greetDone = await collect(
    env.client.workflow.list({
      query: `WorkflowType = 'greet' AND ExecutionStatus = 'Completed' AND StartTime > '${beforeStart}'`,
    }),
  );
  const ownGreets = greetDone.filter((w) => w.workflowId.startsWith(prefix));
  expect(ownGreets.map((w) => w.workflowId).sort()).toEqual([0, 1, 2].map((i) => `${prefix}-done-${i}`));
  expect(ownGreets.every((w) => w.status.name === 'COMPLETED' && w.type === 'greet' && w.taskQueue === taskQueue)).toBe(
    true,
  );

  const running = await collect(
    env.client.workflow.list({ query: `ExecutionStatus = 'Running' AND WorkflowId STARTS_WITH '${prefix}'` }),
  );
  expect(running.map((w) => w.workflowId).sort()).toEqual([`${prefix}-open-0`, `${prefix}-open-1`]);

  const one = await collect(env.client.workflow.list({ query: `WorkflowId = '${prefix}-done-1'` }));
  expect(one).toHaveLength(1);
  expect(one[0]?.historyLength).toBeGreaterThan(5);

  const { count } = await env.client.workflow.count(`WorkflowId STARTS_WITH '${prefix}'`);
  expect(count).toBe(5);
  const future = new Date(Date.now() + 3_600_000).toISOString();
  expect((await env.client.workflow.count(`StartTime > '${future}'`)).count).toBe(0);
});

test('listing pages through more executions than one page holds', async () => {
  const taskQueue = env.taskQueue();
  const prefix = env.workflowId('page');
  for (let i = 0; i < 12; i++) {
    await env.client.workflow.start('collector', { taskQueue, workflowId: `${prefix}-${i}`, args: [60_000] });
  }
  const listed = await collect(env.client.workflow.list({ query: `WorkflowId STARTS_WITH '${prefix}'`, pageSize: 5 }));
  expect(new Set(listed.map((w) => w.workflowId)).size).toBe(12);
});

test('an invalid list filter is refused with INVALID_ARGUMENT naming the problem', async () => {
  await expect(collect(env.client.workflow.list({ query: `NoSuchAttribute = 'x'` }))).rejects.toMatchObject({
    name: 'ServiceError',
    cause: { code: 3, details: expect.stringContaining('unknown search attribute "NoSuchAttribute"') },
  });
});

test('count with GROUP BY ExecutionStatus returns one group per status', async () => {
  const taskQueue = env.taskQueue();
  const prefix = env.workflowId('group');
  const worker = await env.createWorker({ taskQueue, activities });
  await worker.runUntil(env.client.workflow.execute('greet', { taskQueue, workflowId: `${prefix}-done`, args: ['g'] }));
  await env.client.workflow.start('collector', { taskQueue, workflowId: `${prefix}-open-a`, args: [60_000] });
  await env.client.workflow.start('collector', { taskQueue, workflowId: `${prefix}-open-b`, args: [60_000] });
  const grouped = await env.client.workflow.count(`WorkflowId STARTS_WITH '${prefix}' GROUP BY ExecutionStatus`);
  expect(grouped.count).toBe(3);
  const byStatus = Object.fromEntries(grouped.groups.map((g) => [String(g.groupValues[0]), g.count]));
  expect(byStatus).toEqual({ Running: 2, Completed: 1 });
});
