/**
 * Operating orchestrations from the CLI, all as real processes against `steadfast server`: pause, resume, cancel,
 * terminate, result, history, watch, `run -` from stdin, and `list | head -1`. The agent `gated` finishes a step
 * only once the test creates the step's gate file, so every run is steered at a known point.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { SteadfastClient } from '../../../src/client';
import { startDevServerProcess, type DevServerProcess } from '../../../src/server/dev-server-process';
import { logged } from '../../support/test-log';
import {
  killRunningClis,
  makeTempDir,
  removeTempDir,
  runCli,
  spawnCli,
  STEADFAST_BIN,
  type CliProcess,
} from '../../support/cli-process';
import { present } from '../../support/present';
import { waitUntil } from '../../support/wait-until';

const ACTIVITIES = path.resolve(__dirname, '../../../dist/src/activities');

let cwd: string;
let gates: string;
let agentsModule: string;
let server: DevServerProcess;
let orchestrator: CliProcess;
let pool: CliProcess;
let client: SteadfastClient;

beforeAll(async () => {
  cwd = makeTempDir();
  gates = path.join(cwd, 'gates');
  fs.mkdirSync(gates);
  agentsModule = path.join(cwd, 'gated-agents.js');
  fs.writeFileSync(
    agentsModule,
    `'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { defineAgent } = require(${JSON.stringify(ACTIVITIES)});
const gated = defineAgent({
  name: 'gated',
  handler: async (task, ctx) => {
    const gate = path.join(${JSON.stringify(gates)}, ctx.orchestrationId + '.' + ctx.stepId);
    while (!fs.existsSync(gate)) {
      if (ctx.signal.aborted) throw new Error('cancelled while waiting for its gate');
      ctx.heartbeat({ waiting: true });
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return ctx.stepId + ' done';
  },
  timeouts: { scheduleToStart: '20s', startToClose: '2m', heartbeat: '10s' },
  retry: { maxAttempts: 1 },
});
module.exports = { gated };
`,
  );
  server = logged('server', await startDevServerProcess({ db: ':memory:', cwd }));
  const address = ['--address', server.address];
  orchestrator = spawnCli(['worker', 'orchestrator', ...address, '--module', agentsModule], { cwd });
  pool = spawnCli(['worker', 'agents', ...address, '--module', agentsModule], {
    cwd,
    env: { ...process.env, STEADFAST_LOG_LEVEL: 'WARN' },
  });
  await orchestrator.waitForLine(/^Steadfast orchestrator worker polling /, { timeoutMs: 200_000 });
  await pool.waitForLine(/^Steadfast agent pool polling \(agents gated\) on /, { timeoutMs: 60_000 });
  client = await SteadfastClient.connect({ address: server.address });
}, 300_000);

afterAll(async () => {
  // Not after each test: the workers of beforeAll are CLI processes too.
  killRunningClis();
  await client?.close();
  for (const worker of [orchestrator, pool]) worker?.child.kill('SIGKILL');
  await server?.stop();
  removeTempDir(cwd);
});

const cli = (args: string[], options: { stdin?: string } = {}) =>
  runCli([...args, '--address', server.address], { cwd, timeoutMs: 60_000, ...options });
const uniqueId = (prefix: string) => `${prefix}-${randomUUID().slice(0, 8)}`;

/** A plan of gated steps, each depending on the one before. */
function gatedPlan(...stepIds: string[]) {
  return {
    goal: `Steps ${stepIds.join(', ')}`,
    plan: {
      steps: stepIds.map((id, index) => ({
        id,
        agent: 'gated',
        ...(index > 0 ? { dependsOn: [stepIds[index - 1]] } : {}),
      })),
    },
  };
}

function writeRequest(id: string, request: object): string {
  const file = path.join(cwd, `${id}.json`);
  fs.writeFileSync(file, JSON.stringify(request));
  return file;
}

function openGate(id: string, step: string): void {
  fs.writeFileSync(path.join(gates, `${id}.${step}`), '');
}

async function untilStep(id: string, step: string, state: string) {
  return waitUntil(
    async () => {
      const status = await client.status(id);
      return status.steps.find((candidate) => candidate.id === step)?.state === state ? status : undefined;
    },
    { what: `step ${step} of ${id} to be ${state}`, timeoutMs: 30_000, intervalMs: 100 },
  );
}

