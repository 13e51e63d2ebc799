/**
 * Throughput: orchestrations/s and steps/s with 1, 2 and 4 agent pool processes and 1 and 2 orchestrator workers,
 * with the server's CPU and memory. Agents are deliberately slow enough (100 ms, 4 at a time per process) that
 * a single pool is the bound; the question is whether adding pools keeps paying off or the orchestrator side stops it.
 */
import type { BenchPart } from '../support/bench-part';
import { say } from '../support/progress';
import { describeThroughput, measureThroughput, type ThroughputFigures, type ThroughputLoad } from './throughput-run';

export const THROUGHPUT_GRID = { orchestrators: [1, 2], pools: [1, 2, 4] } as const;
/** --quick keeps the ends of the pool range. */
const QUICK_POOLS = [1, 4] as const;

export function throughputLoad(
  orchestrations: number,
  orchestrators: number,
  pools: number,
  agentHealth = true,
): ThroughputLoad {
  return {
    orchestrators,
    pools,
    poolConcurrency: 4,
    agentLatencyMs: 100,
    stepsPerOrchestration: 4,
    orchestrations,
    inFlight: 32,
    agentHealth,
  };
}

export const throughputPart: BenchPart = {
  name: 'throughput',
  summary:
    'orchestrations/s and steps/s at 1, 2, 4 agent pools x 1, 2 orchestrator workers, with server CPU and memory',
  async run(ctx) {
    const orchestrations = ctx.scaled(ctx.sizes.quick ? 48 : 160, 8);
    const runs: ({ orchestrators: number; pools: number; agentHealth: boolean } & ThroughputFigures)[] = [];
    const measure = async (orchestrators: number, pools: number, agentHealth: boolean) => {
      const health = agentHealth ? '' : ', agent health off';
      say(
        `  ${orchestrators} orchestrator worker(s), ${pools} agent pool(s)${health}: ${orchestrations} orchestrations`,
      );
      const figures = await measureThroughput(ctx, throughputLoad(orchestrations, orchestrators, pools, agentHealth));
      say(`    ${describeThroughput(figures)}`);
      runs.push({ orchestrators, pools, agentHealth, ...figures });
    };
    const poolCounts = ctx.sizes.quick ? QUICK_POOLS : THROUGHPUT_GRID.pools;
    for (const orchestrators of THROUGHPUT_GRID.orchestrators) {
      for (const pools of poolCounts) await measure(orchestrators, pools, true);
    }
    // Without the shared agent-health registry (a query and a signal per step), to show what it costs.
    for (const pools of poolCounts) await measure(1, pools, false);
    const load = throughputLoad(orchestrations, 0, 0);
    ctx.record(
      'throughput',
      {
        grid: { ...THROUGHPUT_GRID, pools: ctx.sizes.quick ? QUICK_POOLS : THROUGHPUT_GRID.pools },
        orchestrationsPerRun: orchestrations,
        stepsPerOrchestration: load.stepsPerOrchestration,
        inFlight: load.inFlight,
        agentLatencyMs: load.agentLatencyMs,
        poolConcurrency: load.poolConcurrency,
        agentHealth: 'on (the default) for the grid; off for the runs after it',
        deployment:
          'steadfast server (temp-file SQLite), orchestrator worker and agent pool processes, client in the bench process',
      },
      { runs },
    );
  },
};
