/**
 * An agent that hangs (stops heartbeating) and the time until its step's fallback agent starts, against the step's
 * heartbeat timeout: the configured floor of hang detection.
 */
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { readLedger } from '../agents/agent-ledger';
import { BENCH_HANG_AGENT, BENCH_STEP_AGENT } from '../agents/bench-agents';
import { summarizeLatencies, type LatencySummary } from '../../test/support/latency-stats';
import type { BenchContext } from '../support/bench-context';
import { startDeployment } from '../support/deployment';
import { say } from '../support/progress';
import { hangRequest } from '../support/workload-requests';

export interface HangFigures {
  readonly heartbeatTimeoutMs: number;
  readonly orchestrations: number;
  /** Hung agent started -> fallback agent started. */
  readonly hangToFallbackMs: LatencySummary;
  /** The same minus the heartbeat timeout: what detection and fallback add to the floor. */
  readonly overFloorMs: LatencySummary;
}

export async function measureHangFallback(
  ctx: BenchContext,
  heartbeatTimeoutsMs: readonly number[],
  orchestrations: number,
): Promise<HangFigures[]> {
  const ledger = path.join(ctx.scratch, 'hang-ledger.jsonl');
  const deployment = await startDeployment({
    scratch: ctx.scratch,
    orchestrators: 1,
    pools: 1,
    poolConcurrency: orchestrations * 2,
    agents: { BENCH_AGENT_LATENCY_MS: 20, BENCH_LEDGER: ledger },
    workflowBundle: ctx.workflowBundle,
  });
  const figures: HangFigures[] = [];
  try {
    for (const heartbeatMs of heartbeatTimeoutsMs) {
      const request = hangRequest({ heartbeatMs, healthRegistryId: `bench-hang-${randomUUID()}` });
      const results = await Promise.all(
        Array.from({ length: orchestrations }, async () => deployment.client.run(request)),
      );
      const ids = new Set(results.map((result) => result.orchestrationId));
      const entries = readLedger(ledger).filter((entry) => entry.event === 'start' && ids.has(entry.orchestrationId));
      const delays = [...ids].map((id) => {
        const hung = entries.find((entry) => entry.orchestrationId === id && entry.agent === BENCH_HANG_AGENT);
        const fallback = entries.find((entry) => entry.orchestrationId === id && entry.agent === BENCH_STEP_AGENT);
        if (!hung || !fallback) throw new Error(`orchestration ${id} shows no hang and fallback in the ledger`);
        return fallback.at - hung.at;
      });
      const result: HangFigures = {
        heartbeatTimeoutMs: heartbeatMs,
        orchestrations,
        hangToFallbackMs: summarizeLatencies(delays),
        overFloorMs: summarizeLatencies(delays.map((delay) => delay - heartbeatMs)),
      };
      say(
        `    heartbeat timeout ${heartbeatMs} ms: fallback after ${result.hangToFallbackMs.p50Ms} ms (p50), ${result.overFloorMs.p50Ms} ms over the floor`,
      );
      figures.push(result);
    }
  } finally {
    await deployment.stop();
  }
  return figures;
}