/** Starts a run through the CLI and returns its id once it is running. */
async function startGated(prefix: string, ...steps: string[]): Promise<string> {
  const id = uniqueId(prefix);
  const started = await cli(['run', writeRequest(id, gatedPlan(...steps)), '--id', id]);
  expect({ code: started.code, stdout: started.stdout, stderr: started.stderr }).toEqual({
    code: 0,
    stdout: [id],
    stderr: [],
  });
  return id;
}

test('pause holds the next step, resume releases it, cancel stops the run; each exits 0 with one line', async () => {
  const id = await startGated('steered', 'first', 'second');
  await untilStep(id, 'first', 'running');

  const paused = await cli(['pause', id]);
  expect({ code: paused.code, stderr: paused.stderr }).toEqual({ code: 0, stderr: [] });
  expect(paused.stdout).toEqual([
    `Paused orchestration ${id}: running steps finish, no new step starts until \`steadfast resume ${id}\``,
  ]);
  await waitUntil(async () => (await client.status(id)).paused, { what: 'the pause to be recorded' });
  openGate(id, 'first');
  const whilePaused = await untilStep(id, 'first', 'succeeded');
  expect(whilePaused.phase).toBe('paused');
  expect(whilePaused.steps[1]).toMatchObject({ id: 'second', state: 'pending' });

  const resumed = await cli(['resume', id]);
  expect({ code: resumed.code, stdout: resumed.stdout, stderr: resumed.stderr }).toEqual({
    code: 0,
    stdout: [`Resumed orchestration ${id}`],
    stderr: [],
  });
  await untilStep(id, 'second', 'running');

  const cancelled = await cli(['cancel', id, '--reason', 'goal changed']);
  expect({ code: cancelled.code, stdout: cancelled.stdout, stderr: cancelled.stderr }).toEqual({
    code: 0,
    stdout: [`Cancelled orchestration ${id}: running steps are being cancelled`],
    stderr: [],
  });
  expect(await client.result(id)).toMatchObject({ status: 'cancelled' });

  // A cancelled run has no output to give: `result` says so, exit 1.
  const result = await cli(['result', id]);
  expect({ code: result.code, stdout: result.stdout, stderr: result.stderr }).toEqual({
    code: 1,
    stdout: [],
    stderr: [`steadfast: orchestration "${id}" was cancelled`],
  });
  // Steering a run that has ended is refused: one line, exit 1.
  const late = await cli(['pause', id]);
  expect({ code: late.code, stdout: late.stdout, stderr: late.stderr }).toEqual({
    code: 1,
    stdout: [],
    stderr: [expect.stringMatching(new RegExp(`^steadfast: .*${id}`))],
  });
}, 240_000);

test('terminate ends the run through Temporal: result exits 1 naming it, history ends with the termination', async () => {
  const id = await startGated('terminated', 'only');
  await untilStep(id, 'only', 'running');

  const terminated = await cli(['terminate', id, '--reason', 'stuck after a bad deploy']);
  expect({ code: terminated.code, stdout: terminated.stdout, stderr: terminated.stderr }).toEqual({
    code: 0,
    stdout: [`Terminated orchestration ${id}: stuck after a bad deploy`],
    stderr: [],
  });

  const result = await cli(['result', id]);
  expect({ code: result.code, stdout: result.stdout }).toEqual({ code: 1, stdout: [] });
  expect(result.stderr).toEqual([
    expect.stringMatching(new RegExp(`^steadfast: orchestration "${id}" failed \\(Terminated\\): `)),
  ]);
  const json = await cli(['result', id, '--json']);
  expect(json.code).toBe(1);
  expect(JSON.parse(json.stdout.join('\n'))).toMatchObject({
    orchestrationId: id,
    status: 'failed',
    failure: { type: 'Terminated' },
  });

  const history = await cli(['history', id, '--json']);
  const runs = JSON.parse(history.stdout.join('\n')) as {
    events: { type: string; details: Record<string, unknown> }[];
  }[];
  expect(runs.at(-1)?.events.at(-1)).toMatchObject({
    type: 'WorkflowExecutionTerminated',
    details: { reason: 'stuck after a bad deploy' },
  });
  // Terminating twice: the run is gone, one line, exit 1.
  const again = await cli(['terminate', id, '--reason', 'again']);
  expect({ code: again.code, stderr: again.stderr }).toEqual({
    code: 1,
    stderr: [expect.stringMatching(/^steadfast: \S/)],
  });
}, 240_000);

