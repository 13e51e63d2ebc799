/** Errors the server reports to the client: missing workflows, unknown namespaces, invalid start requests. */
import { randomUUID } from 'node:crypto';
import { status as GrpcStatus } from '@grpc/grpc-js';
import { Client, isGrpcServiceError, WorkflowNotFoundError } from '@temporalio/client';
import { NamespaceNotFoundError } from '@temporalio/common';
import { startTestEnv, type TestEnv } from '../../support/test-server';
import { rejectionOf } from '../../support/rejection-of';

let env: TestEnv;
beforeAll(async () => {
  env = await startTestEnv();
});
afterAll(async () => env?.close());

describe('workflows that do not exist', () => {
  test('signalling one fails with WorkflowNotFoundError', async () => {
    const workflowId = env.workflowId('missing');
    const err = await rejectionOf(env.client.workflow.getHandle(workflowId).signal('lifecycleItem', 'x'));
    expect(err).toBeInstanceOf(WorkflowNotFoundError);
    expect((err as WorkflowNotFoundError).workflowId).toBe(workflowId);
    expect((err as Error).message).toContain(workflowId);
  });

  test('describe, cancel, terminate and query of one fail with WorkflowNotFoundError', async () => {
    const handle = env.client.workflow.getHandle(env.workflowId('missing'));
    const calls = [
      () => handle.describe(),
      () => handle.cancel(),
      () => handle.terminate('why not'),
      () => handle.query('lifecycleItems'),
    ];
    for (const call of calls) {
      expect(await rejectionOf(call())).toBeInstanceOf(WorkflowNotFoundError);
    }
  });

  test('a run id that does not exist is not found even when the workflow id does', async () => {
    const workflowId = env.workflowId();
    await env.client.workflow.start('lifecycleWaitForRelease', { taskQueue: env.taskQueue(), workflowId });
    const err = await rejectionOf(
      env.client.workflow.getHandle(workflowId, randomUUID()).signal('lifecycleRelease', 'x'),
    );
    expect(err).toBeInstanceOf(WorkflowNotFoundError);
  });

  test('signalling a closed workflow fails with WorkflowNotFoundError', async () => {
    const workflowId = env.workflowId();
    const handle = await env.client.workflow.start('lifecycleWaitForRelease', {
      taskQueue: env.taskQueue(),
      workflowId,
    });
    await handle.terminate('closed for this test');
    const err = await rejectionOf(handle.signal('lifecycleRelease', 'too late'));
    expect(err).toBeInstanceOf(WorkflowNotFoundError);
    expect((err as Error).message).toBe('workflow execution already completed');
  });
});

describe('an unknown namespace', () => {
  const namespace = 'lifecycle-no-such-namespace';

  test('start fails with NamespaceNotFoundError naming the namespace', async () => {
    const client = new Client({ connection: env.connection, namespace });
    const err = await rejectionOf(
      client.workflow.start('lifecycleWaitForRelease', { taskQueue: env.taskQueue(), workflowId: env.workflowId() }),
    );
    expect(err).toBeInstanceOf(NamespaceNotFoundError);
    expect((err as NamespaceNotFoundError).namespace).toBe(namespace);
  });

  test('signal and describe fail with NamespaceNotFoundError', async () => {
    const client = new Client({ connection: env.connection, namespace });
    const handle = client.workflow.getHandle(env.workflowId());
    for (const call of [() => handle.signal('lifecycleRelease', 'x'), () => handle.describe()]) {
      const err = await rejectionOf(call());
      expect(err).toBeInstanceOf(NamespaceNotFoundError);
      expect((err as NamespaceNotFoundError).namespace).toBe(namespace);
    }
  });

  test('the raw RPC is NOT_FOUND', async () => {
    const err = await rejectionOf(
      env.connection.workflowService.signalWorkflowExecution({
        namespace,
        workflowExecution: { workflowId: env.workflowId() },
        signalName: 'lifecycleRelease',
      }),
    );
    expect(isGrpcServiceError(err)).toBe(true);
    expect((err as { code: number }).code).toBe(GrpcStatus.NOT_FOUND);
    expect((err as { details: string }).details).toContain(namespace);
  });
});

describe('invalid start requests', () => {
  function startRequest(overrides: Record<string, unknown>) {
    return {
      namespace: 'default',
      workflowId: env.workflowId(),
      workflowType: { name: 'lifecycleWaitForRelease' },
      taskQueue: { name: env.taskQueue() },
      requestId: randomUUID(),
      ...overrides,
    };
  }

  // The TypeScript client refuses these before sending, so they go through the raw WorkflowService.
  test.each([
    ['an empty task queue', { taskQueue: { name: '' } }, 'TaskQueue'],
    ['no task queue', { taskQueue: undefined }, 'TaskQueue'],
    ['an empty workflow id', { workflowId: '' }, 'WorkflowId'],
    ['an empty workflow type', { workflowType: { name: '' } }, 'WorkflowType'],
  ])('a start with %s is INVALID_ARGUMENT naming the field', async (_what, overrides, field) => {
    const request = startRequest(overrides);
    const err = await rejectionOf(env.connection.workflowService.startWorkflowExecution(request));
    expect(isGrpcServiceError(err)).toBe(true);
    expect((err as { code: number }).code).toBe(GrpcStatus.INVALID_ARGUMENT);
    expect((err as { details: string }).details).toContain(field);
    // Nothing was started under that id.
    if (request.workflowId) {
      expect(await rejectionOf(env.client.workflow.getHandle(request.workflowId).describe())).toBeInstanceOf(
        WorkflowNotFoundError,
      );
    }
  });

  test('signal-with-start with an empty task queue is INVALID_ARGUMENT naming the field', async () => {
    const err = await rejectionOf(
      env.connection.workflowService.signalWithStartWorkflowExecution({
        ...startRequest({ taskQueue: { name: '' } }),
        signalName: 'lifecycleRelease',
      }),
    );
    expect((err as { code: number }).code).toBe(GrpcStatus.INVALID_ARGUMENT);
    expect((err as { details: string }).details).toContain('TaskQueue');
  });
});
