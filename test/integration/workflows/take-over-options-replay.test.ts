/**
 * The take-over options reach running orchestrations without a determinism risk: the workflow task timeout is a start
 * option (new starts get 3 s, runs started before keep theirs, continue-as-new carries it on), and the jittered
 * snapshot age is an activity result recorded in history, so a replay reuses each snapshot exactly as the run did
 * (longer while the snapshot shows nothing wrong).
 */
import type { WorkflowBundle } from '@temporalio/worker';
import { temporal } from '@temporalio/proto';
import { defineAgent } from '../../../src/activities/define-agent';
import { SteadfastClient } from '../../../src/client';
import { replayProblems } from '../../support/replay-problems';
import { orchestratorBundle, startSteadfastEnv, uniqueAgentName, type SteadfastEnv } from '../../support/steadfast-env';

const { EventType } = temporal.api.enums.v1;

let env: SteadfastEnv;
let bundle: WorkflowBundle;
beforeAll(async () => {
  env = await startSteadfastEnv();
  bundle = await orchestratorBundle();
});
afterAll(async () => env?.close());

type History = temporal.api.history.v1.IHistory;

async function runHistories(client: SteadfastClient, id: string): Promise<History[]> {
  const runs: { runId: string; startTime: Date }[] = [];
  for await (const run of client.temporal.workflow.list({ query: `WorkflowId = '${id}'` })) runs.push(run);
  runs.sort((a, b) => a.startTime.getTime() - b.startTime.getTime());
  return Promise.all(runs.map((run) => client.temporal.workflow.getHandle(id, run.runId).fetchHistory()));
}

function startedTaskTimeoutMs(history: History): number {
  const started = history.events?.find((e) => e.eventType === EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED);
  const timeout = started?.workflowExecutionStartedEventAttributes?.workflowTaskTimeout;
  return Number(timeout?.seconds ?? 0) * 1000 + Math.round((timeout?.nanos ?? 0) / 1e6);
}

/** The snapshot ages the health exchanges returned, as recorded in the local activities' markers. */
function recordedSnapshotAges(history: History): number[] {
  const ages: number[] = [];
  for (const event of history.events ?? []) {
    for (const payload of event.markerRecordedEventAttributes?.details?.result?.payloads ?? []) {
      const text = Buffer.from(payload.data ?? new Uint8Array()).toString('utf8');
      const match = /"maxAgeMs":(\d+)/.exec(text);
      if (match) ages.push(Number(match[1]));
    }
  }
  return ages;
}

test('orchestrations started before and after the change replay against the current code, each with its own timeout', async () => {
  const echo = defineAgent<unknown, string>({
    name: uniqueAgentName('echo'),
    handler: async (_task, ctx) => ctx.stepId,
    timeouts: { scheduleToStart: '5s', startToClose: '10s', heartbeat: '2s' },
  });
  const chain = Array.from({ length: 12 }, (_, i) => `s${i + 1}`);
  const steps = chain.map((id, i) => ({ id, agent: echo.name, dependsOn: i === 0 ? [] : [chain[i - 1]!] }));

  await env.withWorkers(
    // A snapshot that ages out between steps, so every step exchanges with the registry and records an age.
    { agents: [echo], healthRegistry: { snapshotMaxAge: '40ms', quietSnapshotMaxAge: '40ms' } },
    async ({ client, request, taskQueue }) => {
      // A run started before the change: the client then left the SDK's 10 s default in place.
      const before = SteadfastClient.fromClient(client.temporal, { taskQueue, workflowTaskTimeout: '10s' });
      const old = await before.start(request({ goal: 'started before', plan: { steps } }));
      const fresh = await client.start(
        request({ goal: 'started after', plan: { steps }, continueAsNewAfterEvents: 50 }),
      );
      await expect(old.result()).resolves.toMatchObject({ status: 'completed' });
      await expect(fresh.result()).resolves.toMatchObject({ status: 'completed' });

      const oldRuns = await runHistories(client, old.id);
      const freshRuns = await runHistories(client, fresh.id);
      expect(oldRuns.map(startedTaskTimeoutMs)).toEqual([10_000]);
      // Continue-as-new carries the short timeout on to every later run.
      expect(freshRuns.length).toBeGreaterThan(1);
      expect(freshRuns.map(startedTaskTimeoutMs)).toEqual(freshRuns.map(() => 3_000));

      const ages = freshRuns.flatMap(recordedSnapshotAges);
      expect(ages.length).toBeGreaterThan(2);
      for (const age of ages) expect(age).toBeGreaterThanOrEqual(20);
      for (const age of ages) expect(age).toBeLessThanOrEqual(40);
      expect(new Set(ages).size).toBeGreaterThan(1);

      await expect(
        replayProblems(
          bundle,
          'take-over-options',
          oldRuns.map((history) => ({ workflowId: old.id, history })),
        ),
      ).resolves.toEqual([]);
      await expect(
        replayProblems(
          bundle,
          'take-over-options',
          freshRuns.map((history) => ({ workflowId: fresh.id, history })),
        ),
      ).resolves.toEqual([]);
    },
  );
});

test('a snapshot that shows nothing wrong is reused for quietSnapshotMaxAge: one exchange serves every step', async () => {
  const echo = defineAgent<unknown, string>({
    name: uniqueAgentName('echo'),
    handler: async (_task, ctx) => ctx.stepId,
  });
  const chain = Array.from({ length: 6 }, (_, i) => `s${i + 1}`);
  const steps = chain.map((id, i) => ({ id, agent: echo.name, dependsOn: i === 0 ? [] : [chain[i - 1]!] }));

  await env.withWorkers(
    { agents: [echo], healthRegistry: { snapshotMaxAge: '40ms', quietSnapshotMaxAge: '1h' } },
    async ({ client, request }) => {
      const run = await client.start(request({ goal: 'quiet', plan: { steps } }));
      await expect(run.result()).resolves.toMatchObject({ status: 'completed' });
      const [history] = await runHistories(client, run.id);
      const ages = recordedSnapshotAges(history!);
      expect(ages).toHaveLength(1);
      expect(ages[0]).toBeGreaterThanOrEqual(1_800_000);
      expect(ages[0]).toBeLessThanOrEqual(3_600_000);
      await expect(
        replayProblems(bundle, 'take-over-options', [{ workflowId: run.id, history: history! }]),
      ).resolves.toEqual([]);
    },
  );
});