test('result prints the output of a finished run, and the whole result with ISO-8601 times with --json', async () => {
  const id = uniqueId('finished');
  openGate(id, 'only');
  const run = await cli(['run', writeRequest(id, gatedPlan('only')), '--id', id, '--wait']);
  expect(run.code).toBe(0);

  const text = await cli(['result', id]);
  expect({ code: text.code, stdout: text.stdout, stderr: text.stderr }).toEqual({
    code: 0,
    stdout: ['only done'],
    stderr: [],
  });

  const json = await cli(['result', id, '--json']);
  expect({ code: json.code, stderr: json.stderr }).toEqual({ code: 0, stderr: [] });
  const parsed = JSON.parse(json.stdout.join('\n')) as {
    status: string;
    output: unknown;
    steps: { id: string; startedAt: unknown; endedAt: unknown }[];
  };
  expect(parsed).toMatchObject({ orchestrationId: id, status: 'completed', output: 'only done', fallbackCount: 0 });
  const step = present(parsed.steps[0], 'the step of the result');
  for (const time of [step.startedAt, step.endedAt]) {
    expect(time).toEqual(expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/));
  }
}, 240_000);

test('history shows the events of a run under its header, WorkflowExecutionStarted first, as a table and as JSON', async () => {
  const id = uniqueId('history');
  openGate(id, 'only');
  await cli(['run', writeRequest(id, gatedPlan('only')), '--id', id, '--wait']);

  const json = await cli(['history', id, '--json']);
  expect({ code: json.code, stderr: json.stderr }).toEqual({ code: 0, stderr: [] });
  const runs = JSON.parse(json.stdout.join('\n')) as {
    runId: string;
    events: { eventId: number; time: string; type: string; details: Record<string, unknown> }[];
  }[];
  // One run: the orchestration did not continue as new (history-command.test.ts shows a chain).
  expect(runs).toHaveLength(1);
  const { runId, events } = present(runs[0], 'the run');
  expect(events[0]).toMatchObject({
    eventId: 1,
    type: 'WorkflowExecutionStarted',
    details: { workflowType: expect.any(String), taskQueue: 'steadfast.orchestrator' },
  });
  expect(events.map((event) => event.eventId)).toEqual(events.map((_, index) => index + 1));
  expect(events.every((event) => !Number.isNaN(Date.parse(event.time)) && event.time.endsWith('Z'))).toBe(true);
  expect(events).toContainEqual(
    expect.objectContaining({
      type: 'ActivityTaskScheduled',
      details: expect.objectContaining({ taskQueue: 'steadfast.agent.gated' }),
    }),
  );
  expect(events.at(-1)?.type).toBe('WorkflowExecutionCompleted');

  const text = await cli(['history', id]);
  expect(text.code).toBe(0);
  expect(text.stdout[0]).toBe(`Run 1 of 1: ${runId}`);
  expect(text.stdout[1]).toMatch(/^ID\s+TIME\s+TYPE\s+DETAILS$/);
  expect(text.stdout[2]).toMatch(
    /^ 1\s+\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}\s+WorkflowExecutionStarted\s+workflowType=/,
  );
  expect(text.stdout).toHaveLength(events.length + 2);
}, 240_000);

test('watch reattaches to a live run: step changes as they happen, the aligned final table, then how it ended', async () => {
  const id = await startGated('watched', 'first', 'second');
  const watch = spawnCli(['watch', id, '--address', server.address], { cwd });
  await watch.waitForLine(new RegExp(`^ {2}first: running \\(primary\\)`));
  openGate(id, 'first');
  await watch.waitForLine(new RegExp(`^ {2}second: running \\(primary\\)`));
  openGate(id, 'second');
  expect(await watch.waitForExit(60_000)).toEqual({ code: 0, signal: null });

  const out = watch.stdout;
  expect(watch.stderr).toEqual([]);
  const header = out.findIndex((line) => /^ {2}STEP\s+AGENT\s+STATE\s/.test(line));
  const ended = out.indexOf(`Orchestration ${id}: completed`);
  expect(header).toBeGreaterThan(-1);
  // The status line comes after the last step line of the final table, whose columns line up with its header.
  expect(ended).toBe(header + 3);
  for (const row of out.slice(header + 1, ended)) {
    expect(row.indexOf('succeeded')).toBe(present(out[header], 'header').indexOf('STATE'));
  }
  expect(out[ended + 1]).toMatch(new RegExp(`^Orchestration ${id} completed in \\S+ with 0 fallback\\(s\\)$`));
}, 240_000);

