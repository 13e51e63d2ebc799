/**
 * The orchestration commands as a user runs them, all as real processes: `steadfast server`, `steadfast worker
 * orchestrator` and `steadfast worker agents` with the example agents (the reviewer's pool left offline), then
 * `run`, `status`, `list` and `agents` against them.
 */
import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { SteadfastClient } from '../../../src/client';
import { startDevServerProcess, type DevServerProcess } from '../../../src/server/dev-server-process';
import { logged } from '../../support/test-log';
import { makeTempDir, removeTempDir, runCli, spawnCli, type CliProcess } from '../../support/cli-process';

const EXAMPLES = path.resolve(__dirname, '../../../examples');
const AGENTS_MODULE = path.join(EXAMPLES, 'agents.js');
const BRIEF_REQUEST = path.join(EXAMPLES, 'brief-request.json');
const COMPARISON_REQUEST = path.join(EXAMPLES, 'comparison-request.json');

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
  pool = spawnCli(['worker', 'agents', ...address, '--module', AGENTS_MODULE, '--agents', 'researcher,writer'], {
    cwd,
  });
  await orchestrator.waitForLine(/^Steadfast orchestrator worker polling \(task queue steadfast\.orchestrator\) on /, {
    timeoutMs: 90_000,
  });
  await pool.waitForLine(/^Steadfast agent pool polling \(agents researcher,writer\) on /, { timeoutMs: 60_000 });
  client = await SteadfastClient.connect({ address: server.address });
}, 120_000);

afterAll(async () => {
  await client?.close();
  for (const worker of [orchestrator, pool]) worker?.child.kill('SIGKILL');
  await server?.stop();
  removeTempDir(cwd);
});

const cli = (args: string[]) => runCli([...args, '--address', server.address], { cwd, timeoutMs: 60_000 });
const uniqueId = (prefix: string) => `${prefix}-${randomUUID().slice(0, 8)}`;

test('run --wait follows the steps to the end: the offline reviewer falls back to its autonomous handler, exit 0', async () => {
  const id = uniqueId('brief');
  const result = await cli(['run', BRIEF_REQUEST, '--wait', '--id', id]);
  expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: [] });
  const out = result.stdout;
  expect(out[0]).toBe(`Started orchestration ${id}`);
  expect(out).toContain(`Orchestration ${id}: completed`);
  // Not a terminal: plain lines, no cursor movement.
  expect(out.join('\n')).not.toContain('\x1b[');
  expect(out).toContainEqual(expect.stringMatching(/^ {2}research\s+researcher\s+succeeded\s+primary\s+[1-3]\s/));
  expect(out).toContainEqual(expect.stringMatching(/^ {2}draft\s+writer\s+succeeded\s+primary\s+1\s/));
  expect(out).toContainEqual(
    expect.stringMatching(
      /^ {2}review\s+reviewer\s+succeeded\s+autonomous\s+2\s+\+\S+\s+\S+\s+no agent reachable \(schedule-to-start timeout\)$/,
    ),
  );
  expect(out).toContain(
    '  review  primary reviewer failed: no agent reachable (schedule-to-start timeout) → autonomous handler of reviewer succeeded',
  );
  expect(out).toContainEqual(
    expect.stringMatching(new RegExp(`^Orchestration ${id} completed in \\S+ with 1 fallback\\(s\\)$`)),
  );
  expect(out).toContain('  "by": "rule-based review",');
}, 60_000);

test('run prints the id; status shows every step, its mode and the fallback chain', async () => {
  const id = uniqueId('comparison');
  const started = await cli(['run', COMPARISON_REQUEST, '--id', id]);
  expect({ code: started.code, stdout: started.stdout, stderr: started.stderr }).toEqual({
    code: 0,
    stdout: [id],
    stderr: [],
  });
  await client.result(id);

  const status = await cli(['status', id]);
  expect({ code: status.code, stderr: status.stderr }).toEqual({ code: 0, stderr: [] });
  const out = status.stdout;
  expect(out[0]).toBe(`Orchestration ${id}: completed (plan, 4 step(s), 1 fallback(s))`);
  expect(out[1]).toBe('Goal: Compare retries and circuit breakers');
  expect(out).toContainEqual(
    expect.stringMatching(/^STEP\s+AGENT\s+STATE\s+MODE\s+ATTEMPTS\s+STARTED\s+DURATION\s+FALLBACK REASON$/),
  );
  for (const step of ['research-retries', 'research-breakers']) {
    expect(out).toContainEqual(expect.stringMatching(new RegExp(`^${step}\\s+researcher\\s+succeeded\\s+primary\\s`)));
  }
  expect(out).toContainEqual(expect.stringMatching(/^draft\s+writer\s+succeeded\s+primary\s/));
  expect(out).toContainEqual(
    expect.stringMatching(/^review\s+reviewer\s+succeeded\s+autonomous\s+2\s.*no agent reachable/),
  );
  expect(out).toContain('Fallback chains:');

  const json = await cli(['status', id, '--json']);
  const parsed = JSON.parse(json.stdout.join('\n')) as { phase: string; steps: { id: string; mode: string }[] };
  expect(parsed.phase).toBe('completed');
  expect(parsed.steps.map((step) => [step.id, step.mode])).toEqual([
    ['research-retries', 'primary'],
    ['research-breakers', 'primary'],
    ['draft', 'primary'],
    ['review', 'autonomous'],
  ]);
}, 60_000);

