/**
 * State after many completed orchestrations: the server's memory and database size as orchestrations accumulate
 * (checkpoints along the way), and what the database holds at the end.
 */
import { residentBytes } from '../support/proc-memory';
import type { BenchContext } from '../support/bench-context';
import { runClosedLoop, withTicker } from '../support/closed-loop';
import { startDeployment } from '../support/deployment';
import { mib, round1, say } from '../support/progress';
import { chainRequest } from '../support/workload-requests';
import { peakRssBytes } from '../process-stats';
import { databaseBytes, databaseCensus, type DatabaseCensus } from './database-census';

export interface StateCheckpoint {
  readonly completed: number;
  readonly serverRssMiB: number | null;
  readonly orchestratorRssMiB: number | null;
  readonly databaseMiB: number;
}

export interface CompletedStateFigures {
  readonly orchestrations: number;
  readonly stepsPerOrchestration: number;
  readonly wallSeconds: number;
  readonly checkpoints: readonly StateCheckpoint[];
  readonly serverPeakRssMiB: number | null;
  /** The closed database (log checkpointed into it) divided by the orchestrations. */
  readonly databaseKiBPerOrchestration: number;
  readonly census: DatabaseCensus;
}

const STEPS = 3;

export async function accumulateCompletedOrchestrations(
  ctx: BenchContext,
  orchestrations: number,
): Promise<CompletedStateFigures> {
  const deployment = await startDeployment({
    scratch: ctx.scratch,
    orchestrators: 1,
    pools: 1,
    poolConcurrency: 32,
    agents: { BENCH_AGENT_LATENCY_MS: 0 },
    workflowBundle: ctx.workflowBundle,
  });
  const checkpoints: StateCheckpoint[] = [];
  const checkpoint = (completed: number) => {
    const server = residentBytes(deployment.server.pid);
    const orchestrator = residentBytes(deployment.orchestrators[0]!.pid);
    checkpoints.push({
      completed,
      serverRssMiB: server === undefined ? null : mib(server),
      orchestratorRssMiB: orchestrator === undefined ? null : mib(orchestrator),
      databaseMiB: mib(databaseBytes(deployment.db)),
    });
  };
  let serverPeak: number | undefined;
  let wallMs: number;
  try {
    checkpoint(0);
    const every = Math.max(1, Math.round(orchestrations / 5));
    const request = chainRequest({ steps: STEPS });
    let done = 0;
    const loop = runClosedLoop(
      orchestrations,
      32,
      async () => {
        await (await deployment.client.start(request)).result();
      },
      (count) => {
        done = count;
        if (count % every === 0 && count < orchestrations) checkpoint(count);
      },
    );
    const figures = await withTicker(10_000, () => say(`    ${done}/${orchestrations} orchestrations completed`), loop);
    if (figures.failures.length > 0)
      throw new Error(`${figures.failures.length} orchestrations failed: ${figures.failures[0]}`);
    wallMs = figures.wallMs;
    checkpoint(orchestrations);
    serverPeak = peakRssBytes(deployment.server.pid);
  } finally {
    await deployment.stop();
  }
  const census = databaseCensus(deployment.db);
  return {
    orchestrations,
    stepsPerOrchestration: STEPS,
    wallSeconds: round1(wallMs / 1000),
    checkpoints,
    serverPeakRssMiB: serverPeak === undefined ? null : mib(serverPeak),
    databaseKiBPerOrchestration: round1(census.fileBytes / 1024 / orchestrations),
    census,
  };
}