test('run - reads the request from stdin; --json prints the id, with --wait the result', async () => {
  const id = uniqueId('stdin');
  openGate(id, 'only');
  const started = await cli(['run', '-', '--id', id, '--json'], { stdin: JSON.stringify(gatedPlan('only')) });
  expect({ code: started.code, stderr: started.stderr }).toEqual({ code: 0, stderr: [] });
  expect(JSON.parse(started.stdout.join('\n'))).toMatchObject({ orchestrationId: id });
  expect(await client.result(id)).toMatchObject({ status: 'completed', output: 'only done' });

  const waitedId = uniqueId('stdin-wait');
  openGate(waitedId, 'only');
  const waited = await cli(['run', '-', '--id', waitedId, '--wait', '--json'], {
    stdin: JSON.stringify(gatedPlan('only')),
  });
  expect({ code: waited.code, stderr: waited.stderr }).toEqual({ code: 0, stderr: [] });
  expect(JSON.parse(waited.stdout.join('\n'))).toMatchObject({
    orchestrationId: waitedId,
    status: 'completed',
    output: 'only done',
  });

  const broken = await cli(['run', '-'], { stdin: '{ "goal": ' });
  expect({ code: broken.code, stdout: broken.stdout }).toEqual({ code: 2, stdout: [] });
  expect(broken.stderr).toEqual([expect.stringMatching(/^steadfast: the request on stdin is not valid JSON: /)]);
}, 240_000);

test('list | head -1 exits quietly, and so does a command whose reader went away before it wrote', async () => {
  const piped = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const shell = spawn(
      'bash',
      ['-c', `set -o pipefail; "${process.execPath}" "${STEADFAST_BIN}" list --address ${server.address} | head -1`],
      { cwd, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    let stderr = '';
    shell.stdout.setEncoding('utf8').on('data', (chunk: string) => void (stdout += chunk));
    shell.stderr.setEncoding('utf8').on('data', (chunk: string) => void (stderr += chunk));
    shell.once('close', (code) => resolve({ code, stdout, stderr }));
  });
  expect(piped).toEqual({ code: 0, stdout: expect.stringMatching(/^ID\s+STATUS\s/), stderr: '' });

  // The reader closes its end at once, so every write of `list --json` meets EPIPE.
  const closed = spawn(process.execPath, [STEADFAST_BIN, 'list', '--json', '--address', server.address], {
    cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  closed.stdout.destroy();
  let stderr = '';
  closed.stderr.setEncoding('utf8').on('data', (chunk: string) => void (stderr += chunk));
  const code = await new Promise<number | null>((resolve) => closed.once('close', resolve));
  expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
}, 60_000);

test('an agents module defining one agent twice stops the pool and the orchestrator at once: one line, exit 2', async () => {
  const twice = path.join(cwd, 'twice-agents.js');
  fs.writeFileSync(
    twice,
    `'use strict';
const { defineAgent } = require(${JSON.stringify(ACTIVITIES)});
const handler = async () => 'done';
module.exports = { one: defineAgent({ name: 'twin', handler }), other: defineAgent({ name: 'twin', handler }) };
`,
  );
  for (const kind of ['agents', 'orchestrator']) {
    const result = await cli(['worker', kind, '--module', twice]);
    expect({ kind, code: result.code, stdout: result.stdout, stderr: result.stderr }).toEqual({
      kind,
      code: 2,
      stdout: [],
      stderr: [
        `steadfast: invalid agents module: module: ${twice} defines agent "twin" more than once; ` +
          'give each defineAgent(...) its own name',
      ],
    });
  }
}, 60_000);

test('an orchestrator worker without --module warns that autonomous handlers will not run', async () => {
  const bare = spawnCli(['worker', 'orchestrator', '--address', server.address, '--task-queue', uniqueId('bare')], {
    cwd,
  });
  const warning = await bare.waitForLine(/"level":"warn".*no --module given: autonomous handlers will not run/, {
    stream: 'stderr',
    timeoutMs: 200_000,
  });
  expect(warning.input).toContain('every agent gets the default policies');
  // Warned once connected, before bundling the workflows: no need to wait for that.
  bare.child.kill('SIGKILL');
  await bare.waitForExit();
}, 240_000);

test('an agent pool at STEADFAST_LOG_LEVEL=WARN does not warn that it registers no workflows', async () => {
  // The pool of this file runs at WARN; stopped, everything it logged has been written.
  pool.child.kill('SIGTERM');
  expect(await pool.waitForExit()).toEqual({ code: 0, signal: null });
  expect(pool.stderr.filter((line) => line.includes('No workflows registered'))).toEqual([]);
}, 60_000);
