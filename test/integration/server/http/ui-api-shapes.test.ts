/**
 * The UI's HTTP API answers in proto3 JSON exactly as Temporal's ui-server: enums by full name, int64 as strings,
 * Timestamps in RFC 3339, Durations as "10s", payloads with base64 metadata and data (binary data too), failures and
 * errors as Temporal shapes them. Real runs on the embedded server, a real worker, plain HTTP.
 */
import { WorkflowFailedError } from '@temporalio/client';
import type { Worker } from '@temporalio/worker';
import * as activities from '../../../fixtures/activities';
import { startTestEnv, type TestEnv } from '../../../support/test-server';
import { decodePayloadData, uiHttpClient, type UiHttpClient } from '../../../support/ui-http';
import { waitUntil } from '../../../support/wait-until';

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{3}|\.\d{6}|\.\d{9})?Z$/;
const base64 = (text: string) => Buffer.from(text).toString('base64');

let env: TestEnv;
let api: UiHttpClient;
let worker: Worker;
let running: Promise<void>;
const taskQueue = `ui-api-${Date.now()}`;
const ids = { greet: '', failed: '', waiting: '' };
const runIds = { greet: '', failed: '', waiting: '' };
const binaryInput = new Uint8Array([0, 1, 2, 254, 255]);

beforeAll(async () => {
  env = await startTestEnv({ ui: { port: 0 } });
  api = uiHttpClient(env.server.uiUrl!);
  worker = await env.createWorker({ taskQueue, activities });
  running = worker.run();

  ids.greet = env.workflowId('ui-greet');
  const greet = await env.client.workflow.start('greet', { taskQueue, workflowId: ids.greet, args: ['UI'] });
  await greet.result();
  runIds.greet = greet.firstExecutionRunId;

  ids.failed = env.workflowId('ui-failed');
  const failed = await env.client.workflow.start('lifecycleFail', {
    taskQueue,
    workflowId: ids.failed,
    args: ['the reviewer rejected the draft'],
  });
  await expect(failed.result()).rejects.toBeInstanceOf(WorkflowFailedError);
  runIds.failed = failed.firstExecutionRunId;

  // Its input is bytes (the SDK sends them as binary/plain); it runs until cancelled.
  ids.waiting = env.workflowId('ui-waiting');
  const waiting = await env.client.workflow.start('waitForCancel', {
    taskQueue,
    workflowId: ids.waiting,
    args: [binaryInput] as never,
    workflowRunTimeout: '1 hour',
  });
  runIds.waiting = waiting.firstExecutionRunId;
  await waitUntil(async () => (await waiting.describe()).historyLength >= 4, { what: 'the first workflow task' });
});

afterAll(async () => {
  worker?.shutdown();
  await running;
  await env?.close();
});

test('settings are the UI document, with a version that makes the UI encode ids once', async () => {
  const { status, body, headers } = await api.get('/api/v1/settings');
  expect(status).toBe(200);
  expect(headers.get('content-type')).toMatch(/^application\/json/);
  expect(body).toMatchObject({
    Auth: { Enabled: false },
    DefaultNamespace: 'default',
    DisableWriteActions: false,
    WorkflowTerminateDisabled: false,
    BatchActionsDisabled: true,
    StartWorkflowDisabled: true,
    Codec: { Endpoint: '' },
  });
  const [major, minor] = String(body.Version).split('.').map(Number);
  expect(major! > 2 || (major === 2 && minor! >= 23)).toBe(true);
});

test('the list answers executions with full enum names, int64 strings and RFC 3339 times, filtered by a query', async () => {
  const query = encodeURIComponent(`WorkflowId="${ids.greet}"`);
  const { status, body } = await api.get(`/api/v1/namespaces/default/workflows?query=${query}`);
  expect(status).toBe(200);
  expect(body.executions).toHaveLength(1);
  const [execution] = body.executions;
  expect(execution.execution).toEqual({ workflowId: ids.greet, runId: runIds.greet });
  expect(execution.type).toEqual({ name: 'greet' });
  expect(execution.status).toBe('WORKFLOW_EXECUTION_STATUS_COMPLETED');
  expect(execution.historyLength).toMatch(/^\d+$/);
  expect(Number(execution.historyLength)).toBeGreaterThanOrEqual(5);
  expect(execution.startTime).toMatch(RFC3339);
  expect(execution.closeTime).toMatch(RFC3339);
  expect(execution.taskQueue).toBe(taskQueue);
  // Unset fields are left out, as protojson leaves them out.
  expect(execution).not.toHaveProperty('parentExecution');

  const byType = await api.get(
    `/api/v1/namespaces/default/workflows?query=${encodeURIComponent('WorkflowType="lifecycleFail"')}`,
  );
  expect(byType.body.executions.map((e: { execution: { workflowId: string } }) => e.execution.workflowId)).toEqual([
    ids.failed,
  ]);
});

