/**
 * Scenario 1a: two orchestrator worker processes share the orchestrations; one is killed with SIGKILL while they run.
 * The server hands the dead worker's orchestrations to the survivor (its sticky queue times out, its open workflow
 * tasks time out), which replays them from history and carries on; the agents' ledger shows nothing ran twice.
 */
import { OrchestratorWorkerConfigSchema } from '../../../../src/config/orchestrator-worker-config';
import { ChaosCluster } from '../chaos-cluster';
import { orchestrationTimelines } from '../histories';
import { readLedger } from '../ledger';
import { runAll } from '../load';
import { batch, sequentialPlan } from '../requests';
import { progressTicker, ledgerReaches, type ScenarioLog } from '../scenario-kit';
import type { ScenarioReport } from '../scenario-report';
import { analyzeLedger, countOutcomes } from '../tally';
import { analyzeTakeOver, heldBy, slowestTakeOvers, takeOverFigures } from '../take-over-analysis';
import { completedTaskRuns, taskRunFigure } from '../task-run-times';
import { DEFAULT_WORKFLOW_TASK_TIMEOUT_MS } from '../../../../src/config/client-config';

export interface OrchestratorCrashOptions {
  readonly orchestrations: number;
  readonly stepsPerOrchestration: number;
  readonly workMs: number;
  /** Agent pool processes, and instructions each runs at once. */
  readonly pools: number;
  readonly concurrency: number;
  /** The kill happens once this share of all steps has applied its effect. */
  readonly killAfterShare: number;
  /** Whether orchestrations use the agent-health registry (it bounds throughput, see docs/reliability.md). */
  readonly agentHealth: boolean;
  readonly settleWithinMs: number;
}

export const ORCHESTRATOR_A = 'orchestrator-a';
export const ORCHESTRATOR_B = 'orchestrator-b';

