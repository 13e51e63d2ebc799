/** The price of durability: Steadfast against the in-memory baseline on the same workload, then both killed mid-run. */
import type { BenchPart } from '../support/bench-part';
import { compareWithBaseline, type ComparisonFigures } from './comparison-run';
import { crashBoth } from './crash-run';

const COMPARED_AGENT_LATENCIES_MS = [20, 200] as const;

export const durabilityPart: BenchPart = {
  name: 'baseline',
  summary: 'Steadfast vs an in-memory orchestrator: throughput and p50/p99 ratios, then kill -9 of each mid-run',
  async run(ctx) {
    const comparisons: ComparisonFigures[] = [];
    for (const agentLatencyMs of COMPARED_AGENT_LATENCIES_MS) {
      comparisons.push(
        await compareWithBaseline(ctx, {
          orchestrations: ctx.scaled(ctx.sizes.quick ? 32 : 120, 8),
          inFlight: 16,
          steps: 4,
          agentLatencyMs,
        }),
      );
    }
    const crash = await crashBoth(ctx, {
      orchestrations: ctx.scaled(ctx.sizes.quick ? 16 : 40, 4),
      steps: 6,
      agentLatencyMs: 300,
    });
    ctx.record(
      'baseline',
      {
        baseline:
          'InMemoryOrchestrator (bench/baseline): same requests, same simulated agents called directly, state in a Map',
        steadfast:
          'steadfast server (temp-file SQLite), one orchestrator worker, one agent pool with as many slots as orchestrations in flight',
        workload: 'chain orchestrations (each step depends on the previous one), closed loop',
        crash:
          'SIGKILL of every process of each side once half of all agent calls ended; Steadfast restarted on the same database',
      },
      { comparisons, crash },
    );
  },
};
