/**
 * One throughput measurement: a fresh deployment with the given number of orchestrator workers and agent pool
 * processes, a closed loop of chain orchestrations through it, and the processes' CPU and memory meanwhile.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { SteadfastClient } from '../../src/client';
import { meterMachine } from '../support/machine-usage';
import { meterProcesses, type ProcessUsage } from '../support/process-usage';
import { runClosedLoop, withTicker } from '../support/closed-loop';
import type { BenchContext } from '../support/bench-context';
import { startDeployment, type Deployment } from '../support/deployment';
import { round1, say } from '../support/progress';
import { chainRequest } from '../support/workload-requests';
import { summarizeLatencies, type LatencySummary } from '../../test/support/latency-stats';
import { collectStepTimes, emptyStepTimes, summarizeStepTimes, type StepStages } from './step-stages';

export interface ThroughputLoad {
  readonly orchestrators: number;
  readonly pools: number;
  /** Instructions each pool process runs at once. */
  readonly poolConcurrency: number;
  readonly agentLatencyMs: number;
  readonly stepsPerOrchestration: number;
  readonly orchestrations: number;
  /** Orchestrations in flight at any time (closed loop). */
  readonly inFlight: number;
  readonly agentHealth: boolean;
}

export interface ThroughputFigures {
  readonly completed: number;
  readonly failed: number;
  readonly wallSeconds: number;
  readonly orchestrationsPerSecond: number;
  readonly stepsPerSecond: number;
  /** What the agents could do at most: pools x concurrency / latency. */
  readonly agentCapacityStepsPerSecond: number;
  /** Measured steps/s over the agents' capacity: 1.0 means the agents were the bound. */
  readonly shareOfAgentCapacity: number;
  readonly latency: LatencySummary | null;
  readonly server: ProcessUsage;
  readonly orchestratorWorkers: ProcessUsage;
  readonly agentPools: ProcessUsage;
  /** Busy share of the machine's CPUs during the load (every process, ours or not). */
  readonly machineCpuBusyShare: number | null;
  /** Where the steps' time went, from the orchestrations' histories. */
  readonly stages: StepStages;
  /** Agent attempts' total time over the slots the pools offered (pools x concurrency x wall time). */
  readonly agentSlotBusyShare: number;
  readonly firstFailure?: string;
}

export interface ThroughputRunOptions {
  readonly serverNodeArgs?: readonly string[];
  /** Called with the deployment once the load is done, before it stops. */
  readonly beforeStop?: (deployment: Deployment) => Promise<void>;
}

export async function measureThroughput(
  ctx: BenchContext,
  load: ThroughputLoad,
  options: ThroughputRunOptions = {},
): Promise<ThroughputFigures> {
  const deployment = await startDeployment({
    // A database of its own: runs of one part do not inherit each other's orchestrations and health registry.
    scratch: fs.mkdtempSync(path.join(ctx.scratch, 'run-')),
    orchestrators: load.orchestrators,
    pools: load.pools,
    poolConcurrency: load.poolConcurrency,
    agents: { BENCH_AGENT_LATENCY_MS: load.agentLatencyMs },
    workflowBundle: ctx.workflowBundle,
    ...(options.serverNodeArgs ? { serverNodeArgs: options.serverNodeArgs } : {}),
  });
  try {
    const request = chainRequest({ steps: load.stepsPerOrchestration, agentHealth: load.agentHealth });
    const server = meterProcesses([deployment.server.pid]);
    const orchestrators = meterProcesses(deployment.orchestrators.map((child) => child.pid));
    const pools = meterProcesses(deployment.pools.map((child) => child.pid));
    const machine = meterMachine();
    const workflowIds: string[] = [];
    let done = 0;
    const loop = runClosedLoop(
      load.orchestrations,
      load.inFlight,
      async () => {
        const handle = await deployment.client.start(request);
        workflowIds.push(handle.id);
        await handle.result();
      },
      (count) => void (done = count),
    );
    const figures = await withTicker(5_000, () => say(`    ${done}/${load.orchestrations} orchestrations done`), loop);
    const usage = {
      server: server.read(),
      orchestratorWorkers: orchestrators.read(),
      agentPools: pools.read(),
      machineCpuBusyShare: machine.read().cpuBusyShare,
    };
    await options.beforeStop?.(deployment);
    const stages = await stepStagesOf(deployment.client, workflowIds);
    const seconds = figures.wallMs / 1000;
    const completed = figures.latenciesMs.length;
    const stepsPerSecond = round1((completed * load.stepsPerOrchestration) / seconds);
    const agentCapacity = (load.pools * load.poolConcurrency * 1000) / Math.max(1, load.agentLatencyMs);
    return {
      completed,
      failed: figures.failures.length,
      wallSeconds: round1(seconds),
      orchestrationsPerSecond: round1(completed / seconds),
      stepsPerSecond,
      agentCapacityStepsPerSecond: round1(agentCapacity),
      shareOfAgentCapacity: Math.round((stepsPerSecond / agentCapacity) * 100) / 100,
      latency: completed > 0 ? summarizeLatencies(figures.latenciesMs) : null,
      ...usage,
      stages,
      agentSlotBusyShare:
        Math.round((stages.agentSlotMs / (figures.wallMs * load.pools * load.poolConcurrency)) * 100) / 100,
      ...(figures.failures.length > 0 ? { firstFailure: figures.failures[0] } : {}),
    };
  } finally {
    await deployment.stop();
  }
}

/** Reads every orchestration's history, a few at a time. */
async function stepStagesOf(client: SteadfastClient, workflowIds: readonly string[]): Promise<StepStages> {
  const times = emptyStepTimes();
  let next = 0;
  const reader = async () => {
    while (next < workflowIds.length) {
      const history = await client.temporal.workflow.getHandle(workflowIds[next++]!).fetchHistory();
      collectStepTimes(history.events ?? [], times);
    }
  };
  await Promise.all(Array.from({ length: 8 }, reader));
  return summarizeStepTimes(times);
}

export function describeThroughput(figures: ThroughputFigures): string {
  const latency = figures.latency
    ? `p50 ${figures.latency.p50Ms} ms, p99 ${figures.latency.p99Ms} ms`
    : 'no latency (nothing completed)';
  return (
    `${figures.orchestrationsPerSecond} orchestrations/s, ${figures.stepsPerSecond} steps/s ` +
    `(${Math.round(figures.shareOfAgentCapacity * 100)}% of the agents' ${figures.agentCapacityStepsPerSecond}), ${latency}; ` +
    `server ${figures.server.cpuCores} cores, ${figures.server.peakRssMiB} MiB peak; ` +
    `agent slots ${Math.round(figures.agentSlotBusyShare * 100)}% busy, machine CPU ${percent(figures.machineCpuBusyShare)} busy; ` +
    `per step p50: queued ${figures.stages.queueWaitMs?.p50Ms} ms, agent attempt ${figures.stages.agentAttemptMs?.p50Ms} ms, ` +
    `orchestrator turnaround ${figures.stages.orchestratorTurnaroundMs?.p50Ms} ms`
  );
}

function percent(share: number | null): string {
  return share === null ? 'n/a' : `${Math.round(share * 100)}%`;
}
