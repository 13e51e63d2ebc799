/**
 * The routes the Temporal UI's Schedules pages call, through the embedded server's HTTP API gateway: list, count,
 * describe, matching times, and the UI's pause patch (a write, with the CSRF token as the UI sends it).
 */
import { startTestEnv, type TestEnv } from '../../../support/test-server';
import { uiHttpClient, type UiHttpClient } from '../../../support/ui-http';

let env: TestEnv;
let api: UiHttpClient;
beforeAll(async () => {
  env = await startTestEnv({ ui: { port: 0 } });
  api = uiHttpClient(env.server.uiUrl!);
});
afterAll(async () => env?.close());

test('the Schedules pages read list, count, describe and matching times, and pause through the gateway', async () => {
  const scheduleId = env.workflowId('ui-schedule');
  await env.client.schedule.create({
    scheduleId,
    spec: { cronExpressions: ['15 4 * * *'] },
    action: { type: 'startWorkflow', workflowType: 'greet', taskQueue: env.taskQueue(), workflowId: 'ui-wf' },
    memo: { owner: 'ui' },
  });

  const list = await api.get('/api/v1/namespaces/default/schedules');
  expect(list.status).toBe(200);
  const entry = list.body.schedules.find((s: { scheduleId: string }) => s.scheduleId === scheduleId);
  expect(entry.info.workflowType.name).toBe('greet');
  expect(entry.info.futureActionTimes[0]).toMatch(/T04:15:00Z$/);
  expect(entry.memo.fields.owner).toBeDefined();

  const count = await api.get(
    `/api/v1/namespaces/default/schedule-count?query=${encodeURIComponent(`ScheduleId = '${scheduleId}'`)}`,
  );
  expect(count.body.count).toBe('1');

  const described = await api.get(`/api/v1/namespaces/default/schedules/${encodeURIComponent(scheduleId)}`);
  expect(described.status).toBe(200);
  expect(described.body.schedule.spec.structuredCalendar[0].hour).toEqual([{ start: 4, end: 4, step: 1 }]);
  expect(described.body.info.createTime).toEqual(expect.any(String));

  const times = await api.get(
    `/api/v1/namespaces/default/schedules/${encodeURIComponent(scheduleId)}/matching-times?startTime=2025-01-01T00:00:00Z&endTime=2025-01-03T00:00:00Z`,
  );
  expect(times.body.startTime).toEqual(['2025-01-01T04:15:00Z', '2025-01-02T04:15:00Z']);

  const paused = await api.post(`/api/v1/namespaces/default/schedules/${encodeURIComponent(scheduleId)}/patch`, {
    patch: { pause: 'paused from the UI' },
    identity: 'ui',
    requestId: 'ui-pause',
  });
  expect(paused.status).toBe(200);
  expect((await env.client.schedule.getHandle(scheduleId).describe()).state).toMatchObject({
    paused: true,
    note: 'paused from the UI',
  });
});
