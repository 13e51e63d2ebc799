/**
 * The same closed-loop workload through the in-memory baseline (its own process) and through Steadfast (server,
 * orchestrator worker and agent pool processes), in one run: throughput and start-to-result latency of each.
 */
import type { BenchContext } from '../support/bench-context';
import { runClosedLoop } from '../support/closed-loop';
import { startDeployment } from '../support/deployment';
import { round1, say } from '../support/progress';
import { chainRequest } from '../support/workload-requests';
import { summarizeLatencies, type LatencySummary } from '../../test/support/latency-stats';
import { startBaselineChild } from './baseline-child';

export interface ComparisonLoad {
  readonly orchestrations: number;
  readonly inFlight: number;
  readonly steps: number;
  readonly agentLatencyMs: number;
}

export interface SideFigures {
  readonly orchestrationsPerSecond: number;
  readonly stepsPerSecond: number;
  readonly latency: LatencySummary;
}

export interface ComparisonFigures {
  readonly load: ComparisonLoad;
  readonly inMemory: SideFigures;
  readonly steadfast: SideFigures;
  /** Steadfast over the baseline: below 1 for throughput means slower, above 1 for latency means slower. */
  readonly ratios: { readonly throughput: number; readonly p50Latency: number; readonly p99Latency: number };
}

export async function compareWithBaseline(ctx: BenchContext, load: ComparisonLoad): Promise<ComparisonFigures> {
  const agents = { BENCH_AGENT_LATENCY_MS: load.agentLatencyMs };
  say(
    `  ${load.orchestrations} chains of ${load.steps} steps, ${load.inFlight} in flight, agents answering in ${load.agentLatencyMs} ms`,
  );

  const baseline = startBaselineChild(
    { orchestrations: load.orchestrations, concurrency: load.inFlight, steps: load.steps, idPrefix: 'baseline' },
    agents,
  );
  const baselineSummary = await baseline.summary;
  if (baselineSummary.failures.length > 0) throw new Error(`the baseline failed: ${baselineSummary.failures[0]}`);
  const inMemory = sideFigures(load, baselineSummary.wallMs, baselineSummary.latenciesMs);
  say(
    `    in-memory: ${inMemory.orchestrationsPerSecond} orchestrations/s, p50 ${inMemory.latency.p50Ms} ms, p99 ${inMemory.latency.p99Ms} ms`,
  );

  // The pool gets as many slots as orchestrations in flight: the baseline's agents are never queued either.
  const deployment = await startDeployment({
    scratch: ctx.scratch,
    orchestrators: 1,
    pools: 1,
    poolConcurrency: load.inFlight,
    agents,
    workflowBundle: ctx.workflowBundle,
  });
  let steadfast: SideFigures;
  try {
    const request = chainRequest({ steps: load.steps });
    const figures = await runClosedLoop(load.orchestrations, load.inFlight, async () => {
      await (await deployment.client.start(request)).result();
    });
    if (figures.failures.length > 0) throw new Error(`Steadfast failed: ${figures.failures[0]}`);
    steadfast = sideFigures(load, figures.wallMs, figures.latenciesMs);
  } finally {
    await deployment.stop();
  }
  say(
    `    Steadfast: ${steadfast.orchestrationsPerSecond} orchestrations/s, p50 ${steadfast.latency.p50Ms} ms, p99 ${steadfast.latency.p99Ms} ms`,
  );
  const ratio = (a: number, b: number) => Math.round((a / b) * 100) / 100;
  return {
    load,
    inMemory,
    steadfast,
    ratios: {
      throughput: ratio(steadfast.orchestrationsPerSecond, inMemory.orchestrationsPerSecond),
      p50Latency: ratio(steadfast.latency.p50Ms, inMemory.latency.p50Ms),
      p99Latency: ratio(steadfast.latency.p99Ms, inMemory.latency.p99Ms),
    },
  };
}

function sideFigures(load: ComparisonLoad, wallMs: number, latenciesMs: number[]): SideFigures {
  const perSecond = (latenciesMs.length / wallMs) * 1000;
  return {
    orchestrationsPerSecond: round1(perSecond),
    stepsPerSecond: round1(perSecond * load.steps),
    latency: summarizeLatencies(latenciesMs),
  };
}
