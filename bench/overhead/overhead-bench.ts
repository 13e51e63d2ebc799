/**
 * Per-step overhead at low load: one chain orchestration at a time, and for each step the time from its agent
 * answering to the next step's agent starting, as the agents' ledger records it. Compared side by side: the in-memory
 * baseline, a plain Temporal workflow calling activities (the SDK and server floor), and Steadfast with and without
 * its agent-health registry. The CPU each process spends per step says what share of the gap is the server's.
 */
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { NativeConnection, Worker } from '@temporalio/worker';
import { readLedger, type LedgerEntry } from '../agents/agent-ledger';
import { startBaselineChild } from '../baseline/baseline-child';
import { summarizeLatencies, type LatencySummary } from '../../test/support/latency-stats';
import { cpuSeconds } from '../process-stats';
import type { BenchContext } from '../support/bench-context';
import type { BenchPart } from '../support/bench-part';
import { runClosedLoop } from '../support/closed-loop';
import { startDeployment, type Deployment } from '../support/deployment';
import { agentCallMs, chainGapsMs } from '../support/ledger-analysis';
import { round2, say } from '../support/progress';
import { chainRequest } from '../support/workload-requests';
import { DEFAULT_HEALTH_REGISTRY_ID, SignalNames } from '../../src/orchestration/names';
import { rawChainActivities } from './raw-chain-activities';
import type { rawChain } from './raw-chain-workflow';
import { collectStepHops, emptyStepHops, HOPS, type Hop } from './step-hops';

const AGENT_LATENCIES_MS = [0, 100] as const;

type Variant =
  | 'in-memory baseline'
  | 'plain Temporal workflow'
  | 'plain Temporal workflow, gRPC compression off'
  | 'Steadfast, agent health off'
  | 'Steadfast (default)'
  | 'Steadfast (default), aged health registry';

export interface OverheadFigures {
  readonly variant: Variant;
  readonly agentLatencyMs: number;
  readonly steps: number;
  /** Agent answered -> next step's agent started: what the orchestration adds to each step. */
  readonly addedPerStepMs: LatencySummary;
  /** Time inside the agent per call. */
  readonly agentCallP50Ms: number;
  /** Orchestration wall time divided by its steps. */
  readonly wallPerStepMs: number;
  /** CPU milliseconds per step in each process involved (undefined where a process is not involved). */
  readonly cpuMsPerStep: Readonly<Record<string, number | null>>;
  /** p50 of each hop between one step's agent answering and the next one starting (step-hops). */
  readonly hopsP50Ms?: Readonly<Record<Hop, number>>;
}

export const overheadPart: BenchPart = {
  name: 'overhead',
  summary:
    'per-step latency added by orchestration at low load: baseline, plain Temporal, Steadfast with/without health',
  async run(ctx) {
    const steps = ctx.sizes.quick ? 15 : 30;
    const orchestrations = ctx.sizes.quick ? 2 : 3;
    const registryEvents = ctx.sizes.quick ? 1_500 : 4_000;
    const figures: OverheadFigures[] = [];
    for (const latency of AGENT_LATENCIES_MS) {
      figures.push(...(await measureAtLatency(ctx, latency, steps, orchestrations, registryEvents)));
    }
    ctx.record(
      'overhead',
      {
        workload: `${orchestrations} chain orchestrations of ${steps} steps, one at a time, per variant and agent latency`,
        agentLatenciesMs: AGENT_LATENCIES_MS,
        measure: 'agent ledger: next step agent start minus previous step agent end (added latency per step)',
        agedRegistry: `the shared agent-health registry's history grown to ${registryEvents} events first (it continues as new at 5,000)`,
        deployment: 'steadfast server, one orchestrator worker and one agent pool, each its own process',
      },
      { variants: figures },
    );
  },
};

