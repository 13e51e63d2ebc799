/**
 * Write actions through the UI's API (cancel, terminate, signal, reset), refused in read-only mode and without the
 * CSRF token; bad input answered with Temporal's JSON errors and the right HTTP status, never a crash; a long poll
 * the browser walks away from ends at once.
 */
import type { WorkflowHandle } from '@temporalio/client';
import type { Worker } from '@temporalio/worker';
import * as activities from '../../../fixtures/activities';
import { StartedResources } from '../../../support/started-resources';
import { startTestEnv, type TestEnv } from '../../../support/test-server';
import { jsonPayload, uiHttpClient, type UiHttpClient } from '../../../support/ui-http';
import { waitUntil } from '../../../support/wait-until';

const resources = new StartedResources();
let env: TestEnv;
let readOnlyEnv: TestEnv;
let api: UiHttpClient;
let readOnlyApi: UiHttpClient;
let worker: Worker;
let readOnlyWorker: Worker;
let running: Promise<void>;
let readOnlyRunning: Promise<void>;
const taskQueue = `ui-writes-${Date.now()}`;

beforeAll(async () => {
  [env, readOnlyEnv] = await Promise.all([
    resources.start(startTestEnv({ ui: { port: 0 } })),
    resources.start(startTestEnv({ ui: { port: 0, readOnly: true } })),
  ]);
  api = uiHttpClient(env.server.uiUrl!);
  readOnlyApi = uiHttpClient(readOnlyEnv.server.uiUrl!);
  worker = await env.createWorker({ taskQueue, activities });
  readOnlyWorker = await readOnlyEnv.createWorker({ taskQueue, activities });
  running = worker.run();
  readOnlyRunning = readOnlyWorker.run();
});

afterAll(async () => {
  worker?.shutdown();
  readOnlyWorker?.shutdown();
  await Promise.all([running, readOnlyRunning]);
  await resources.closeAll();
});

async function startWaiting(testEnv: TestEnv, workflowType = 'waitForCancel', args: unknown[] = []) {
  const handle = await testEnv.client.workflow.start(workflowType, {
    taskQueue,
    workflowId: testEnv.workflowId('ui-write'),
    args,
  });
  return handle;
}

async function statusOf(handle: WorkflowHandle): Promise<string> {
  return (await handle.describe()).status.name;
}

test('terminate ends a run, with the reason in its history', async () => {
  const handle = await startWaiting(env);
  const { status, body } = await api.post(`/api/v1/namespaces/default/workflows/${handle.workflowId}/terminate`, {
    workflowExecution: { runId: handle.firstExecutionRunId },
    reason: 'stopped from the UI',
  });
  expect([status, body]).toEqual([200, {}]);
  expect(await statusOf(handle)).toBe('TERMINATED');
  const history = await handle.fetchHistory();
  expect(history.events!.at(-1)!.workflowExecutionTerminatedEventAttributes!.reason).toBe('stopped from the UI');
});

test('cancel requests cancellation, which the workflow sees', async () => {
  const handle = await startWaiting(env);
  const { status } = await api.post(`/api/v1/namespaces/default/workflows/${handle.workflowId}/cancel`, {
    reason: 'cancelled from the UI',
  });
  expect(status).toBe(200);
  await waitUntil(async () => (await statusOf(handle)) === 'CANCELLED', { what: 'the run to be cancelled' });
});

test('a signal carries its JSON payload input to the workflow', async () => {
  const handle = await startWaiting(env, 'lifecycleSignalCollector', [1]);
  const { status } = await api.post(`/api/v1/namespaces/default/workflows/${handle.workflowId}/signal/lifecycleItem`, {
    input: { payloads: [jsonPayload('sent from the UI')] },
  });
  expect(status).toBe(200);
  expect(await handle.result()).toEqual(['sent from the UI']);
});

test('reset starts a new run from a workflow task', async () => {
  const handle = await startWaiting(env, 'resettable');
  await waitUntil(async () => (await handle.describe()).historyLength >= 10, { what: 'the first activity to finish' });
  const history = await handle.fetchHistory();
  const firstTaskCompleted = history.events!.find((event) => event.workflowTaskCompletedEventAttributes)!;
  const { status, body } = await api.post(`/api/v1/namespaces/default/workflows/${handle.workflowId}/reset`, {
    workflowExecution: { runId: handle.firstExecutionRunId },
    workflowTaskFinishEventId: String(firstTaskCompleted.eventId),
    reason: 'reset from the UI',
    requestId: `reset-${handle.workflowId}`,
  });
  expect(status).toBe(200);
  expect(body.runId).toMatch(/^[0-9a-f-]{36}$/);
  expect(body.runId).not.toBe(handle.firstExecutionRunId);
  await handle.signal('resetGo');
  expect(await env.client.workflow.getHandle(handle.workflowId, body.runId).result()).toBe('first+second');
});

test('a write without the CSRF token is refused and changes nothing', async () => {
  const handle = await startWaiting(env);
  const { status, body } = await api.post(
    `/api/v1/namespaces/default/workflows/${handle.workflowId}/terminate`,
    { reason: 'forged' },
    { csrf: false },
  );
  expect(status).toBe(403);
  expect(body).toMatchObject({ code: 7, message: expect.stringContaining('CSRF') });
  expect(await statusOf(handle)).toBe('RUNNING');
  await handle.terminate('cleanup');
});

