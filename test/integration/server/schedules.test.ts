import {
  ScheduleAlreadyRunning,
  ScheduleNotFoundError,
  ScheduleOverlapPolicy,
  type ScheduleHandle,
} from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import Long from 'long';
import { startTestEnv, type TestEnv } from '../../support/test-server';
import { waitUntil } from '../../support/wait-until';
import * as activities from '../../fixtures/activities';

let env: TestEnv;
beforeAll(async () => {
  env = await startTestEnv({ searchAttributes: { Team: 'Keyword' } });
});
afterAll(async () => env?.close());

const WAIT = { timeoutMs: 30_000 };
const scheduleId = (prefix: string) => env.workflowId(`schedule-${prefix}`);

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of iterable) items.push(item);
  return items;
}

async function deleteQuietly(handle: ScheduleHandle): Promise<void> {
  await handle.delete().catch(() => undefined);
}

test('create with cron, calendar and interval specs; describe, list with memo and attributes, duplicate id, delete', async () => {
  const id = scheduleId('crud');
  const startAt = new Date(Date.UTC(2030, 0, 1));
  const handle = await env.client.schedule.create({
    scheduleId: id,
    spec: {
      cronExpressions: ['30 9 * * MON-FRI'],
      calendars: [{ hour: 18, minute: 15, dayOfWeek: 'SATURDAY' }],
      intervals: [{ every: '7d', offset: '1h' }],
      startAt,
      jitter: '1s',
      timezone: 'Europe/Paris',
    },
    action: {
      type: 'startWorkflow',
      workflowType: 'greet',
      args: ['scheduled'],
      taskQueue: env.taskQueue(),
      workflowId: 'nightly',
      memo: { purpose: 'report' },
      searchAttributes: { Team: ['research'] },
      workflowRunTimeout: '1h',
    },
    memo: { owner: 'ops' },
    searchAttributes: { Team: ['ops'] },
    state: { paused: true, note: 'created paused' },
  });

  const described = await handle.describe();
  // Cron strings come back compiled into structured calendars, as Temporal's server describes them.
  expect(described.spec.calendars).toEqual(
    expect.arrayContaining([
      expect.objectContaining({
        hour: [{ start: 9, end: 9, step: 1 }],
        minute: [{ start: 30, end: 30, step: 1 }],
        dayOfWeek: [{ start: 'MONDAY', end: 'FRIDAY', step: 1 }],
      }),
      expect.objectContaining({
        hour: [{ start: 18, end: 18, step: 1 }],
        dayOfWeek: [expect.objectContaining({ start: 'SATURDAY' })],
      }),
    ]),
  );
  expect(described.spec.intervals).toEqual([{ every: 7 * 86_400_000, offset: 3_600_000 }]);
  expect(described.spec.timezone).toBe('Europe/Paris');
  expect(described.spec.startAt).toEqual(startAt);
  expect(described.action).toMatchObject({
    workflowType: 'greet',
    workflowId: 'nightly',
    args: ['scheduled'],
    memo: { purpose: 'report' },
    searchAttributes: { Team: ['research'] },
    workflowRunTimeout: 3_600_000,
  });
  expect(described.state).toMatchObject({ paused: true, note: 'created paused' });
  expect(described.memo).toEqual({ owner: 'ops' });
  expect(described.searchAttributes).toMatchObject({ Team: ['ops'] });
  expect(described.info.numActionsTaken).toBe(0);
  expect(described.info.createdAt.getTime()).toBeGreaterThan(Date.now() - 60_000);
  // Future times honour the start time, the Paris time zone and (at most 1 s of) jitter.
  const next = described.info.nextActionTimes;
  expect(next.length).toBe(10);
  expect(next[0]!.getTime()).toBeGreaterThanOrEqual(startAt.getTime());
  for (const t of next) {
    const paris = new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Europe/Paris',
      hour: '2-digit',
      minute: '2-digit',
      weekday: 'short',
      hourCycle: 'h23',
    }).format(new Date(Math.floor(t.getTime() / 1000) * 1000));
    const utcMinute = new Date(t.getTime() - (t.getTime() % 1000)).toISOString();
    const intervalHit = (Date.parse(utcMinute) - 3_600_000) % (7 * 86_400_000) === 0;
    expect(intervalHit || /^(Mon|Tue|Wed|Thu|Fri) 09:30$/.test(paris) || paris === 'Sat 18:15').toBe(true);
  }

  const listed = await waitUntil(
    async () => (await collect(env.client.schedule.list())).find((s) => s.scheduleId === id),
    { what: 'the schedule in the list' },
  );
  expect(listed.memo).toEqual({ owner: 'ops' });
  expect(listed.searchAttributes).toMatchObject({ Team: ['ops'] });
  expect(listed.state).toMatchObject({ paused: true, note: 'created paused' });
  expect(listed.action?.workflowType).toBe('greet');
  const byQuery = await collect(env.client.schedule.list({ query: `ScheduleId = '${id}'` }));
  expect(byQuery.map((s) => s.scheduleId)).toEqual([id]);

  await expect(
    env.client.schedule.create({
      scheduleId: id,
      spec: { intervals: [{ every: '1h' }] },
      action: { type: 'startWorkflow', workflowType: 'greet', taskQueue: env.taskQueue() },
    }),
  ).rejects.toBeInstanceOf(ScheduleAlreadyRunning);

  await expect(
    env.client.schedule.create({
      scheduleId: scheduleId('bad'),
      spec: { cronExpressions: ['not a cron'] },
      action: { type: 'startWorkflow', workflowType: 'greet', taskQueue: env.taskQueue() },
    }),
    // The SDK turns Temporal's "Invalid schedule spec: ..." INVALID_ARGUMENT into a TypeError with the rest.
  ).rejects.toThrow(new TypeError('invalid cron string "not a cron": Invalid characters, got value: a'));

  await handle.delete();
  await expect(handle.describe()).rejects.toBeInstanceOf(ScheduleNotFoundError);
  expect((await collect(env.client.schedule.list())).some((s) => s.scheduleId === id)).toBe(false);
});

