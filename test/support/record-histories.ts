/**
 * Records the histories the replay test checks src/workflows against (test/histories/*.json).
 *   npx tsc -p tsconfig.build.json && node dist/test/support/record-histories.js [scenario ...]
 * Re-record only for an intentional change of workflow behaviour (see docs/patching.md); otherwise the
 * committed histories are what protects running orchestrations from a non-deterministic change.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Client } from '@temporalio/client';
// The SDK exports no public writer of Temporal's JSON history format in 1.24 (replay reads it publicly:
// Worker.runReplayHistory takes the parsed JSON); this is the SDK's own, so the files match what replay expects.
// eslint-disable-next-line @typescript-eslint/no-restricted-imports
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { HISTORY_SCENARIOS, type RecordedWorkflow } from './history-scenarios';
import { startSteadfastEnv } from './steadfast-env';

/** The file a recorded run is stored in, and how the replay test reads it back. */
export interface RecordedHistory {
  readonly scenario: string;
  readonly workflowId: string;
  readonly runId: string;
  /** Temporal's JSON history format, as `temporal workflow show --output json` writes it. */
  readonly history: unknown;
}

function historiesDir(): string {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return path.join(dir, 'test', 'histories');
    if (path.dirname(dir) === dir) throw new Error('package.json not found above the recorder');
  }
}

/** Every run of the workflow, oldest first (more than one after continue-as-new). */
async function runIdsOf(client: Client, workflowId: string): Promise<string[]> {
  const runs: { runId: string; startTime: Date }[] = [];
  for await (const run of client.workflow.list({ query: `WorkflowId = '${workflowId}'` })) runs.push(run);
  return runs.sort((a, b) => a.startTime.getTime() - b.startTime.getTime()).map((run) => run.runId);
}

async function record(client: Client, dir: string, workflow: RecordedWorkflow): Promise<string[]> {
  const runIds = await runIdsOf(client, workflow.workflowId);
  const written: string[] = [];
  for (const [index, runId] of runIds.entries()) {
    const history = await client.workflow.getHandle(workflow.workflowId, runId).fetchHistory();
    const file = runIds.length === 1 ? `${workflow.name}.json` : `${workflow.name}.run-${index + 1}.json`;
    const recorded: RecordedHistory = {
      scenario: workflow.name,
      workflowId: workflow.workflowId,
      runId,
      history: JSON.parse(historyToJSON(history)),
    };
    fs.writeFileSync(path.join(dir, file), `${JSON.stringify(recorded, null, 2)}\n`);
    written.push(file);
  }
  return written;
}

async function main(): Promise<void> {
  const wanted = process.argv.slice(2);
  const unknown = wanted.filter((name) => !HISTORY_SCENARIOS.some((scenario) => scenario.name === name));
  if (unknown.length > 0)
    throw new Error(
      `unknown scenario(s) ${unknown.join(', ')}; known: ${HISTORY_SCENARIOS.map((s) => s.name).join(', ')}`,
    );
  const dir = historiesDir();
  fs.mkdirSync(dir, { recursive: true });
  const env = await startSteadfastEnv();
  try {
    for (const scenario of HISTORY_SCENARIOS.filter((s) => wanted.length === 0 || wanted.includes(s.name))) {
      const workflows = await scenario.run(env);
      for (const workflow of workflows) {
        for (const file of await record(env.test.client, dir, workflow))
          process.stdout.write(`recorded ${path.join('test/histories', file)}\n`);
      }
    }
  } finally {
    await env.close();
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`record-histories: ${(error as Error)?.stack ?? String(error)}\n`);
    process.exitCode = 1;
  });
}
