/**
 * Scenario 5a: a network partition between an agent pool process and the server, through a TCP proxy the scenario
 * controls. The cut pool serves two agents: chaos-worker, also served by a reachable pool, and chaos-solo, served by
 * nobody else. The cut lasts longer than the heartbeat and schedule-to-start timeouts: chaos-worker steps move to the
 * reachable pool, chaos-solo steps to the autonomous branch. The cut pool cannot get its heartbeats confirmed, so it
 * stops the steps it holds before the server may dispatch them elsewhere (the attempt lease). After the heal it takes
 * work again; no step's side effect happens twice and no execution acts after the step was dispatched elsewhere.
 */
import { CHAOS_SOLO, CHAOS_WORKER } from '../chaos-agents';
import { ChaosCluster } from '../chaos-cluster';
import { readLedger } from '../ledger';
import { runPaced } from '../load';
import { inFlightAt, reactionsTo, summarizeReactions } from '../reactions';
import { batch, sequentialPlan } from '../requests';
import { progressTicker, type ScenarioLog } from '../scenario-kit';
import { delayUntilFirst, type ScenarioReport } from '../scenario-report';
import { analyzeLedger, countOutcomes } from '../tally';
import { splitAddress, startTcpProxy } from '../tcp-proxy';
import { waitUntil } from '../../wait-until';

export interface AgentPoolPartitionOptions {
  /** Submitted at a steady rate, before, during and after the cut. */
  readonly orchestrations: number;
  readonly arrivalIntervalMs: number;
  readonly workMs: number;
  readonly concurrency: number;
  readonly cutForMs: number;
  readonly settleWithinMs: number;
  /**
   * Which agent each orchestration asks first: chaos-solo (the default) makes every arrival during the cut need the
   * agent nobody else serves; chaos-worker makes the steps the cut pool holds move to the reachable pool at once.
   */
  readonly firstAgent?: typeof CHAOS_SOLO | typeof CHAOS_WORKER;
  /** Report under another id and title (a variant of the scenario, e.g. with steps longer than the heartbeat timeout). */
  readonly label?: { readonly scenario: string; readonly title: string };
}

const TIMEOUTS = { heartbeat: '1s', scheduleToStart: '4s' };

export async function runAgentPoolPartition(
  options: AgentPoolPartitionOptions,
  log: ScenarioLog,
): Promise<ScenarioReport> {
  const began = Date.now();
  const cluster = await ChaosCluster.start('partition-agent-pool');
  const proxy = await startTcpProxy(splitAddress(cluster.address));
  try {
    const cut = await cluster.startPool({
      identity: 'pool-behind-proxy',
      address: proxy.address,
      concurrency: options.concurrency,
    });
    await cluster.startPool({ identity: 'pool-reachable', agents: [CHAOS_WORKER], concurrency: options.concurrency });
    await cluster.startOrchestrator({ identity: 'orchestrator' });

    const first = options.firstAgent ?? CHAOS_SOLO;
    const second = first === CHAOS_SOLO ? CHAOS_WORKER : CHAOS_SOLO;
    const planned = batch('partition-pool', options.orchestrations, () =>
      sequentialPlan(cluster, {
        steps: 2,
        workMs: options.workMs,
        agentOf: (step) => (step === 0 ? first : second),
        overrides: { timeouts: TIMEOUTS, retry: { maxAttempts: 3, initialInterval: '200ms' } },
      }),
    );
    const served = (agent: string) => (agent === CHAOS_SOLO ? 'the cut pool only' : 'both pools');
    log(
      `  ${planned.length} orchestrations: a ${first} step (${served(first)}), then a ${second} step (${served(second)})`,
    );
    const outcomes = runPaced(cluster.client, planned, options.arrivalIntervalMs, options.settleWithinMs);
    await waitUntil(() => inFlightAt(readLedger(cluster.ledger), cut.pid, Date.now()).length >= 2, {
      what: 'steps in flight on the pool behind the proxy',
      timeoutMs: options.settleWithinMs,
      intervalMs: 20,
    });

    const cutAt = Date.now();
    proxy.cut();
    const interrupted = inFlightAt(readLedger(cluster.ledger), cut.pid, cutAt);
    log(
      `  cut pool-behind-proxy (pid ${cut.pid}) from the server with ${interrupted.length} steps running, for ${options.cutForMs} ms`,
    );
    await new Promise((resolve) => setTimeout(resolve, options.cutForMs));
    const healedAt = Date.now();
    proxy.heal();
    log(`  healed; ${proxy.refused} connection attempts were refused during the cut`);
    const totalSteps = planned.length * 2;
    const stopProgress = progressTicker(
      log,
      () => `  ${readLedger(cluster.ledger).filter((e) => e.event === 'effect').length}/${totalSteps} steps acted`,
    );
    const settled = await outcomes.finally(stopProgress);

    const entries = readLedger(cluster.ledger);
    const duringCut = entries.filter((e) => e.event === 'started' && e.at > cutAt && e.at < healedAt);
    // Nothing reaches the cut pool while it is cut: executions it began then were handed to it just before.
    const held = [...interrupted, ...duringCut.filter((e) => e.pid === cut.pid)];
    const reactions = summarizeReactions(
      reactionsTo(
        entries,
        held.map((entry) => ({ entry, at: cutAt })),
      ),
    );
    const cutPoolAfterHeal = entries
      .filter((e) => e.event === 'started' && e.pid === cut.pid && e.at >= healedAt)
      .map((e) => e.at);
    return {
      scenario: options.label?.scenario ?? 'partition-agent-pool',
      title: options.label?.title ?? '5a. Partition: agent pool ↔ server',
      failure:
        `The TCP connections of one of two agent pool processes are cut for ${(options.cutForMs / 1000).toFixed(0)} s ` +
        '(longer than its heartbeat and schedule-to-start timeouts), then healed.',
      ...countOutcomes(settled, entries),
      detectionMs: reactions.worstDetectionMs,
      recoveryMs: reactions.worstRecoveryMs,
      detection: 'cut → the last step the cut pool held is queued again elsewhere (worst case)',
      recovery: 'cut → the last of those steps has been run again to the end elsewhere (or found done)',
      ledger: analyzeLedger(entries),
      figures: {
        'heartbeat / schedule-to-start timeouts': `${TIMEOUTS.heartbeat} / ${TIMEOUTS.scheduleToStart}`,
        'work per step': `${options.workMs} ms`,
        'steps the cut pool held when cut': reactions.hit,
        'of them dispatched again': reactions.redispatched,
        ...Object.fromEntries(
          Object.entries(reactions.redispatchedTo).map(([place, n]) => [`of them dispatched again to the ${place}`, n]),
        ),
        'executions begun during the cut on the reachable pool': duringCut.filter(
          (e) => e.mode !== 'autonomous' && e.pid !== cut.pid,
        ).length,
        'of them stopped by the cut pool itself before acting': entries.filter(
          (e) => e.event === 'abandoned' && e.pid === cut.pid && e.at >= cutAt && e.at < healedAt,
        ).length,
        'executions on the autonomous branch': entries.filter((e) => e.event === 'started' && e.mode === 'autonomous')
          .length,
        'heal → the cut pool takes work again (ms)': delayUntilFirst(cutPoolAfterHeal, healedAt),
      },
      wallMs: Date.now() - began,
    };
  } finally {
    await proxy.close();
    await cluster.close();
  }
}
