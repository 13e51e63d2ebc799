/**
 * `steadfast schedule ...` as a user runs it (the built CLI as a child process) against the embedded server: create
 * from a request file with --cron, list, describe, pause/unpause, trigger (which starts an orchestration with the
 * options `steadfast run` uses), delete, and one-line errors for bad input.
 */
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { startTestEnv, type TestEnv } from '../../support/test-server';
import { makeTempDir, removeTempDir, runCli } from '../../support/cli-process';
import { waitUntil } from '../../support/wait-until';
import { SearchAttributeNames, WorkflowNames } from '../../../src/orchestration/names';

const BRIEF_REQUEST = path.resolve(__dirname, '../../../examples/brief-request.json');

let env: TestEnv;
let cwd: string;
beforeAll(async () => {
  env = await startTestEnv({
    searchAttributes: { [SearchAttributeNames.status]: 'Keyword', [SearchAttributeNames.fallbackCount]: 'Int' },
  });
  cwd = makeTempDir();
});
afterAll(async () => {
  await env?.close();
  removeTempDir(cwd);
});

const cli = (args: string[]) => runCli([...args, '--address', env.server.address], { cwd, timeoutMs: 60_000 });

test('create --cron, list, describe, pause, unpause, trigger an orchestration, delete', async () => {
  const id = `nightly-${randomUUID().slice(0, 8)}`;
  const created = await cli(['schedule', 'create', BRIEF_REQUEST, '--cron', '0 6 * * *', '--id', id]);
  expect({ code: created.code, stdout: created.stdout, stderr: created.stderr }).toEqual({
    code: 0,
    stdout: [id],
    stderr: [],
  });

  const listed = await cli(['schedule', 'list', '--json']);
  expect(listed.code).toBe(0);
  const rows = JSON.parse(listed.stdout.join('\n')) as { scheduleId: string; workflowType: string; paused: boolean }[];
  expect(rows).toContainEqual(
    expect.objectContaining({ scheduleId: id, workflowType: WorkflowNames.orchestrate, paused: false }),
  );

  const described = await cli(['schedule', 'describe', id, '--json']);
  const description = JSON.parse(described.stdout.join('\n')) as { nextActionTimes: string[]; actionsTaken: number };
  expect(description.actionsTaken).toBe(0);
  expect(description.nextActionTimes[0]).toMatch(/T06:00:00\.000Z$/);

  expect((await cli(['schedule', 'pause', id, '--note', 'holiday'])).code).toBe(0);
  const paused = await env.client.schedule.getHandle(id).describe();
  expect(paused.state).toMatchObject({ paused: true, note: 'holiday' });
  expect((await cli(['schedule', 'unpause', id])).code).toBe(0);
  expect((await env.client.schedule.getHandle(id).describe()).state.paused).toBe(false);

  expect((await cli(['schedule', 'trigger', id])).code).toBe(0);
  const action = await waitUntil(
    async () => (await env.client.schedule.getHandle(id).describe()).info.recentActions[0],
    {
      what: 'the triggered orchestration',
      timeoutMs: 30_000,
    },
  );
  const workflowId = action.action.workflow.workflowId;
  expect(workflowId).toMatch(new RegExp(`^orchestration-${id}-\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ$`));
  const started = await env.client.workflow.getHandle(workflowId).describe();
  expect(started.type).toBe(WorkflowNames.orchestrate);
  expect(started.taskQueue).toBe('steadfast.orchestrator');
  expect(started.memo).toEqual({ goal: 'Write a one-page brief on durable execution', mode: 'plan' });
  expect(started.searchAttributes).toMatchObject({
    [SearchAttributeNames.status]: ['running'],
    TemporalScheduledById: [id],
  });
  const humanDescribe = await cli(['schedule', 'describe', id]);
  expect(humanDescribe.stdout).toContain(`Recent: ${workflowId}`);
  await env.client.workflow.getHandle(workflowId).terminate('test over');

  expect((await cli(['schedule', 'delete', id])).code).toBe(0);
  const gone = await cli(['schedule', 'describe', id]);
  expect({ code: gone.code, stderr: gone.stderr }).toEqual({
    code: 1,
    stderr: [`steadfast: no schedule with id "${id}"`],
  });
}, 120_000);

test('bad input is one line: a missing --cron, an invalid cron expression, a duplicate id', async () => {
  const missing = await cli(['schedule', 'create', BRIEF_REQUEST]);
  expect(missing.code).not.toBe(0);
  expect(missing.stderr.join('\n')).toContain('--cron is required');

  const invalid = await cli(['schedule', 'create', BRIEF_REQUEST, '--cron', '61 * * * *']);
  expect(invalid.code).not.toBe(0);
  expect(invalid.stderr).toHaveLength(1);
  expect(invalid.stderr[0]).toContain('invalid schedule: invalid cron string "61 * * * *"');

  const id = `dup-${randomUUID().slice(0, 8)}`;
  expect((await cli(['schedule', 'create', BRIEF_REQUEST, '--cron', '0 6 * * *', '--id', id])).code).toBe(0);
  const duplicate = await cli(['schedule', 'create', BRIEF_REQUEST, '--cron', '0 6 * * *', '--id', id]);
  expect(duplicate.stderr).toEqual([`steadfast: a schedule with id "${id}" already exists; choose another --id`]);
  await env.client.schedule.getHandle(id).delete();
}, 120_000);
