/**
 * Scenario 5b: a network partition between one of two orchestrator worker processes and the server, through a TCP
 * proxy the scenario controls, for longer than the agents' heartbeat timeout. The reachable orchestrator takes over
 * the cut one's orchestrations; autonomous branches (local activities of the orchestrator, here for an agent with no
 * pool) that the cut orchestrator was running are re-run by the other one and absorbed by the idempotency key. After
 * the heal, the cut orchestrator's late answers are refused by the server, and it takes new work again.
 */
import { CHAOS_SOLO, CHAOS_WORKER } from '../chaos-agents';
import { ChaosCluster } from '../chaos-cluster';
import { orchestrationTimelines } from '../histories';
import { readLedger } from '../ledger';
import { runPaced } from '../load';
import { batch, sequentialPlan } from '../requests';
import { progressTicker, type ScenarioLog } from '../scenario-kit';
import { delayUntilFirst, type ScenarioReport } from '../scenario-report';
import { analyzeLedger, countOutcomes } from '../tally';
import { splitAddress, startTcpProxy } from '../tcp-proxy';

export interface OrchestratorPartitionOptions {
  readonly orchestrations: number;
  readonly arrivalIntervalMs: number;
  readonly workMs: number;
  readonly concurrency: number;
  /** The cut comes this long after the first arrival, and arrivals go on past the heal. */
  readonly cutAfterMs: number;
  readonly cutForMs: number;
  readonly settleWithinMs: number;
}

const CUT = 'orchestrator-behind-proxy';
const REACHABLE = 'orchestrator-reachable';

export async function runOrchestratorPartition(
  options: OrchestratorPartitionOptions,
  log: ScenarioLog,
): Promise<ScenarioReport> {
  const began = Date.now();
  const cluster = await ChaosCluster.start('partition-orchestrator');
  const proxy = await startTcpProxy(splitAddress(cluster.address));
  try {
    // No pool serves chaos-solo: its steps always end on the autonomous branch, inside an orchestrator process.
    await cluster.startPool({ identity: 'pool-1', agents: [CHAOS_WORKER], concurrency: options.concurrency });
    await cluster.startPool({ identity: 'pool-2', agents: [CHAOS_WORKER], concurrency: options.concurrency });
    await cluster.startOrchestrator({ identity: CUT, address: proxy.address });
    await cluster.startOrchestrator({ identity: REACHABLE });

    const planned = batch('partition-orchestrator', options.orchestrations, () =>
      sequentialPlan(cluster, {
        steps: 3,
        workMs: options.workMs,
        agentOf: (step) => (step === 1 ? CHAOS_SOLO : CHAOS_WORKER),
        overrides: { timeouts: { heartbeat: '1s', scheduleToStart: '1s' } },
      }),
    );
    log(
      `  ${planned.length} orchestrations of three steps (the second on the autonomous branch), on two orchestrators`,
    );
    const outcomes = runPaced(cluster.client, planned, options.arrivalIntervalMs, options.settleWithinMs);
    await new Promise((resolve) => setTimeout(resolve, options.cutAfterMs));

    const cutAt = Date.now();
    proxy.cut();
    log(`  cut ${CUT} from the server for ${options.cutForMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, options.cutForMs));
    const healedAt = Date.now();
    proxy.heal();
    log(`  healed; ${proxy.refused} connection attempts were refused during the cut`);
    const stopProgress = progressTicker(
      log,
      () =>
        `  ${readLedger(cluster.ledger).filter((e) => e.event === 'effect').length}/${planned.length * 3} steps acted`,
    );
    const settled = await outcomes.finally(stopProgress);

    const timelines = await orchestrationTimelines(
      cluster.client,
      planned.map((p) => p.id),
    );
    const orphaned = timelines.filter((t) => {
      const before = t.tasks.filter((task) => task.at < cutAt && task.kind === 'completed');
      return (t.closedAt === undefined || t.closedAt > cutAt) && before.at(-1)?.identity === CUT;
    });
    const resumedBy = orphaned.map((t) => t.tasks.find((task) => task.at >= cutAt && task.kind === 'completed'));
    // Closing is progress too, should the history show no later task completion.
    const resumed = resumedBy.map((task, i) => task?.at ?? orphaned[i]!.closedAt);
    const timeouts = timelines.flatMap((t) =>
      t.tasks.filter((task) => task.kind === 'timed-out' && task.at >= cutAt).map((task) => task.at),
    );
    const handedOn = resumedBy.filter((task) => task?.identity === REACHABLE).map((task) => task!.at);
    const noticed = [...timeouts, ...handedOn];
    const cutCompletedAfterHeal = timelines.flatMap((t) =>
      t.tasks
        .filter((task) => task.kind === 'completed' && task.identity === CUT && task.at >= healedAt)
        .map((task) => task.at),
    );
    const completedDuringCut = timelines.flatMap((t) =>
      t.tasks.filter(
        (task) => task.kind === 'completed' && task.identity === CUT && task.at > cutAt && task.at < healedAt,
      ),
    ).length;
    const entries = readLedger(cluster.ledger);
    return {
      scenario: 'partition-orchestrator',
      title: '5b. Partition: orchestrator worker ↔ server',
      failure:
        `The TCP connections of one of two orchestrator worker processes are cut for ${(options.cutForMs / 1000).toFixed(0)} s, ` +
        'then healed, while orchestrations arrive at a steady rate.',
      ...countOutcomes(settled, entries),
      detectionMs: noticed.length > 0 ? Math.min(...noticed) - cutAt : null,
      recoveryMs:
        orphaned.length > 0 && resumed.every((at) => at !== undefined)
          ? Math.max(...resumed.map((at) => at!)) - cutAt
          : null,
      detection: 'cut → the first workflow task of the cut orchestrator timed out, or handed to the reachable one',
      recovery:
        "cut → the last of the cut orchestrator's open orchestrations has a workflow task completed again (by either)",
      ledger: analyzeLedger(entries),
      figures: {
        'orchestrations open on the cut orchestrator': orphaned.length,
        'of them resumed by the reachable one': resumedBy.filter((task) => task?.identity === REACHABLE).length,
        'of them resumed by the cut one once healed': resumedBy.filter((task) => task?.identity === CUT).length,
        'workflow tasks completed by the cut orchestrator during the cut': completedDuringCut,
        'heal → the cut orchestrator completes a workflow task again (ms)': delayUntilFirst(
          cutCompletedAfterHeal,
          healedAt,
        ),
      },
      wallMs: Date.now() - began,
    };
  } finally {
    await proxy.close();
    await cluster.close();
  }
}
