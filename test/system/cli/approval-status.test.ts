/**
 * What a person sees of approvals and of runs ended from outside, through the real `steadfast` processes:
 * `approvals` lists the waiting step with its prompt, `status` (and `--json`, ISO-8601 times) shows the prompt, what
 * is to be approved and the decision, `list` shows awaiting_approval, and a run terminated through the Temporal
 * client shows as terminated in `status` and under `list --status terminated`.
 */
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { SteadfastClient } from '../../../src/client';
import { startDevServerProcess, type DevServerProcess } from '../../../src/server/dev-server-process';
import { logged } from '../../support/test-log';
import { makeTempDir, removeTempDir, runCli, spawnCli, type CliProcess } from '../../support/cli-process';
import { waitUntil } from '../../support/wait-until';

const AGENTS_MODULE = path.resolve(__dirname, '../../../examples/agents.js');
const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

let cwd: string;
let server: DevServerProcess;
let orchestrator: CliProcess;
let pool: CliProcess;
let client: SteadfastClient;

beforeAll(async () => {
  cwd = makeTempDir();
  server = logged('server', await startDevServerProcess({ db: ':memory:', cwd }));
  const address = ['--address', server.address];
  orchestrator = spawnCli(['worker', 'orchestrator', ...address, '--module', AGENTS_MODULE], { cwd });
  pool = spawnCli(['worker', 'agents', ...address, '--module', AGENTS_MODULE, '--agents', 'writer'], { cwd });
  await orchestrator.waitForLine(/^Steadfast orchestrator worker polling \(task queue steadfast\.orchestrator\) on /, {
    timeoutMs: 180_000,
  });
  await pool.waitForLine(/^Steadfast agent pool polling \(agents writer\) on /, { timeoutMs: 120_000 });
  client = await SteadfastClient.connect({ address: server.address });
}, 300_000);

afterAll(async () => {
  await client?.close();
  for (const worker of [orchestrator, pool]) worker?.child.kill('SIGKILL');
  await server?.stop();
  removeTempDir(cwd);
});

const cli = (args: string[]) => runCli([...args, '--address', server.address], { cwd, timeoutMs: 120_000 });

async function startReviewed(): Promise<string> {
  const handle = await client.start(
    {
      goal: 'a reviewed note',
      plan: {
        steps: [
          { id: 'draft', agent: 'writer' },
          { id: 'review', kind: 'approval', dependsOn: ['draft'], prompt: 'Publish the draft?', timeout: '10m' },
          { id: 'publish', agent: 'writer', dependsOn: ['review'] },
        ],
      },
      visibility: { searchAttributes: true, memo: true },
    },
    { id: `reviewed-${randomUUID().slice(0, 8)}` },
  );
  await waitUntil(async () => (await client.status(handle.id)).steps[1]!.state === 'awaiting_approval', {
    what: 'the review to wait',
    timeoutMs: 60_000,
  });
  return handle.id;
}

test('approvals, status and list show a waiting approval with its prompt; status shows the decision once made', async () => {
  const id = await startReviewed();

  const approvals = await cli(['approvals']);
  expect({ code: approvals.code, stderr: approvals.stderr }).toEqual({ code: 0, stderr: [] });
  expect(approvals.stdout[0]).toMatch(/^ORCHESTRATION\s+STEP\s+WAITING SINCE\s+TIMES OUT\s+PROMPT$/);
  expect(approvals.stdout).toContainEqual(
    expect.stringMatching(new RegExp(`^${id}\\s+review\\s+.*Publish the draft\\?$`)),
  );
  const approvalsJson = JSON.parse((await cli(['approvals', '--json'])).stdout.join('\n')) as Record<string, unknown>[];
  expect(approvalsJson.find((row) => row.orchestrationId === id)).toMatchObject({
    stepId: 'review',
    prompt: 'Publish the draft?',
    waitingSince: expect.stringMatching(ISO),
    expiresAt: expect.stringMatching(ISO),
  });

  const waiting = await cli(['status', id]);
  expect(waiting.code).toBe(0);
  expect(waiting.stdout).toContain('Approval "review": Publish the draft?');
  expect(waiting.stdout).toContainEqual(expect.stringMatching(/^ {2}to approve: \{"draft":/));
  expect(waiting.stdout).toContainEqual(expect.stringMatching(/^ {2}waiting for a decision, times out in /));
  const listed = await cli(['list', '--status', 'awaiting_approval']);
  expect(listed.stdout).toContainEqual(expect.stringMatching(new RegExp(`^${id}\\s+awaiting_approval\\s`)));

  await client.approve(id, 'review', { by: 'alice', comment: 'ship it' });
  await waitUntil(async () => (await client.status(id)).phase === 'completed', { what: 'the run to complete' });
  const decided = await cli(['status', id]);
  expect(decided.stdout).toContainEqual(
    expect.stringMatching(/^ {2}approved by alice at \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z: ship it$/),
  );
  const json = JSON.parse((await cli(['status', id, '--json'])).stdout.join('\n')) as {
    startedAt: unknown;
    steps: { id: string; startedAt?: unknown; endedAt?: unknown; approval?: Record<string, unknown> }[];
  };
  expect(json.startedAt).toMatch(ISO);
  const review = json.steps.find((step) => step.id === 'review')!;
  expect(review.startedAt).toMatch(ISO);
  expect(review.endedAt).toMatch(ISO);
  expect(review.approval).toMatchObject({
    prompt: 'Publish the draft?',
    decision: { approved: true, by: 'alice', comment: 'ship it', at: expect.stringMatching(ISO) },
  });
  expect((await cli(['approvals', '--json'])).stdout.join('\n')).not.toContain(id);
}, 300_000);

test('a run terminated through the Temporal client shows as terminated in status and list --status terminated', async () => {
  const id = await startReviewed();
  await client.temporal.workflow.getHandle(id).terminate('pulled the plug');

  const status = await cli(['status', id]);
  expect(status.stdout[0]).toMatch(new RegExp(`^Orchestration ${id}: terminated `));
  const terminated = await cli(['list', '--status', 'terminated']);
  expect(terminated.stdout).toContainEqual(expect.stringMatching(new RegExp(`^${id}\\s+terminated\\s`)));
  const running = await cli(['list', '--status', 'running', '--json']);
  expect(running.stdout.join('\n')).not.toContain(id);
}, 300_000);
