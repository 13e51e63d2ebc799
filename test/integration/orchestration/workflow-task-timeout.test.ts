/**
 * Orchestrations start with a short workflow task timeout (3 s by default, a client option): a workflow task held by
 * an orchestrator worker that died comes back that soon, on a Temporal cluster as on the embedded server.
 */
import { InvalidConfigError, SteadfastClient } from '../../../src/client';
import { submitOutboxEntry } from '../../../src/client/edge/edge-submit';
import { parseOrchestrationRequest } from '../../../src/config/orchestration-request';
import { startTestEnv, type TestEnv } from '../../support/test-server';

let env: TestEnv;
beforeAll(async () => {
  env = await startTestEnv();
});
afterAll(async () => env?.close());

const request = { goal: 'g', plan: { steps: [{ id: 'a', agent: 'nobody-serves-this' }] } };

async function startedTaskTimeoutMs(client: SteadfastClient, id: string): Promise<number> {
  await client.start(request, { id });
  return taskTimeoutMsOf(id);
}

async function taskTimeoutMsOf(id: string): Promise<number> {
  const handle = env.client.workflow.getHandle(id);
  const described = await handle.describe();
  await handle.terminate('test done');
  const timeout = described.raw.executionConfig?.defaultWorkflowTaskTimeout;
  return Number(timeout?.seconds ?? 0) * 1000 + Math.round((timeout?.nanos ?? 0) / 1e6);
}

test('orchestrations start with a 3 s workflow task timeout unless the client says otherwise', async () => {
  const taskQueue = env.taskQueue('wft-timeout');
  const byDefault = SteadfastClient.fromClient(env.client, { taskQueue });
  await expect(startedTaskTimeoutMs(byDefault, env.workflowId('wft-default'))).resolves.toBe(3_000);
  const configured = SteadfastClient.fromClient(env.client, { taskQueue, workflowTaskTimeout: '5s' });
  await expect(startedTaskTimeoutMs(configured, env.workflowId('wft-configured'))).resolves.toBe(5_000);
});

test("schedules and the edge outbox start orchestrations with the client's workflow task timeout too", async () => {
  const taskQueue = env.taskQueue('wft-other-starts');
  const client = SteadfastClient.fromClient(env.client, { taskQueue, workflowTaskTimeout: '7s' });
  const schedule = await client.schedule(request, { cron: ['0 0 1 1 *'], paused: true });
  const action = (await schedule.describe()).action;
  await schedule.delete();
  expect(action.type === 'startWorkflow' && action.workflowTaskTimeout).toBe(7_000);

  const id = env.workflowId('wft-edge-drain');
  const entry = {
    id,
    decision: 'queue' as const,
    state: 'pending' as const,
    request: parseOrchestrationRequest(request),
    taskQueue,
    receivedAt: Date.now(),
    attempts: 0,
  };
  const settings = { startTimeoutMs: 10_000, workflowTaskTimeoutMs: 7_000 };
  await expect(submitOutboxEntry(env.client, entry, settings, Date.now())).resolves.toBe('started');
  await expect(taskTimeoutMsOf(id)).resolves.toBe(7_000);
});

test('a workflow task timeout out of range is refused with the field named', () => {
  expect(() => SteadfastClient.fromClient(env.client, { workflowTaskTimeout: '10m' })).toThrow(InvalidConfigError);
  expect(() => SteadfastClient.fromClient(env.client, { workflowTaskTimeout: '10m' })).toThrow(
    /workflowTaskTimeout: must be at most 120s/,
  );
  expect(() => SteadfastClient.fromClient(env.client, { workflowTaskTimeout: 'soon' })).toThrow(
    /workflowTaskTimeout: expected a duration/,
  );
});
