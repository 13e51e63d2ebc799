/**
 * Scenario 6: cascade after an outage. Orchestrations arrive at a steady rate; every worker process (orchestrator and
 * agent pools) is killed and stays down while requests keep arriving and queue up, then all come back. Measured: how
 * long the backlog takes to drain, and whether it drains at the pools' capacity (no collapse into timeouts and
 * retries). Orchestrations whose deadline passes during the outage end with a typed failure (DeadlineExceeded, or
 * StepFailed when the step's timeout wins the race), and no agent acts on an instruction after its deadline.
 */
import type { WorkerChildProcess } from '../../../../src/workers/worker-child-process';
import { ChaosCluster } from '../chaos-cluster';
import { readLedger } from '../ledger';
import { runOrchestration, runPaced, type OrchestrationOutcome } from '../load';
import { batch, sequentialPlan } from '../requests';
import { progressTicker, type ScenarioLog } from '../scenario-kit';
import type { ScenarioReport } from '../scenario-report';
import { analyzeLedger, countOutcomes } from '../tally';

export interface OutageOptions {
  readonly warmupMs: number;
  readonly outageMs: number;
  readonly arrivalsPerSecond: number;
  readonly workMs: number;
  readonly pools: number;
  readonly concurrency: number;
  /** Orchestrations started just before the outage with a deadline that passes during it. */
  readonly expiring: number;
  readonly agentHealth: boolean;
  readonly settleWithinMs: number;
}

/** Queued steps wait out the outage and the drain: schedule-to-start must allow it, or they fall back by design. */
const SCHEDULE_TO_START = '10m';

