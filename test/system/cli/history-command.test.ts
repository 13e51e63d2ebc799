/**
 * `steadfast history` after continue-as-new: every run of the chain, oldest first, with a header per run; `--run-id`
 * for one run; `--json` an array of runs. The CLI runs as a process against the embedded server, whose orchestrator
 * and pool run in the test (a chain of runs is what matters here, not how the workers run).
 */
import { randomUUID } from 'node:crypto';
import { defineAgent } from '../../../src/activities/define-agent';
import { makeTempDir, removeTempDir, runCli } from '../../support/cli-process';
import { startSteadfastEnv, uniqueAgentName, type SteadfastEnv } from '../../support/steadfast-env';

let env: SteadfastEnv;
let cwd: string;
beforeAll(async () => {
  env = await startSteadfastEnv();
  cwd = makeTempDir();
});
afterAll(async () => {
  await env?.close();
  if (cwd) removeTempDir(cwd);
});

interface RunJson {
  runId: string;
  events: { eventId: number; type: string; details: Record<string, unknown> }[];
}

const cli = (args: string[]) => runCli([...args, '--address', env.test.server.address], { cwd, timeoutMs: 60_000 });

test('history shows every run of a continued-as-new chain, oldest first; --run-id one run; --json the runs', async () => {
  const appender = defineAgent<unknown, string>({
    name: uniqueAgentName('appender'),
    handler: async (_task, ctx) => ctx.stepId,
    timeouts: { scheduleToStart: '5s', startToClose: '10s', heartbeat: '2s' },
  });
  const chain = Array.from({ length: 12 }, (_, i) => `s${i + 1}`);
  const id = `chain-${randomUUID().slice(0, 8)}`;
  const runIds = await env.withWorkers({ agents: [appender] }, async ({ client, request }) => {
    const handle = await client.start(
      request({
        goal: 'a long chain',
        continueAsNewAfterEvents: 50,
        plan: {
          steps: chain.map((s, i) => ({ id: s, agent: appender.name, dependsOn: i === 0 ? [] : [chain[i - 1]!] })),
        },
      }),
      { id },
    );
    await handle.result();
    const runs: { runId: string; startTime: Date }[] = [];
    for await (const run of client.temporal.workflow.list({ query: `WorkflowId = '${id}'` })) runs.push(run);
    return runs.sort((a, b) => a.startTime.getTime() - b.startTime.getTime()).map((run) => run.runId);
  });
  expect(runIds.length).toBeGreaterThanOrEqual(2);

  const json = await cli(['history', id, '--json']);
  expect({ code: json.code, stderr: json.stderr }).toEqual({ code: 0, stderr: [] });
  const runs = JSON.parse(json.stdout.join('\n')) as RunJson[];
  expect(runs.map((run) => run.runId)).toEqual(runIds);
  for (const [index, run] of runs.entries()) {
    expect(run.events[0]?.type).toBe('WorkflowExecutionStarted');
    const last = index === runs.length - 1 ? 'WorkflowExecutionCompleted' : 'WorkflowExecutionContinuedAsNew';
    expect(run.events.at(-1)?.type).toBe(last);
    if (index < runs.length - 1) expect(run.events.at(-1)?.details.newRunId).toBe(runIds[index + 1]);
  }

  const text = await cli(['history', id]);
  expect({ code: text.code, stderr: text.stderr }).toEqual({ code: 0, stderr: [] });
  const headers = text.stdout.filter((line) => line.startsWith('Run '));
  expect(headers).toEqual(runIds.map((runId, index) => `Run ${index + 1} of ${runIds.length}: ${runId}`));
  // Each header is followed by its run's table: the column headings, then its events from 1.
  for (const header of headers) {
    const at = text.stdout.indexOf(header);
    expect(text.stdout[at + 1]).toMatch(/^ID\s+TIME\s+TYPE\s+DETAILS$/);
    expect(text.stdout[at + 2]).toMatch(/^\s*1\s+\S+ \S+\s+WorkflowExecutionStarted\s/);
  }
  const eventLines = runs.reduce((sum, run) => sum + run.events.length, 0);
  // A header and a column heading per run, a blank line between runs.
  expect(text.stdout).toHaveLength(eventLines + runs.length * 2 + (runs.length - 1));

  const first = await cli(['history', id, '--run-id', runIds[0]!, '--json']);
  expect(first.code).toBe(0);
  expect(JSON.parse(first.stdout.join('\n'))).toEqual([runs[0]]);
  const firstText = await cli(['history', id, '--run-id', runIds[0]!]);
  expect(firstText.stdout[0]).toBe(`Run ${runIds[0]}`);
  expect(firstText.stdout).toHaveLength(runs[0]!.events.length + 2);

  const unknown = await cli(['history', id, '--run-id', randomUUID()]);
  expect({ code: unknown.code, stdout: unknown.stdout }).toEqual({ code: 1, stdout: [] });
  expect(unknown.stderr).toEqual([
    expect.stringMatching(new RegExp(`^steadfast: no run "[^"]+" of orchestration "${id}"$`)),
  ]);
}, 120_000);