export async function runOrchestratorCrash(
  options: OrchestratorCrashOptions,
  log: ScenarioLog,
): Promise<ScenarioReport> {
  const began = Date.now();
  const cluster = await ChaosCluster.start('orchestrator-crash');
  try {
    for (let i = 1; i <= options.pools; i++)
      await cluster.startPool({ identity: `pool-${i}`, concurrency: options.concurrency });
    const victim = await cluster.startOrchestrator({ identity: ORCHESTRATOR_A });
    await cluster.startOrchestrator({ identity: ORCHESTRATOR_B });
    log(
      `  ${options.orchestrations} orchestrations of ${options.stepsPerOrchestration} steps on two orchestrator processes`,
    );

    const planned = batch('crash', options.orchestrations, () =>
      sequentialPlan(
        { ...cluster, ledger: cluster.ledger, agentHealth: options.agentHealth },
        {
          steps: options.stepsPerOrchestration,
          workMs: options.workMs,
        },
      ),
    );
    const outcomes = runAll(cluster.client, planned, options.settleWithinMs);
    const totalSteps = options.orchestrations * options.stepsPerOrchestration;
    const killAt = Math.max(1, Math.floor(totalSteps * options.killAfterShare));
    await ledgerReaches(
      cluster.ledger,
      killAt,
      (e) => e.event === 'effect',
      `${killAt} side effects before the kill`,
      options.settleWithinMs,
    );

    const killedAt = Date.now();
    await victim.kill('SIGKILL');
    log(`  kill -9 ${ORCHESTRATOR_A} (pid ${victim.pid}) after ${killAt}/${totalSteps} steps acted`);
    const stopProgress = progressTicker(
      log,
      () => `  ${readLedger(cluster.ledger).filter((e) => e.event === 'effect').length}/${totalSteps} steps acted`,
    );
    const settled = await outcomes.finally(stopProgress);

    const timelines = await orchestrationTimelines(
      cluster.client,
      planned.map((p) => p.id),
    );
    const parties = { at: killedAt, dead: ORCHESTRATOR_A, survivor: ORCHESTRATOR_B };
    const takeOver = analyzeTakeOver(timelines, parties);
    const orphaned = takeOver.perOrchestration;
    const resumedAfter = orphaned.map((t) => (t.resumedMs === null ? undefined : killedAt + t.resumedMs));
    const timeoutsAfterKill = (t: (typeof timelines)[number]) =>
      t.tasks.filter((task) => task.kind === 'timed-out' && task.at >= killedAt).map((task) => task.at);
    const timeouts = timelines.flatMap(timeoutsAfterKill);
    // Survivor capacity: while it replays what it inherits, its own orchestrations' tasks must not time out.
    const survivorsOwn = timelines.filter((t) => heldBy(t, { ...parties, dead: ORCHESTRATOR_B }));
    const survivorsOwnTimeouts = survivorsOwn.flatMap(timeoutsAfterKill).length;
    // The server noticed when it timed out a task of the dead worker, or handed one of its orchestrations on.
    const noticed = [...timeouts, ...resumedAfter.filter((at): at is number => at !== undefined)];
    const allResumed = resumedAfter.every((at) => at !== undefined);
    const entries = readLedger(cluster.ledger);
    // How close live workers' tasks come to the workflow task timeout (a shorter one would take them for dead).
    const taskRuns = completedTaskRuns(timelines);
    const halfTimeout = DEFAULT_WORKFLOW_TASK_TIMEOUT_MS / 2;

    return {
      scenario: 'orchestrator-crash',
      title: '1a. Orchestrator worker kill -9',
      failure:
        `Two orchestrator worker processes; one is killed with SIGKILL once ${Math.round(options.killAfterShare * 100)}% ` +
        'of the steps have acted.',
      ...countOutcomes(settled, entries),
      detectionMs: noticed.length > 0 ? Math.min(...noticed) - killedAt : null,
      recoveryMs: orphaned.length > 0 && allResumed ? (takeOver.summary.recovery?.maxMs ?? null) : null,
      detection: 'kill → the first workflow task of the dead worker timed out, or handed to the survivor',
      recovery:
        "the slowest of the dead worker's open orchestrations: from the kill (a workflow task due or running then) or " +
        'from its next workflow task (idle then, waiting on agents) → a workflow task of it completed by the survivor',
      ledger: analyzeLedger(entries),
      figures: {
        'orchestrations open on the killed worker': orphaned.length,
        'of them resumed by the survivor': resumedAfter.filter((at) => at !== undefined).length,
        'workflow tasks timed out after the kill': timeouts.length,
        'orchestrations the survivor held at the kill / their workflow-task timeouts since': `${survivorsOwn.length} / ${survivorsOwnTimeouts}`,
        'orchestrator worker maxConcurrentWorkflowTaskExecutions': orchestratorConcurrency(),
        'workflow task timeout (orchestrations started by the default client)': `${DEFAULT_WORKFLOW_TASK_TIMEOUT_MS / 1000} s`,
        'workflow tasks run by either worker before the kill, started → completed p50 / p99 / max (ms)': taskRunFigure(
          taskRuns,
          (run) => run.startedAt < killedAt,
          halfTimeout,
        ),
        'workflow tasks run by the survivor after the kill, started → completed p50 / p99 / max (ms)': taskRunFigure(
          taskRuns,
          (run) => run.startedAt >= killedAt && run.worker === ORCHESTRATOR_B,
          halfTimeout,
        ),
        "sticky queue schedule-to-start timeout (orchestrator worker's default)": '1 s',
        'agent-health registry': options.agentHealth ? 'on' : 'off',
        ...takeOverFigures(takeOver.summary),
      },
      table: slowestTakeOvers(orphaned, 10),
      wallMs: Date.now() - began,
    };
  } finally {
    await cluster.close();
  }
}

/** The orchestrator processes' task slots: STEADFAST_ORCHESTRATOR_CONCURRENCY when the harness runs with it set. */
function orchestratorConcurrency(): string {
  return (
    process.env.STEADFAST_ORCHESTRATOR_CONCURRENCY ??
    `${OrchestratorWorkerConfigSchema.parse({}).maxConcurrentWorkflowTaskExecutions} (default)`
  );
}