test('an interval schedule starts workflows named <id>-<nominal time> that carry the scheduled-by attributes', async () => {
  const taskQueue = env.taskQueue();
  const worker = await env.createWorker({ taskQueue, activities });
  await worker.runUntil(async () => {
    const id = scheduleId('interval');
    const handle = await env.client.schedule.create({
      scheduleId: id,
      spec: { intervals: [{ every: '2s' }] },
      action: {
        type: 'startWorkflow',
        workflowType: 'greet',
        args: ['tick'],
        taskQueue,
        workflowId: `${id}-wf`,
        memo: { from: 'schedule' },
      },
    });
    try {
      const action = await waitUntil(async () => (await handle.describe()).info.recentActions[0], {
        what: 'the first scheduled action',
        ...WAIT,
      });
      const workflowId = action.action.workflow.workflowId;
      const scheduledAt = action.scheduledAt;
      expect(scheduledAt.getTime() % 2000).toBe(0);
      expect(workflowId).toBe(`${id}-wf-${scheduledAt.toISOString().replace('.000Z', 'Z')}`);
      const run = env.client.workflow.getHandle(workflowId);
      expect(await run.result()).toBe('hello tick');
      const description = await run.describe();
      expect(description.memo).toEqual({ from: 'schedule' });
      expect(description.searchAttributes.TemporalScheduledById).toEqual([id]);
      expect(description.searchAttributes.TemporalScheduledStartTime).toEqual([scheduledAt]);
      const listed = await collect(env.client.workflow.list({ query: `TemporalScheduledById = '${id}'` }));
      expect(listed.map((w) => w.workflowId)).toContain(workflowId);
      const after = await waitUntil(
        async () => {
          const d = await handle.describe();
          return d.info.numActionsTaken >= 2 && d;
        },
        { what: 'a second action', ...WAIT },
      );
      expect(after.info.recentActions[1]!.scheduledAt.getTime() - scheduledAt.getTime()).toBe(2000);
    } finally {
      await deleteQuietly(handle);
    }
  });
});