export async function runOutageCascade(options: OutageOptions, log: ScenarioLog): Promise<ScenarioReport> {
  const began = Date.now();
  const cluster = await ChaosCluster.start('outage');
  const workers: WorkerChildProcess[] = [];
  const startWorkers = async (generation: string) => {
    for (let i = 1; i <= options.pools; i++) {
      workers.push(await cluster.startPool({ identity: `pool-${i}-${generation}`, concurrency: options.concurrency }));
    }
    workers.push(await cluster.startOrchestrator({ identity: `orchestrator-${generation}` }));
  };
  try {
    await startWorkers('before');
    const binding = { ...cluster, ledger: cluster.ledger, agentHealth: options.agentHealth };
    const arrivalIntervalMs = 1000 / options.arrivalsPerSecond;
    const arrivals = Math.round(((options.warmupMs + options.outageMs) / 1000) * options.arrivalsPerSecond);
    const planned = batch('arrival', arrivals, () =>
      sequentialPlan(binding, {
        steps: 1,
        workMs: options.workMs,
        overrides: { timeouts: { scheduleToStart: SCHEDULE_TO_START } },
      }),
    );
    const capacity = (options.pools * options.concurrency * 1000) / options.workMs;
    log(
      `  ${options.arrivalsPerSecond} arrivals/s; pools' capacity ${capacity.toFixed(1)} steps/s; outage of ${options.outageMs / 1000} s`,
    );
    const settled: Promise<OrchestrationOutcome[]>[] = [
      runPaced(cluster.client, planned, arrivalIntervalMs, options.settleWithinMs),
    ];

    await new Promise((resolve) => setTimeout(resolve, options.warmupMs - 2_000));
    // Long steps with a deadline shorter than the outage: in flight or queued when the workers die, expired when they return.
    const deadlineMs = Math.round(options.outageMs / 2);
    const expiring = batch('expiring', options.expiring, () =>
      sequentialPlan(binding, { steps: 1, workMs: options.outageMs * 2, deadline: `${deadlineMs}ms` }),
    );
    settled.push(
      Promise.all(
        expiring.map((one) =>
          runOrchestration(cluster.client, one, Date.now() + options.outageMs + options.settleWithinMs),
        ),
      ),
    );
    await new Promise((resolve) => setTimeout(resolve, 2_000));

    const downAt = Date.now();
    const effectsBefore = readLedger(cluster.ledger).filter((e) => e.event === 'effect');
    await Promise.all(workers.splice(0).map((worker) => worker.kill('SIGKILL')));
    log(`  every worker killed; requests keep arriving for ${options.outageMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, options.outageMs));
    const upAt = Date.now();
    await startWorkers('after');
    log(`  workers back after ${((upAt - downAt) / 1000).toFixed(1)} s`);
    const stopProgress = progressTicker(
      log,
      () => `  ${readLedger(cluster.ledger).filter((e) => e.event === 'effect').length} steps acted`,
    );
    const outcomes = (await Promise.all(settled).finally(stopProgress)).flat();

    const entries = readLedger(cluster.ledger);
    const queued = outcomes.filter((o) => o.settledAt === undefined || o.settledAt >= upAt).length;
    const effectsAfter = entries.filter((e) => e.event === 'effect' && e.at >= upAt).map((e) => e.at);
    const drainedAt = Math.max(...outcomes.map((o) => o.settledAt ?? 0));
    const firstAfter = effectsAfter.length > 0 ? Math.min(...effectsAfter) : upAt;
    const drainSeconds = (Math.max(...effectsAfter, firstAfter) - firstAfter) / 1000;
    const drainRate = drainSeconds > 0 ? effectsAfter.length / drainSeconds : 0;
    const warmEffects = effectsBefore.filter((e) => e.at >= downAt - options.warmupMs / 2).length;
    const warmRate = warmEffects / (options.warmupMs / 2000);
    const expired = outcomes.filter((o) => o.id.startsWith('expiring-'));
    // The deadline timer and the step's own schedule-to-close timeout end at the same moment: either may win.
    const expiredReasons = new Map<string, number>();
    for (const o of expired) expiredReasons.set(o.reason ?? o.kind, (expiredReasons.get(o.reason ?? o.kind) ?? 0) + 1);
    const refusedStale = outcomes
      .flatMap((o) => o.steps ?? [])
      .flatMap((s) => s.branches)
      .filter((b) => b.reason === 'stale_instruction').length;
    return {
      scenario: 'outage-cascade',
      title: '6. Cascade after an outage of every worker',
      failure:
        `Every worker process is killed for ${options.outageMs / 1000} s while ${options.arrivalsPerSecond} orchestrations/s ` +
        `keep arriving (${queued} orchestrations waiting at the restart), then all come back.`,
      ...countOutcomes(outcomes, entries),
      detectionMs: null,
      recoveryMs: drainedAt - upAt,
      detection: 'none needed: the workers are restarted (by the harness, as by a supervisor)',
      recovery: 'workers back → the whole backlog has drained (every orchestration settled)',
      ledger: analyzeLedger(entries),
      figures: {
        "pools' capacity (slots ÷ step time)": `${capacity.toFixed(1)} steps/s`,
        'arrival rate': `${options.arrivalsPerSecond}/s`,
        'throughput before the outage': `${warmRate.toFixed(1)} steps/s`,
        'drain rate after the restart': `${drainRate.toFixed(1)} steps/s`,
        "drain rate ÷ pools' capacity": (drainRate / capacity).toFixed(2),
        'orchestrations waiting at the restart': queued,
        'restart → first step acted': `${firstAfter - upAt} ms`,
        'orchestrations whose deadline passed during the outage': expired.length,
        'of them failed, typed': expired.filter((o) => o.kind === 'failed').length,
        'their failure types': [...expiredReasons].map(([reason, n]) => `${reason} × ${n}`).join(', ') || '—',
        'side effects of theirs': entries.filter(
          (e) => e.event === 'effect' && e.orchestrationId.startsWith('expiring-'),
        ).length,
        'instructions refused by agents as stale': refusedStale,
        'agent-health registry': options.agentHealth ? 'on' : 'off',
      },
      wallMs: Date.now() - began,
    };
  } finally {
    await cluster.close();
  }
}
