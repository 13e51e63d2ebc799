/**
 * Histories recorded just now replay. The committed corpus replays histories recorded once; this catches code whose
 * commands depend on how local activities finishing in one workflow task were split into activations (live: as they
 * finished; on replay: all at once), which a single recording passes or fails by chance.
 */
import type { WorkflowBundle } from '@temporalio/worker';
import { HISTORY_SCENARIOS } from '../../support/history-scenarios';
import { replayProblems } from '../../support/replay-problems';
import { orchestratorBundle, startSteadfastEnv, type SteadfastEnv } from '../../support/steadfast-env';

let env: SteadfastEnv;
let bundle: WorkflowBundle;
beforeAll(async () => {
  env = await startSteadfastEnv();
  bundle = await orchestratorBundle();
});
afterAll(async () => env?.close());

/** Scenarios whose parallel steps each start with local activities in the same workflow task. */
const PARALLEL = ['fallback-chain', 'parallel-plan', 'circuit-open'];

test.each(PARALLEL)('%s, recorded now, replays without a determinism error', async (name) => {
  const scenario = HISTORY_SCENARIOS.find((candidate) => candidate.name === name)!;
  const workflows = await scenario.run(env);
  const client = env.test.client;
  const histories = [];
  for (const { workflowId } of workflows) {
    for await (const run of client.workflow.list({ query: `WorkflowId = '${workflowId}'` })) {
      histories.push({ workflowId, history: await client.workflow.getHandle(workflowId, run.runId).fetchHistory() });
    }
  }
  expect(histories.length).toBeGreaterThanOrEqual(workflows.length);
  await expect(replayProblems(bundle, 'fresh', histories)).resolves.toEqual([]);
});