test('pause and unpause with notes, trigger while paused, backfill a range, update with a conflict token, matching times', async () => {
  const taskQueue = env.taskQueue();
  const worker = await env.createWorker({ taskQueue, activities });
  await worker.runUntil(async () => {
    const id = scheduleId('patch');
    const handle = await env.client.schedule.create({
      scheduleId: id,
      spec: { calendars: [{ hour: 3, minute: 0 }] },
      action: { type: 'startWorkflow', workflowType: 'greet', args: ['patched'], taskQueue, workflowId: `${id}-wf` },
      state: { paused: true, note: 'initially paused' },
    });
    try {
      await handle.unpause('back on');
      expect((await handle.describe()).state).toMatchObject({ paused: false, note: 'back on' });
      await handle.pause('hold it');
      expect((await handle.describe()).state).toMatchObject({ paused: true, note: 'hold it' });

      // A trigger runs even while paused.
      await handle.trigger();
      const triggered = await waitUntil(async () => (await handle.describe()).info.recentActions[0], {
        what: 'the triggered action',
        ...WAIT,
      });
      expect(await env.client.workflow.getHandle(triggered.action.workflow.workflowId).result()).toBe('hello patched');

      // Backfill: one action per spec time in the range, start inclusive, named by nominal time.
      const day = Date.UTC(2024, 4, 1, 3, 0, 0);
      await handle.backfill({
        start: new Date(day),
        end: new Date(day + 2 * 86_400_000),
        overlap: ScheduleOverlapPolicy.ALLOW_ALL,
      });
      const described = await waitUntil(
        async () => {
          const d = await handle.describe();
          return d.info.numActionsTaken === 4 && d;
        },
        { what: 'three backfilled actions', ...WAIT },
      );
      const backfilledIds = described.info.recentActions.slice(1).map((a) => a.action.workflow.workflowId);
      expect(backfilledIds).toEqual([
        `${id}-wf-2024-05-01T03:00:00Z`,
        `${id}-wf-2024-05-02T03:00:00Z`,
        `${id}-wf-2024-05-03T03:00:00Z`,
      ]);
      for (const workflowId of backfilledIds) {
        expect(await env.client.workflow.getHandle(workflowId).result()).toBe('hello patched');
      }

      const matching = await env.client.workflowService.listScheduleMatchingTimes({
        namespace: 'default',
        scheduleId: id,
        startTime: { seconds: Long.fromNumber(day / 1000) },
        endTime: { seconds: Long.fromNumber(day / 1000 + 3 * 86_400) },
      });
      expect(matching.startTime.map((t) => Number(t.seconds) * 1000)).toEqual([
        day + 86_400_000,
        day + 2 * 86_400_000,
        day + 3 * 86_400_000,
      ]);

      // Update through the SDK, then with a stale conflict token through the raw API.
      const { conflictToken } = await env.client.workflowService.describeSchedule({
        namespace: 'default',
        scheduleId: id,
      });
      await handle.update((previous) => ({ ...previous, spec: { calendars: [{ hour: 4, minute: 30 }] } }));
      const updated = await handle.describe();
      expect(updated.spec.calendars).toEqual([
        expect.objectContaining({ hour: [{ start: 4, end: 4, step: 1 }], minute: [{ start: 30, end: 30, step: 1 }] }),
      ]);
      const stale = await env.client.workflowService
        .updateSchedule({
          namespace: 'default',
          scheduleId: id,
          schedule: updated.raw.schedule ?? null,
          conflictToken,
          requestId: 'stale',
        })
        .catch((err: unknown) => err);
      expect(stale).toMatchObject({ code: 9, details: 'mismatched conflict token' });
    } finally {
      await deleteQuietly(handle);
    }
  });
});

