/**
 * Scenario 3: overload. Batches of increasing size are submitted at once against fixed pools, through a client with
 * admission control (maxInFlight). Each orchestration must complete or be refused up front with the typed overload
 * error; nothing may time out or fail. Per level: throughput and p50/p99 latency, and how latency grows with backlog.
 */
import { summarizeLatencies } from '../../latency-stats';
import { SteadfastClient } from '../../../../src/client';
import { ChaosCluster } from '../chaos-cluster';
import { readLedger } from '../ledger';
import { runAll, type OrchestrationOutcome } from '../load';
import { batch, sequentialPlan } from '../requests';
import { progressTicker, type ScenarioLog } from '../scenario-kit';
import type { ScenarioReport } from '../scenario-report';
import { analyzeLedger, countOutcomes } from '../tally';

export interface OverloadOptions {
  /** Orchestrations submitted at once, one batch per level, in this order. */
  readonly levels: readonly number[];
  readonly maxInFlight: number;
  readonly stepsPerOrchestration: number;
  readonly workMs: number;
  readonly pools: number;
  readonly concurrency: number;
  readonly agentHealth: boolean;
  readonly settleWithinMs: number;
}

export interface OverloadLevel {
  readonly submitted: number;
  readonly admitted: number;
  readonly completed: number;
  readonly refused: number;
  readonly failedOrLost: number;
  readonly wallMs: number;
  /** Completed orchestrations per second, from the first submission to the last outcome. */
  readonly throughput: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  /** p99 latency per admitted orchestration: constant when latency grows linearly with the backlog. */
  readonly p99PerAdmittedMs: number;
}

function levelOf(outcomes: readonly OrchestrationOutcome[], wallMs: number): OverloadLevel {
  const completed = outcomes.filter((o) => o.kind === 'completed');
  const refused = outcomes.filter((o) => o.kind === 'refused').length;
  const latency =
    completed.length > 0 ? summarizeLatencies(completed.map((o) => o.settledAt! - o.submittedAt)) : undefined;
  const admitted = outcomes.length - refused;
  return {
    submitted: outcomes.length,
    admitted,
    completed: completed.length,
    refused,
    failedOrLost: outcomes.length - completed.length - refused,
    wallMs,
    throughput: Math.round((completed.length / wallMs) * 1000 * 10) / 10,
    p50Ms: latency?.p50Ms ?? 0,
    p99Ms: latency?.p99Ms ?? 0,
    p99PerAdmittedMs: latency && admitted > 0 ? Math.round((latency.p99Ms / admitted) * 10) / 10 : 0,
  };
}

/**
 * How much faster p99 latency grew than the admitted backlog, between consecutive levels whose backlog grew
 * (≤ 1: at most linear). Levels capped by admission control have the same backlog and are left out.
 */
export function latencyGrowthVsBacklog(levels: readonly OverloadLevel[]): string[] {
  return levels.slice(1).flatMap((level, i) => {
    const previous = levels[i]!;
    if (level.admitted <= previous.admitted || previous.p99Ms === 0) return [];
    const ratio = level.p99Ms / previous.p99Ms / (level.admitted / previous.admitted);
    return [`${previous.admitted} → ${level.admitted} admitted: ${ratio.toFixed(2)}`];
  });
}

export async function runOverload(
  options: OverloadOptions,
  log: ScenarioLog,
): Promise<ScenarioReport & { levels: OverloadLevel[] }> {
  const began = Date.now();
  const cluster = await ChaosCluster.start('overload');
  const client = await SteadfastClient.connect({
    address: cluster.address,
    healthRegistryId: cluster.registryId,
    maxInFlight: options.maxInFlight,
  });
  try {
    for (let i = 1; i <= options.pools; i++)
      await cluster.startPool({ identity: `pool-${i}`, concurrency: options.concurrency });
    await cluster.startOrchestrator({ identity: 'orchestrator-a' });
    await cluster.startOrchestrator({ identity: 'orchestrator-b' });

    const levels: OverloadLevel[] = [];
    const outcomes: OrchestrationOutcome[] = [];
    for (const [index, size] of options.levels.entries()) {
      log(`  level ${index + 1}: ${size} orchestrations at once, maxInFlight ${options.maxInFlight}`);
      const planned = batch(`overload-${size}`, size, () =>
        sequentialPlan(
          { ...cluster, ledger: cluster.ledger, agentHealth: options.agentHealth },
          {
            steps: options.stepsPerOrchestration,
            workMs: options.workMs,
          },
        ),
      );
      const levelBegan = Date.now();
      const stopProgress = progressTicker(
        log,
        () => `    ${readLedger(cluster.ledger).filter((e) => e.event === 'effect').length} steps acted so far`,
      );
      const settled = await runAll(client, planned, options.settleWithinMs).finally(stopProgress);
      const level = levelOf(settled, Date.now() - levelBegan);
      log(
        `    ${level.completed} completed, ${level.refused} refused, ${level.throughput}/s, p50 ${level.p50Ms} ms, p99 ${level.p99Ms} ms`,
      );
      levels.push(level);
      outcomes.push(...settled);
    }

    const entries = readLedger(cluster.ledger);
    const growth = latencyGrowthVsBacklog(levels);
    return {
      scenario: 'overload',
      title: '3. Overload: batches submitted at once',
      failure:
        `${options.levels.join(', ')} orchestrations submitted at once against ${options.pools} pool processes × ` +
        `${options.concurrency} slots, through a client with maxInFlight ${options.maxInFlight}.`,
      ...countOutcomes(outcomes, entries),
      detectionMs: null,
      recoveryMs: null,
      detection: 'not applicable: nothing fails, the excess is refused up front',
      recovery: 'not applicable',
      ledger: analyzeLedger(entries),
      figures: {
        'admission limit (maxInFlight)': options.maxInFlight,
        'agent-health registry': options.agentHealth ? 'on' : 'off',
        'p99 growth ÷ backlog growth (≤ 1: at most linear)': growth.join('; ') || '—',
      },
      table: {
        columns: [
          'submitted',
          'admitted',
          'completed',
          'refused',
          'failed or lost',
          'throughput (/s)',
          'p50',
          'p99',
          'p99 ÷ admitted',
        ],
        rows: levels.map((l) => [
          l.submitted,
          l.admitted,
          l.completed,
          l.refused,
          l.failedOrLost,
          l.throughput,
          `${(l.p50Ms / 1000).toFixed(1)} s`,
          `${(l.p99Ms / 1000).toFixed(1)} s`,
          `${l.p99PerAdmittedMs} ms`,
        ]),
      },
      levels,
      wallMs: Date.now() - began,
    };
  } finally {
    await client.close();
    await cluster.close();
  }
}
