/** History of one long orchestration, run once without continue-as-new and once with it: events and bytes per run. */
import type { BenchContext } from '../support/bench-context';
import { startDeployment } from '../support/deployment';
import { round1 } from '../support/progress';
import { chainRequest } from '../support/workload-requests';

export interface HistoryFigures {
  readonly steps: number;
  readonly continueAsNewAfterEvents: number;
  readonly runs: number;
  readonly longestRunEvents: number;
  readonly totalEvents: number;
  readonly largestRunKiB: number;
  /** The carried state makes each new run's first event larger as the orchestration advances. */
  readonly lastRunFirstEventKiB: number | null;
  readonly wallSeconds: number;
}

/** The schema's maximum: in practice, never. */
export const NEVER_CONTINUE_AS_NEW = 50_000;

export async function measureHistoryLength(
  ctx: BenchContext,
  steps: number,
  thresholds: readonly number[],
): Promise<HistoryFigures[]> {
  const deployment = await startDeployment({
    scratch: ctx.scratch,
    orchestrators: 1,
    pools: 1,
    poolConcurrency: 4,
    agents: { BENCH_AGENT_LATENCY_MS: 0 },
    workflowBundle: ctx.workflowBundle,
  });
  const figures: HistoryFigures[] = [];
  try {
    const temporal = deployment.client.temporal;
    for (const continueAsNewAfterEvents of thresholds) {
      const began = performance.now();
      const handle = await deployment.client.start(chainRequest({ steps, continueAsNewAfterEvents }));
      await handle.result();
      const wallSeconds = round1((performance.now() - began) / 1000);
      const runs = [];
      for await (const run of temporal.workflow.list({ query: `WorkflowId = '${handle.id}'` })) runs.push(run);
      const sizes = await Promise.all(
        runs.map(async (run) => {
          const described = await temporal.workflow.getHandle(handle.id, run.runId).describe();
          return Number(described.raw.workflowExecutionInfo?.historySizeBytes ?? 0);
        }),
      );
      const newest = runs.reduce((a, b) => (a.startTime > b.startTime ? a : b));
      const firstEvent = (await temporal.workflow.getHandle(handle.id, newest.runId).fetchHistory()).events?.[0];
      const firstEventBytes = firstEvent?.workflowExecutionStartedEventAttributes?.input?.payloads?.reduce(
        (sum, payload) => sum + (payload.data?.length ?? 0),
        0,
      );
      figures.push({
        steps,
        continueAsNewAfterEvents,
        runs: runs.length,
        longestRunEvents: Math.max(...runs.map((run) => run.historyLength)),
        totalEvents: runs.reduce((sum, run) => sum + run.historyLength, 0),
        largestRunKiB: round1(Math.max(...sizes) / 1024),
        lastRunFirstEventKiB: firstEventBytes === undefined ? null : round1(firstEventBytes / 1024),
        wallSeconds,
      });
    }
  } finally {
    await deployment.stop();
  }
  return figures;
}
