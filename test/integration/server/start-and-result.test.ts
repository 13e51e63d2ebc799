import { startTestEnv, type TestEnv } from '../../support/test-server';
import * as activities from '../../fixtures/activities';

let env: TestEnv;
beforeAll(async () => {
  env = await startTestEnv();
});
afterAll(async () => env?.close());

test('a workflow runs an activity and its result reaches the client', async () => {
  const taskQueue = env.taskQueue();
  const worker = await env.createWorker({ taskQueue, activities });
  const result = await worker.runUntil(async () => {
    const handle = await env.client.workflow.start('greet', {
      taskQueue,
      workflowId: env.workflowId(),
      args: ['world'],
    });
    return handle.result();
  });
  expect(result).toBe('hello world');
});
