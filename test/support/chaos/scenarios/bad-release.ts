/**
 * Scenario 4d: a bad orchestrator release. Mid-batch the orchestrator worker is replaced (kill -9) by a release whose
 * workflow code throws: its workflow tasks fail, and the orchestrations wait instead of failing or being lost. The
 * fixed release is deployed and every orchestration completes. The same batch then proves the replay guard: its
 * recorded histories replay cleanly on the current code and fail with a determinism error on a reordered one.
 */
import fs from 'node:fs';
import path from 'node:path';
import { bundleWorkflowCode, Worker } from '@temporalio/worker';
import { ChaosCluster, currentWorkflowBundleFile } from '../chaos-cluster';
import { orchestrationTimelines } from '../histories';
import { readLedger } from '../ledger';
import { runAll } from '../load';
import { batch, sequentialPlan } from '../requests';
import { ledgerReaches, type ScenarioLog } from '../scenario-kit';
import type { ScenarioReport } from '../scenario-report';
import { analyzeLedger, countOutcomes } from '../tally';
import { waitUntil } from '../../wait-until';
import { testLogger } from '../../test-log';

export interface BadReleaseOptions {
  readonly orchestrations: number;
  readonly stepsPerOrchestration: number;
  readonly workMs: number;
  /** How long the broken release stays deployed after its first failed workflow task. */
  readonly brokenForMs: number;
  readonly settleWithinMs: number;
}

async function writeBundle(workflowsPath: string, file: string): Promise<string> {
  const { code } = await bundleWorkflowCode({ workflowsPath, logger: testLogger('bundler') });
  fs.writeFileSync(file, code);
  return file;
}

export interface ReplayCheck {
  readonly histories: number;
  /** Replays that passed against the current workflow code. */
  readonly passedOnCurrent: number;
  /** Replays that failed with a DeterminismViolationError against the reordered code. */
  readonly caughtOnChanged: number;
}

/** Replays histories as the replay test does, against the current bundle and a non-deterministic change of it. */
async function replayCheck(cluster: ChaosCluster, ids: readonly string[]): Promise<ReplayCheck> {
  const histories = await Promise.all(
    ids.map(async (workflowId) => ({
      workflowId,
      history: await cluster.client.temporal.workflow.getHandle(workflowId).fetchHistory(),
    })),
  );
  const replay = async (code: string) => {
    let passed = 0;
    let nondeterministic = 0;
    for await (const result of Worker.runReplayHistories(
      { workflowBundle: { code }, replayName: 'chaos-replay' },
      histories,
    )) {
      if (!result.error) passed += 1;
      else if (result.error.name === 'DeterminismViolationError') nondeterministic += 1;
    }
    return { passed, nondeterministic };
  };
  const current = await replay(fs.readFileSync(await currentWorkflowBundleFile(), 'utf8'));
  const changed = await bundleWorkflowCode({
    workflowsPath: require.resolve('../../../fixtures/workflows/changed-orchestrate'),
    logger: testLogger('bundler'),
  });
  return {
    histories: histories.length,
    passedOnCurrent: current.passed,
    caughtOnChanged: (await replay(changed.code)).nondeterministic,
  };
}

export async function runBadRelease(
  options: BadReleaseOptions,
  log: ScenarioLog,
): Promise<ScenarioReport & { replay: ReplayCheck }> {
  const began = Date.now();
  const cluster = await ChaosCluster.start('bad-release');
  try {
    const brokenBundle = await writeBundle(
      require.resolve('../buggy-release/workflows'),
      path.join(cluster.scratch, 'broken-release.js'),
    );
    await cluster.startPool({ identity: 'pool-1' });
    await cluster.startPool({ identity: 'pool-2' });
    const good = await cluster.startOrchestrator({ identity: 'orchestrator-1.0' });
    const planned = batch('release', options.orchestrations, () =>
      sequentialPlan(cluster, { steps: options.stepsPerOrchestration, workMs: options.workMs }),
    );
    const outcomes = runAll(cluster.client, planned, options.settleWithinMs);
    const totalSteps = options.orchestrations * options.stepsPerOrchestration;
    await ledgerReaches(
      cluster.ledger,
      Math.ceil(totalSteps / 3),
      (e) => e.event === 'effect',
      'a third of the steps',
      options.settleWithinMs,
    );

    await good.kill('SIGKILL');
    const deployedAt = Date.now();
    const broken = await cluster.startOrchestrator({
      identity: 'orchestrator-2.0-broken',
      workflowBundle: brokenBundle,
    });
    log(`  release 2.0 (broken) replaced release 1.0 after ${Math.ceil(totalSteps / 3)}/${totalSteps} steps`);
    const firstFailure = await waitUntil(
      async () => {
        const failures = (
          await orchestrationTimelines(
            cluster.client,
            planned.map((p) => p.id),
          )
        ).flatMap((t) =>
          t.tasks.filter((task) => task.kind === 'failed' && task.at >= deployedAt).map((task) => task.at),
        );
        return failures.length > 0 ? Math.min(...failures) : undefined;
      },
      { what: 'a workflow task to fail on the broken release', timeoutMs: options.settleWithinMs, intervalMs: 250 },
    );
    await new Promise((resolve) => setTimeout(resolve, options.brokenForMs));
    const duringBreakage = await orchestrationTimelines(
      cluster.client,
      planned.map((p) => p.id),
    );
    const closedWhileBroken = duringBreakage.filter(
      (t) => t.closedAt !== undefined && t.closedAt > firstFailure,
    ).length;
    const failedTasks = duringBreakage.flatMap((t) => t.tasks.filter((task) => task.kind === 'failed')).length;

    const fixedAt = Date.now();
    await broken.kill('SIGKILL');
    await cluster.startOrchestrator({ identity: 'orchestrator-2.1-fixed' });
    log(`  release 2.1 (fixed) deployed after ${failedTasks} failed workflow tasks`);
    const settled = await outcomes;

    const timelines = await orchestrationTimelines(
      cluster.client,
      planned.map((p) => p.id),
    );
    const resumed = timelines.flatMap((t) =>
      t.tasks.filter((task) => task.identity === 'orchestrator-2.1-fixed').map((task) => task.at),
    );
    const replay = await replayCheck(
      cluster,
      planned.slice(0, Math.min(10, planned.length)).map((p) => p.id),
    );
    const entries = readLedger(cluster.ledger);
    return {
      scenario: 'bad-release',
      title: '4d. Broken workflow release, then the fix',
      failure:
        'The orchestrator is replaced mid-batch by a release whose workflow code throws, left running, then replaced ' +
        'by the fixed release; the histories are replayed against a reordered workflow change.',
      ...countOutcomes(settled, entries),
      detectionMs: firstFailure - deployedAt,
      recoveryMs: resumed.length > 0 ? Math.min(...resumed) - fixedAt : null,
      detection: 'broken release deployed → its first workflow task fails (the run stays open)',
      recovery: 'fixed release deployed → it completes its first workflow task',
      ledger: analyzeLedger(entries),
      figures: {
        'workflow tasks failed on the broken release': failedTasks,
        'orchestrations closed while it was deployed': closedWhileBroken,
        'histories replayed': replay.histories,
        'replays passing on the current code': replay.passedOnCurrent,
        'replays failing with a determinism error on the reordered code': replay.caughtOnChanged,
      },
      replay,
      wallMs: Date.now() - began,
    };
  } finally {
    await cluster.close();
  }
}