test('BUFFER_ONE: with an action longer than the interval, one start waits and later ones are skipped', async () => {
  const taskQueue = env.taskQueue();
  const worker = await env.createWorker({ taskQueue, activities });
  await worker.runUntil(async () => {
    const id = scheduleId('buffer-one');
    const handle = await env.client.schedule.create({
      scheduleId: id,
      spec: { intervals: [{ every: '1s' }] },
      action: { type: 'startWorkflow', workflowType: 'lifecycleWaitForRelease', taskQueue, workflowId: `${id}-wf` },
      policies: { overlap: ScheduleOverlapPolicy.BUFFER_ONE },
    });
    try {
      const busy = await waitUntil(
        async () => {
          const d = await handle.describe();
          return d.info.numActionsSkippedOverlap >= 2 && d;
        },
        { what: 'overlapping actions to be skipped while the first runs', ...WAIT },
      );
      expect(busy.info.numActionsTaken).toBe(1);
      expect(busy.info.runningActions).toHaveLength(1);
      expect(busy.raw.info?.bufferSize?.toString()).toBe('1');
      const first = busy.info.runningActions[0]!.workflow.workflowId;

      await env.client.workflow.getHandle(first).signal('lifecycleRelease', 'done');
      const second = await waitUntil(
        async () => {
          const d = await handle.describe();
          const running = d.info.runningActions[0]?.workflow.workflowId;
          return d.info.numActionsTaken === 2 && running !== undefined && running !== first && d;
        },
        { what: 'the buffered action to start once the first closed', ...WAIT },
      );
      expect(second.info.runningActions).toHaveLength(1);
      expect(await env.client.workflow.getHandle(first).result()).toBe('done');
      // The buffered start kept its own nominal time: one second after the first.
      const [a, b] = second.info.recentActions;
      expect(b!.scheduledAt.getTime() - a!.scheduledAt.getTime()).toBe(1000);
      await handle.pause('test over');
      await env.client.workflow.getHandle(second.info.runningActions[0]!.workflow.workflowId).terminate('test over');
    } finally {
      await deleteQuietly(handle);
    }
  });
});

test('TERMINATE_OTHER on trigger ends the running workflow; pause on failure pauses with the failure as note', async () => {
  const taskQueue = env.taskQueue();
  const worker = await env.createWorker({ taskQueue, activities });
  await worker.runUntil(async () => {
    const id = scheduleId('terminate');
    const handle = await env.client.schedule.create({
      scheduleId: id,
      spec: { calendars: [{ hour: 3 }] },
      action: { type: 'startWorkflow', workflowType: 'lifecycleWaitForRelease', taskQueue, workflowId: `${id}-wf` },
      policies: { overlap: ScheduleOverlapPolicy.SKIP },
    });
    const failing = await env.client.schedule.create({
      scheduleId: scheduleId('fails'),
      spec: { calendars: [{ hour: 3 }] },
      action: {
        type: 'startWorkflow',
        workflowType: 'lifecycleFail',
        args: ['boom'],
        taskQueue,
        workflowId: `${id}-fail`,
      },
      policies: { pauseOnFailure: true, overlap: ScheduleOverlapPolicy.SKIP },
    });
    try {
      // A trigger with a non-overlapping policy is tracked as running (ALLOW_ALL starts are not, as in Temporal).
      await handle.trigger(ScheduleOverlapPolicy.SKIP);
      const first = await waitUntil(async () => (await handle.describe()).info.runningActions[0], {
        what: 'the initial trigger to run',
        ...WAIT,
      });
      await handle.trigger(ScheduleOverlapPolicy.TERMINATE_OTHER);
      const replaced = await waitUntil(
        async () => {
          const running = (await handle.describe()).info.runningActions[0];
          return running && running.workflow.firstExecutionRunId !== first.workflow.firstExecutionRunId && running;
        },
        { what: 'the new action to replace the terminated one', ...WAIT },
      );
      const firstDescription = await env.client.workflow
        .getHandle(first.workflow.workflowId, first.workflow.firstExecutionRunId)
        .describe();
      expect(firstDescription.status.name).toBe('TERMINATED');
      await env.client.workflow.getHandle(replaced.workflow.workflowId).terminate('test over');

      await failing.trigger(ScheduleOverlapPolicy.SKIP);
      const paused = await waitUntil(
        async () => {
          const d = await failing.describe();
          return d.state.paused && d;
        },
        { what: 'the schedule to pause after the failure', ...WAIT },
      );
      expect(paused.state.note).toMatch(new RegExp(`^paused due to workflow failure: ${id}-fail-.*: boom$`));
      expect(paused.info.recentActions[0]).toBeDefined();
      expect(paused.raw.info?.recentActions?.[0]?.startWorkflowStatus).toBe(
        temporal.api.enums.v1.WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_FAILED,
      );
    } finally {
      await deleteQuietly(handle);
      await deleteQuietly(failing);
    }
  });
});