test('read-only: settings say so, writes are refused with a clear error, reads and queries still work', async () => {
  const settings = await readOnlyApi.get('/api/v1/settings');
  expect(settings.body).toMatchObject({
    DisableWriteActions: true,
    WorkflowTerminateDisabled: true,
    WorkflowCancelDisabled: true,
    WorkflowSignalDisabled: true,
    WorkflowResetDisabled: true,
  });
  const handle = await readOnlyEnv.client.workflow.start('waitForCancel', {
    taskQueue,
    workflowId: readOnlyEnv.workflowId('read-only'),
  });
  for (const action of ['terminate', 'cancel', 'signal/anything', 'reset']) {
    const { status, body } = await readOnlyApi.post(
      `/api/v1/namespaces/default/workflows/${handle.workflowId}/${action}`,
      {},
    );
    expect([action, status]).toEqual([action, 403]);
    expect(body.code).toBe(7);
    expect(body.message).toMatch(/read-only/);
  }
  expect(await statusOf(handle)).toBe('RUNNING');
  expect((await readOnlyApi.get(`/api/v1/namespaces/default/workflows/${handle.workflowId}`)).status).toBe(200);
  // A query is a POST, yet allowed: it changes nothing (no worker here, so it times out into a Temporal error).
  const query = await readOnlyApi.post(
    `/api/v1/namespaces/default/workflows/${handle.workflowId}/query/__stack_trace`,
    {},
  );
  expect(query.body.message ?? '').not.toMatch(/read-only/);
  await handle.terminate('cleanup');
}, 30_000);

test('bad input gets Temporal JSON errors with the right HTTP status, and the server keeps answering', async () => {
  const handle = await startWaiting(env);
  const root = `/api/v1/namespaces/default/workflows/${handle.workflowId}`;
  const cases: [string, Promise<{ status: number; body: { code: number; message: string } }>, number, number][] = [
    ['unknown namespace', api.get('/api/v1/namespaces/no-such-namespace/workflows'), 404, 5],
    ['unknown workflow', api.get('/api/v1/namespaces/default/workflows/no-such-workflow'), 404, 5],
    ['unsupported route', api.get('/api/v1/no/such/route'), 404, 5],
    ['wrong method', api.request('DELETE', `${root}/history`), 405, 12],
    ['malformed escape', api.get('/api/v1/namespaces/default/workflows/%E0%A4%A'), 400, 3],
    ['bad enum', api.get(`/api/v1/namespaces/default/task-queues/${taskQueue}?taskQueueType=NOPE`), 400, 3],
    ['bad int64', api.get(`${root}/history?maximumPageSize=lots`), 400, 3],
    ['bad JSON body', api.post(`${root}/terminate`, null, { rawBody: '{"reason": ' }), 400, 3],
    ['unknown body field', api.post(`${root}/terminate`, { reasonn: 'typo' }), 400, 3],
    ['wrong body type', api.post(`${root}/terminate`, { reason: 42 }), 400, 3],
    ['bad base64 token', api.get(`${root}/history?nextPageToken=***`), 400, 3],
    ['unimplemented method', api.get('/api/v1/namespaces/default/batch-operations'), 501, 12],
  ];
  for (const [what, response, httpStatus, code] of cases) {
    const { status, body } = await response;
    expect({ what, status, code: body.code }).toEqual({ what, status: httpStatus, code });
    expect(typeof body.message).toBe('string');
  }
  const unknownNamespace = await api.get('/api/v1/namespaces/no-such-namespace/workflows');
  expect(unknownNamespace.body.details).toEqual([
    {
      '@type': 'type.googleapis.com/temporal.api.errordetails.v1.NamespaceNotFoundFailure',
      namespace: 'no-such-namespace',
    },
  ]);
  expect(await statusOf(handle)).toBe('RUNNING');
  expect((await api.get('/api/v1/settings')).status).toBe(200);
  await handle.terminate('cleanup');
});

test('a long poll for new events ends as soon as the browser goes away', async () => {
  const handle = await startWaiting(env);
  // Once its first workflow task is done the run is quiet: nothing new will end the poll.
  const historyPath = `/api/v1/namespaces/default/workflows/${handle.workflowId}/history`;
  await waitUntil(
    async () =>
      (await api.get(historyPath)).body.history.events.at(-1).eventType === 'EVENT_TYPE_WORKFLOW_TASK_COMPLETED',
    { what: 'the first workflow task to complete' },
  );
  const first = await api.get(`/api/v1/namespaces/default/workflows/${handle.workflowId}/history?waitNewEvent=true`);
  const token: string = first.body.nextPageToken;
  expect(token).toBeTruthy();

  const browser = new AbortController();
  const polling = fetch(
    `${api.baseUrl}/api/v1/namespaces/default/workflows/${handle.workflowId}/history?waitNewEvent=true&nextPageToken=${encodeURIComponent(token)}`,
    { signal: browser.signal },
  ).catch((err: Error) => err.name);
  await waitUntil(() => env.server.uiOpenRequests() === 1, { what: 'the long poll to be waiting on the server' });
  browser.abort();
  expect(await polling).toBe('AbortError');
  // The server-side poll would otherwise wait 20 s for an event that never comes.
  const ended = Date.now();
  await waitUntil(() => env.server.uiOpenRequests() === 0, { what: 'the long poll to end', timeoutMs: 3_000 });
  expect(Date.now() - ended).toBeLessThan(3_000);
  await handle.terminate('cleanup');
});
