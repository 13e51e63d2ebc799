import { temporal } from '@temporalio/proto';
import { startTestEnv, type TestEnv } from '../../support/test-server';
import { waitUntil } from '../../support/wait-until';
import * as activities from '../../fixtures/activities';

let env: TestEnv;
beforeAll(async () => {
  env = await startTestEnv({ searchAttributes: { StageName: 'Keyword' } });
  await env.connection.operatorService.addSearchAttributes({
    namespace: 'default',
    searchAttributes: { Priority: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_INT },
  });
});
afterAll(async () => env?.close());

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of iterable) items.push(item);
  return items;
}

test('registered attributes are listed; start and upsert record attributes and memo that list filters see', async () => {
  const listed = await env.connection.operatorService.listSearchAttributes({ namespace: 'default' });
  expect(Object.keys(listed.customAttributes)).toEqual(expect.arrayContaining(['StageName', 'Priority']));
  expect(Object.keys(listed.systemAttributes)).toEqual(expect.arrayContaining(['WorkflowType', 'ExecutionStatus']));

  const taskQueue = env.taskQueue();
  const worker = await env.createWorker({ taskQueue, activities });
  await worker.runUntil(async () => {
    const handle = await env.client.workflow.start('trackedWorkflow', {
      taskQueue,
      workflowId: env.workflowId(),
      searchAttributes: { Priority: [7] },
      memo: { owner: 'team-a' },
    });
    await handle.signal('markStage', 'drafting');
    const found = await waitUntil(
      async () => {
        const rows = await collect(env.client.workflow.list({ query: `StageName = 'drafting' AND Priority >= 5` }));
        return rows.find((r) => r.workflowId === handle.workflowId);
      },
      { what: 'the upserted StageName to be visible to list filters' },
    );
    expect(found.memo).toEqual({ owner: 'team-a', stage: 'drafting' });
    const description = await handle.describe();
    expect(description.searchAttributes).toMatchObject({ StageName: ['drafting'], Priority: [7] });
    await handle.signal('stopTracking');
    expect(await handle.result()).toBe('drafting');
  });
});

test('an attribute that was never registered is refused at start, and its upsert fails the workflow task', async () => {
  await expect(
    env.client.workflow.start('trackedWorkflow', {
      taskQueue: env.taskQueue(),
      workflowId: env.workflowId(),
      searchAttributes: { NeverRegistered: ['x'] },
    }),
  ).rejects.toMatchObject({
    cause: { code: 3, details: expect.stringContaining('search attribute NeverRegistered is not defined') },
  });

  const taskQueue = env.taskQueue();
  const worker = await env.createWorker({ taskQueue, activities });
  await worker.runUntil(async () => {
    const handle = await env.client.workflow.start('unregisteredAttributeWorkflow', {
      taskQueue,
      workflowId: env.workflowId(),
    });
    const failed = await waitUntil(
      async () => {
        const events = (await handle.fetchHistory()).events ?? [];
        return events.find((e) => e.eventType === temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED);
      },
      { what: 'the workflow task to fail on the unregistered attribute' },
    );
    expect(failed.workflowTaskFailedEventAttributes?.cause).toBe(
      temporal.api.enums.v1.WorkflowTaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_BAD_SEARCH_ATTRIBUTES,
    );
    expect(failed.workflowTaskFailedEventAttributes?.failure?.message).toContain('NeverRegistered is not defined');
    await handle.terminate('test done');
  });
});

test('predefined attributes need no registering: a patched() branch records TemporalChangeVersion; they cannot be registered', async () => {
  const listed = await env.connection.operatorService.listSearchAttributes({ namespace: 'default' });
  expect(listed.systemAttributes).toMatchObject({
    TemporalChangeVersion: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD_LIST,
  });
  await expect(
    env.connection.operatorService.addSearchAttributes({
      namespace: 'default',
      searchAttributes: {
        TemporalChangeVersion: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD_LIST,
      },
    }),
  ).rejects.toMatchObject({ code: 3, details: expect.stringContaining('reserved by the system') });

  const taskQueue = env.taskQueue();
  const worker = await env.createWorker({ taskQueue, activities });
  await worker.runUntil(async () => {
    const handle = await env.client.workflow.start('patchedWorkflow', { taskQueue, workflowId: env.workflowId() });
    expect(await handle.result()).toBe('new path');
    const description = await handle.describe();
    expect(JSON.stringify(description.searchAttributes.TemporalChangeVersion)).toContain('fixture-new-path');
    const rows = await collect(env.client.workflow.list({ query: `TemporalChangeVersion = 'fixture-new-path'` }));
    expect(rows.map((r) => r.workflowId)).toContain(handle.workflowId);
  });
});