test('count with GROUP BY ExecutionStatus answers one group per status, its value a payload', async () => {
  const query = encodeURIComponent(`TaskQueue="${taskQueue}" GROUP BY ExecutionStatus`);
  const { status, body } = await api.get(`/api/v1/namespaces/default/workflow-count?query=${query}`);
  expect(status).toBe(200);
  expect(body.count).toBe('3');
  const groups = Object.fromEntries(
    body.groups.map((group: { groupValues: { metadata: { encoding: string }; data: string }[]; count: string }) => {
      expect(group.groupValues[0]!.metadata.encoding).toBe(base64('json/plain'));
      return [decodePayloadData(group.groupValues[0]!), group.count];
    }),
  );
  expect(groups).toEqual({ Completed: '1', Failed: '1', Running: '1' });

  // The relationships tab counts a run's family by its root.
  const family = encodeURIComponent(
    `RootWorkflowId = "${ids.greet}" AND RootRunId = "${runIds.greet}" GROUP BY ExecutionStatus`,
  );
  const familyCount = await api.get(`/api/v1/namespaces/default/workflow-count?query=${family}`);
  expect([familyCount.status, familyCount.body.count]).toEqual([200, '1']);
});

test('describe shows the run with its config durations, and the binary input stays base64 bytes in history', async () => {
  const path = `/api/v1/namespaces/default/workflows/${ids.waiting}?execution.runId=${runIds.waiting}`;
  const { status, body } = await api.get(path);
  expect(status).toBe(200);
  expect(body.workflowExecutionInfo.status).toBe('WORKFLOW_EXECUTION_STATUS_RUNNING');
  expect(body.workflowExecutionInfo.execution).toEqual({ workflowId: ids.waiting, runId: runIds.waiting });
  expect(body.executionConfig.defaultWorkflowTaskTimeout).toBe('10s');
  expect(body.executionConfig.workflowRunTimeout).toBe('3600s');
  expect(body.executionConfig.taskQueue).toEqual({ name: taskQueue, kind: 'TASK_QUEUE_KIND_NORMAL' });

  const history = await api.get(
    `/api/v1/namespaces/default/workflows/${ids.waiting}/history?execution.runId=${runIds.waiting}`,
  );
  const started = history.body.history.events[0];
  expect(started.eventId).toBe('1');
  expect(started.eventType).toBe('EVENT_TYPE_WORKFLOW_EXECUTION_STARTED');
  expect(started.eventTime).toMatch(RFC3339);
  const attributes = started.workflowExecutionStartedEventAttributes;
  expect(attributes.workflowRunTimeout).toBe('3600s');
  expect(attributes.workflowTaskTimeout).toBe('10s');
  expect(attributes.input.payloads).toEqual([
    { metadata: { encoding: base64('binary/plain') }, data: Buffer.from(binaryInput).toString('base64') },
  ]);
});