async function measureAtLatency(
  ctx: BenchContext,
  latencyMs: number,
  steps: number,
  orchestrations: number,
  registryEvents: number,
): Promise<OverheadFigures[]> {
  const ledger = path.join(ctx.scratch, `ledger-${latencyMs}ms.jsonl`);
  const agents = { BENCH_AGENT_LATENCY_MS: latencyMs, BENCH_LEDGER: ledger };
  const results: OverheadFigures[] = [];
  const report = (figures: OverheadFigures) => {
    say(
      `    ${figures.variant}: +${figures.addedPerStepMs.p50Ms} ms per step (p50; p90 ${figures.addedPerStepMs.p90Ms}), agent ${figures.agentCallP50Ms} ms`,
    );
    results.push(figures);
  };

  say(`  agents answering in ${latencyMs} ms: in-memory baseline`);
  const baselinePrefix = `baseline-${latencyMs}-${randomUUID().slice(0, 8)}`;
  const baseline = await startBaselineChild({ orchestrations, concurrency: 1, steps, idPrefix: baselinePrefix }, agents)
    .summary;
  report(
    figuresFrom(
      'in-memory baseline',
      latencyMs,
      steps * orchestrations,
      baseline.wallMs,
      ledgerOf(ledger, baselinePrefix),
      {},
    ),
  );

  say(`  agents answering in ${latencyMs} ms: Steadfast deployment (server, orchestrator worker, agent pool)`);
  const deployment = await startDeployment({
    scratch: ctx.scratch,
    orchestrators: 1,
    pools: 1,
    poolConcurrency: 4,
    agents,
    workflowBundle: ctx.workflowBundle,
  });
  try {
    report(await measureRawChain(deployment, ledger, latencyMs, steps, orchestrations, 'gzip'));
    report(await measureRawChain(deployment, ledger, latencyMs, steps, orchestrations, 'none'));
    // Unmeasured: the orchestrator worker and the pool compile their code on first use, which the first variant would pay.
    await (await deployment.client.start(chainRequest({ steps, agentHealth: true }))).result();
    for (const [variant, agentHealth] of [
      ['Steadfast, agent health off', false],
      ['Steadfast (default)', true],
      ['Steadfast (default), aged health registry', true],
    ] as const) {
      if (variant === 'Steadfast (default), aged health registry') await ageHealthRegistry(deployment, registryEvents);
      const pids = {
        server: deployment.server.pid,
        orchestratorWorker: deployment.orchestrators[0]!.pid,
        agentPool: deployment.pools[0]!.pid,
      };
      const ids: string[] = [];
      const measured = await measureSequential(pids, orchestrations, async () => {
        const handle = await deployment.client.start(chainRequest({ steps, agentHealth }));
        ids.push(handle.id);
        await handle.result();
      });
      const entries = ledgerOf(ledger, ...ids);
      const hopsP50Ms = await hopsOf(deployment, ids, entries);
      report({
        ...figuresFrom(variant, latencyMs, steps * orchestrations, measured.wallMs, entries, measured.cpuSeconds),
        hopsP50Ms,
      });
    }
  } finally {
    await deployment.stop();
  }
  return results;
}

/** A worker in this process; the SDK gzips its requests unless told not to, which the server then has to undo. */
async function measureRawChain(
  deployment: Deployment,
  ledger: string,
  latencyMs: number,
  steps: number,
  orchestrations: number,
  compression: 'gzip' | 'none',
): Promise<OverheadFigures> {
  const connection = await NativeConnection.connect({
    address: deployment.server.address,
    grpcCompression: { codec: compression },
  });
  try {
    const taskQueue = `bench-raw-${randomUUID()}`;
    const worker = await Worker.create({
      connection,
      taskQueue,
      workflowsPath: require.resolve('./raw-chain-workflow'),
      activities: rawChainActivities(ledger, latencyMs),
    });
    const ids: string[] = [];
    const measured = await worker.runUntil(() =>
      measureSequential({ server: deployment.server.pid, benchProcess: process.pid }, orchestrations, async () => {
        const workflowId = `raw-${randomUUID()}`;
        ids.push(workflowId);
        await deployment.client.temporal.workflow.execute<typeof rawChain>('rawChain', {
          taskQueue,
          workflowId,
          args: [steps],
        });
      }),
    );
    const variant =
      compression === 'gzip' ? 'plain Temporal workflow' : 'plain Temporal workflow, gRPC compression off';
    const entries = ledgerOf(ledger, ...ids);
    const hopsP50Ms = await hopsOf(deployment, ids, entries);
    return {
      ...figuresFrom(variant, latencyMs, steps * orchestrations, measured.wallMs, entries, measured.cpuSeconds),
      hopsP50Ms,
    };
  } finally {
    await connection.close();
  }
}