test('run --wait of an orchestration that fails exits 1 with one line naming the failed step', async () => {
  const id = uniqueId('doomed');
  const request = path.join(cwd, 'doomed.json');
  fs.writeFileSync(
    request,
    JSON.stringify({
      goal: 'Review with nobody to review',
      plan: { steps: [{ id: 'review', agent: 'reviewer', fallback: { autonomous: false } }] },
    }),
  );
  const result = await cli(['run', request, '--wait', '--id', id]);
  expect(result.code).toBe(1);
  // The reason is "no agent reachable", or "circuit open" once earlier tests have opened the reviewer's circuit.
  expect(result.stderr).toEqual([
    expect.stringMatching(
      new RegExp(
        `^steadfast: orchestration "${id}" failed \\(StepFailed\\): step "review" exhausted its fallback chain: primary agent "reviewer": (no agent reachable|circuit open)`,
      ),
    ),
  ]);
  expect(result.stdout).toContain(`Orchestration ${id}: failed`);
}, 60_000);

test('list shows the orchestrations with their status, and filters by status', async () => {
  const id = uniqueId('listed');
  await cli(['run', BRIEF_REQUEST, '--id', id]);
  await client.result(id);

  const all = await cli(['list']);
  expect({ code: all.code, stderr: all.stderr }).toEqual({ code: 0, stderr: [] });
  expect(all.stdout[0]).toMatch(/^ID\s+STATUS\s+STARTED\s+DURATION\s+FALLBACKS\s+CURRENT AGENTS\s+GOAL$/);
  expect(all.stdout).toContainEqual(
    expect.stringMatching(
      new RegExp(`^${id}\\s+completed\\s.*\\s1\\s+-\\s+Write a one-page brief on durable execution$`),
    ),
  );

  const completed = await cli(['list', '--status', 'completed', '--json']);
  const rows = JSON.parse(completed.stdout.join('\n')) as { id: string; status: string }[];
  expect(rows.find((row) => row.id === id)).toMatchObject({ status: 'completed' });
  expect(rows.every((row) => row.status === 'completed')).toBe(true);

  const paused = await cli(['list', '--status', 'paused']);
  expect(paused.stdout).toEqual(['No paused orchestrations.']);
}, 60_000);

test('agents shows the health registry: the offline reviewer with its failures, the others healthy', async () => {
  const result = await cli(['agents']);
  expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: [] });
  expect(result.stdout[0]).toMatch(/^AGENT\s+CIRCUIT\s+FAILURES IN A ROW\s+RECENT OUTCOMES\s+LAST FAILURE\s+REOPENS$/);
  expect(result.stdout).toContainEqual(
    expect.stringMatching(
      /^reviewer\s+(closed|open)\s+[1-9]\d*\s+0 ok, [1-9]\d* failed\s+✗+\s+no agent reachable, \S+ ago\s/,
    ),
  );
  expect(result.stdout).toContainEqual(
    expect.stringMatching(/^researcher\s+closed\s+0\s+[1-9]\d* ok, 0 failed\s+✓+\s+-\s+-$/),
  );
  expect(result.stdout).toContainEqual(expect.stringMatching(/^writer\s+closed\s+0\s+[1-9]\d* ok, 0 failed\s/));
});

test('status of an unknown orchestration fails with one line', async () => {
  const result = await cli(['status', 'no-such-orchestration']);
  expect({ code: result.code, stdout: result.stdout, stderr: result.stderr }).toEqual({
    code: 1,
    stdout: [],
    stderr: ['steadfast: no orchestration "no-such-orchestration"'],
  });
});

test('the worker commands stop cleanly on SIGTERM and SIGINT', async () => {
  orchestrator.child.kill('SIGTERM');
  pool.child.kill('SIGINT');
  expect(await orchestrator.waitForExit()).toEqual({ code: 0, signal: null });
  expect(await pool.waitForExit()).toEqual({ code: 0, signal: null });
}, 60_000);