test('history pages forwards with next_page_token and backwards with history-reverse, ids as int64 strings', async () => {
  const root = `/api/v1/namespaces/default/workflows/${ids.greet}`;
  const forward: string[] = [];
  let token = '';
  do {
    const page = await api.get(
      `${root}/history?execution.run_id=${runIds.greet}&maximumPageSize=2${token ? `&next_page_token=${encodeURIComponent(token)}` : ''}`,
    );
    expect(page.status).toBe(200);
    expect(page.body.history.events.length).toBeLessThanOrEqual(2);
    forward.push(...page.body.history.events.map((event: { eventId: string }) => event.eventId));
    token = page.body.nextPageToken ?? '';
  } while (token);
  expect(forward).toEqual(forward.map((_id, index) => String(index + 1)));
  expect(forward.length).toBeGreaterThanOrEqual(5);

  const backward: string[] = [];
  token = '';
  do {
    const page = await api.get(
      `${root}/history-reverse?execution.runId=${runIds.greet}&maximumPageSize=3${token ? `&nextPageToken=${encodeURIComponent(token)}` : ''}`,
    );
    backward.push(...page.body.history.events.map((event: { eventId: string }) => event.eventId));
    token = page.body.nextPageToken ?? '';
  } while (token);
  expect(backward).toEqual([...forward].reverse());

  const all = await api.get(`${root}/history?execution.runId=${runIds.greet}`);
  const completed = all.body.history.events.at(-1);
  expect(completed.eventType).toBe('EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED');
  expect(decodePayloadData(completed.workflowExecutionCompletedEventAttributes.result.payloads[0])).toBe('hello UI');
});

test('a failed run shows its failure as Temporal renders it', async () => {
  const { body } = await api.get(
    `/api/v1/namespaces/default/workflows/${ids.failed}/history?execution.runId=${runIds.failed}`,
  );
  const failedEvent = body.history.events.at(-1);
  expect(failedEvent.eventType).toBe('EVENT_TYPE_WORKFLOW_EXECUTION_FAILED');
  const failure = failedEvent.workflowExecutionFailedEventAttributes.failure;
  expect(failure.message).toBe('the reviewer rejected the draft');
  expect(failure.applicationFailureInfo).toMatchObject({ type: 'LifecycleFailure', nonRetryable: true });
  expect(failedEvent.workflowExecutionFailedEventAttributes.retryState).toBe('RETRY_STATE_RETRY_POLICY_NOT_SET');
});

test('queries run through POST, __stack_trace included; an unknown query is a Temporal error', async () => {
  const path = `/api/v1/namespaces/default/workflows/${ids.waiting}/query/__stack_trace`;
  const { status, body } = await api.post(path, { execution: { runId: runIds.waiting } }, { csrf: false });
  expect(status).toBe(200);
  const stack = decodePayloadData(body.queryResult.payloads[0]);
  expect(stack).toEqual(expect.stringContaining('workflows/basic.ts'));

  const unknown = await api.post(
    `/api/v1/namespaces/default/workflows/${ids.waiting}/query/noSuchQuery`,
    {},
    { csrf: false },
  );
  expect(unknown.status).toBe(400);
  expect(unknown.body.code).toBe(3);
  expect(unknown.body.message).toMatch(/noSuchQuery/);
});

test('the task queue answers its pollers, the query parameter enum by name or by number', async () => {
  for (const type of ['TASK_QUEUE_TYPE_WORKFLOW', '1']) {
    const { status, body } = await api.get(`/api/v1/namespaces/default/task-queues/${taskQueue}?taskQueueType=${type}`);
    expect(status).toBe(200);
    expect(body.pollers.length).toBeGreaterThanOrEqual(1);
    expect(body.pollers[0].lastAccessTime).toMatch(RFC3339);
    expect(typeof body.pollers[0].identity).toBe('string');
  }
});

test('search attributes list system and custom attributes with their type names', async () => {
  const { status, body } = await api.get('/api/v1/namespaces/default/search-attributes');
  expect(status).toBe(200);
  expect(body.systemAttributes).toMatchObject({
    WorkflowType: 'INDEXED_VALUE_TYPE_KEYWORD',
    StartTime: 'INDEXED_VALUE_TYPE_DATETIME',
    ExecutionStatus: 'INDEXED_VALUE_TYPE_KEYWORD',
  });
});

test('history.json streams the whole history as one JSON array', async () => {
  const { status, body } = await api.get(
    `/api/v1/namespaces/default/workflows/${ids.greet}/run/${runIds.greet}/history.json`,
  );
  expect(status).toBe(200);
  expect(Array.isArray(body)).toBe(true);
  expect(body[0].eventType).toBe('EVENT_TYPE_WORKFLOW_EXECUTION_STARTED');
  expect(body.at(-1).eventType).toBe('EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED');
});