async function measureSequential(
  pids: Record<string, number>,
  orchestrations: number,
  runOne: () => Promise<void>,
): Promise<{ wallMs: number; cpuSeconds: Record<string, number | null> }> {
  const before = Object.fromEntries(Object.entries(pids).map(([name, pid]) => [name, cpuSeconds(pid)]));
  const figures = await runClosedLoop(orchestrations, 1, runOne);
  if (figures.failures.length > 0) throw new Error(`an orchestration failed: ${figures.failures[0]}`);
  const used = Object.fromEntries(
    Object.entries(pids).map(([name, pid]) => {
      const after = cpuSeconds(pid);
      const start = before[name];
      return [name, after === undefined || start === undefined ? null : after - start];
    }),
  );
  return { wallMs: figures.wallMs, cpuSeconds: used };
}

/**
 * Grows the shared agent-health registry's history the way months of reports would (it continues as new at 5,000
 * events): queries on it then carry that history. Signals that change nothing (resetting an unknown agent) do it fast.
 */
async function ageHealthRegistry(deployment: Deployment, events: number): Promise<void> {
  const registry = deployment.client.temporal.workflow.getHandle(DEFAULT_HEALTH_REGISTRY_ID);
  say(`    growing the agent-health registry's history to ${events} events`);
  while ((await registry.describe()).historyLength < events) {
    await Promise.all(Array.from({ length: 50 }, () => registry.signal(SignalNames.resetAgent, 'bench-no-such-agent')));
  }
}

/** The p50 of each hop over every step of these orchestrations, from their histories and the ledger. */
async function hopsOf(
  deployment: Deployment,
  workflowIds: readonly string[],
  entries: readonly LedgerEntry[],
): Promise<Record<Hop, number>> {
  const hops = emptyStepHops();
  for (const workflowId of workflowIds) {
    const history = await deployment.client.temporal.workflow.getHandle(workflowId).fetchHistory();
    collectStepHops(
      history.events ?? [],
      entries.filter((entry) => entry.orchestrationId === workflowId),
      hops,
    );
  }
  return Object.fromEntries(
    HOPS.map((hop) => [hop, hops[hop].length > 0 ? summarizeLatencies(hops[hop]).p50Ms : NaN]),
  ) as Record<Hop, number>;
}

function ledgerOf(file: string, ...orchestrationPrefixes: string[]): LedgerEntry[] {
  return readLedger(file).filter((entry) =>
    orchestrationPrefixes.some((prefix) => entry.orchestrationId.startsWith(prefix)),
  );
}

function figuresFrom(
  variant: Variant,
  agentLatencyMs: number,
  steps: number,
  wallMs: number,
  entries: LedgerEntry[],
  cpuSecondsUsed: Record<string, number | null>,
): OverheadFigures {
  const gaps = chainGapsMs(entries);
  if (gaps.length === 0) throw new Error(`${variant}: the ledger shows no consecutive steps`);
  const calls = agentCallMs(entries);
  return {
    variant,
    agentLatencyMs,
    steps,
    addedPerStepMs: summarizeLatencies(gaps),
    agentCallP50Ms: summarizeLatencies(calls).p50Ms,
    wallPerStepMs: round2(wallMs / steps),
    cpuMsPerStep: Object.fromEntries(
      Object.entries(cpuSecondsUsed).map(([name, seconds]) => [
        name,
        seconds === null ? null : round2((seconds * 1000) / steps),
      ]),
    ),
  };
}
