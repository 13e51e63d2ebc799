import { Client, WorkflowNotFoundError } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import { msToTs } from '@temporalio/common';
import { startTestEnv, type TestEnv } from '../../support/test-server';
import { waitUntil } from '../../support/wait-until';
import { workflowBundle } from '../../support/workflow-bundle';
import * as activities from '../../fixtures/activities';

let env: TestEnv;
beforeAll(async () => {
  env = await startTestEnv();
});
afterAll(async () => env?.close());

const service = () => env.client.workflowService;

test('namespaces can be registered, listed, described and updated; duplicates are refused', async () => {
  await service().registerNamespace({
    namespace: 'agents-ns',
    description: 'for agents',
    workflowExecutionRetentionPeriod: msToTs('1 hour'),
  });
  const described = await service().describeNamespace({ namespace: 'agents-ns' });
  expect(described.namespaceInfo?.description).toBe('for agents');
  expect(Number(described.config?.workflowExecutionRetentionTtl?.seconds)).toBe(3600);

  const listed = await service().listNamespaces({});
  expect(listed.namespaces.map((n) => n.namespaceInfo?.name)).toEqual(expect.arrayContaining(['default', 'agents-ns']));

  await service().updateNamespace({ namespace: 'agents-ns', updateInfo: { description: 'renamed' } });
  expect((await service().describeNamespace({ namespace: 'agents-ns' })).namespaceInfo?.description).toBe('renamed');

  await expect(service().registerNamespace({ namespace: 'agents-ns' })).rejects.toMatchObject({ code: 6 });
  await expect(service().describeNamespace({ namespace: 'nope' })).rejects.toMatchObject({ code: 5 });
});

test('closed executions are deleted once the namespace retention has passed', async () => {
  await service().registerNamespace({
    namespace: 'short-retention',
    workflowExecutionRetentionPeriod: msToTs('1 second'),
  });
  const client = new Client({ connection: env.connection, namespace: 'short-retention' });
  const taskQueue = env.taskQueue();
  const worker = await Worker.create({
    connection: env.nativeConnection,
    namespace: 'short-retention',
    taskQueue,
    activities,
    workflowBundle: await workflowBundle(),
  });
  const workflowId = env.workflowId();
  await worker.runUntil(client.workflow.execute('greet', { taskQueue, workflowId, args: ['brief'] }));
  expect((await client.workflow.getHandle(workflowId).describe()).status.name).toBe('COMPLETED');
  const gone = await waitUntil(
    async () => {
      try {
        await client.workflow.getHandle(workflowId).describe();
        return false;
      } catch (err) {
        return err instanceof WorkflowNotFoundError;
      }
    },
    { what: 'the closed execution to be deleted after retention', timeoutMs: 10_000, intervalMs: 100 },
  );
  expect(gone).toBe(true);
});

test('DescribeTaskQueue shows the pollers of a live pool and the backlog of a queue nobody polls', async () => {
  const taskQueue = env.taskQueue();
  const worker = await env.createWorker({ taskQueue, activities, identity: 'pool-member-1' });
  await worker.runUntil(async () => {
    await env.client.workflow.execute('greet', { taskQueue, workflowId: env.workflowId(), args: ['x'] });
    const described = await service().describeTaskQueue({
      namespace: 'default',
      taskQueue: { name: taskQueue },
      taskQueueType: temporal.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_ACTIVITY,
    });
    expect(described.pollers.map((p) => p.identity)).toContain('pool-member-1');
  });

  const idleQueue = env.taskQueue('idle');
  for (let i = 0; i < 3; i++)
    await env.client.workflow.start('greet', { taskQueue: idleQueue, workflowId: env.workflowId(), args: ['y'] });
  const idle = await service().describeTaskQueue({
    namespace: 'default',
    taskQueue: { name: idleQueue },
    taskQueueType: temporal.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW,
  });
  expect(idle.pollers).toHaveLength(0);
  expect(Number(idle.stats?.approximateBacklogCount)).toBe(3);
});

test('GetSystemInfo and GetClusterInfo describe the server honestly', async () => {
  const info = await service().getSystemInfo({});
  expect(info.capabilities?.sdkMetadata).toBe(true);
  expect(info.capabilities?.supportsSchedules).toBe(false);
  const cluster = await service().getClusterInfo({});
  expect(cluster.persistenceStore).toBe('sqlite');
});
