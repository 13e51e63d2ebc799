/**
 * The results table of docs/benchmarks.md, one section per results file: the figures, then the command that
 * produced them and the machine they ran on. Missing files are named, so a partial run is visible as such.
 */
import type { ResultsRecord } from '../support/results-file';
import { markdownTable } from './markdown-table';

/*
 * The records are this suite's own JSON, read back from files older runs wrote (older ones lack newer fields); the
 * renderers read the fields they show and print what is missing.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- untyped JSON from disk, see above
type Json = any;

export function provenance(record: ResultsRecord): string {
  const machine = record.machine;
  const memoryGiB = Math.round(machine.totalMemoryBytes / 2 ** 30);
  return (
    `Command: \`${record.command}\` · ${record.date.slice(0, 16).replace('T', ' ')} UTC · ` +
    `${machine.cpus} × ${machine.cpuModel}, ${memoryGiB} GiB, ${machine.os}, Node ${machine.node} · ` +
    `load average at start ${record.loadAverageAtStart}`
  );
}

export function durabilitySection(record: ResultsRecord): string {
  const results = record.results as Json;
  const comparison = markdownTable(
    [
      'agent latency',
      'in-memory orch/s',
      'Steadfast orch/s',
      'throughput ratio',
      'p50 in-memory / Steadfast (ms)',
      'p50 ratio',
      'p99 in-memory / Steadfast (ms)',
      'p99 ratio',
    ],
    results.comparisons.map((c: Json) => [
      `${c.load.agentLatencyMs} ms`,
      c.inMemory.orchestrationsPerSecond,
      c.steadfast.orchestrationsPerSecond,
      `${c.ratios.throughput}×`,
      `${c.inMemory.latency.p50Ms} / ${c.steadfast.latency.p50Ms}`,
      `${c.ratios.p50Latency}×`,
      `${c.inMemory.latency.p99Ms} / ${c.steadfast.latency.p99Ms}`,
      `${c.ratios.p99Latency}×`,
    ]),
  );
  const crash = results.crash;
  const crashRow = (name: string, loss: Json) => [
    name,
    loss.inFlightAtKill,
    loss.finishedStepsOfInFlight,
    loss.finishedStepsLost,
    loss.completedAfterRestart,
    loss.lost,
    loss.stepsCalledAgain,
    loss.recoverySeconds === null ? 'no restart possible' : `${loss.recoverySeconds} s`,
  ];
  const crashTable = markdownTable(
    [
      'killed mid-run',
      'orchestrations in flight',
      'their finished steps',
      'finished steps lost',
      'completed after restart',
      'orchestrations lost',
      'agent calls repeated',
      'restart to last result',
    ],
    [
      crashRow('in-memory baseline', crash.inMemory),
      crashRow('Steadfast (server, orchestrator, pool all kill -9)', crash.steadfast),
    ],
  );
  const load = results.comparisons[0]?.load;
  return [
    `Same workload through both, in one run: ${load?.orchestrations} chain orchestrations of ${load?.steps} steps, ${load?.inFlight} in flight. Ratios are Steadfast over in-memory.`,
    '',
    comparison,
    '',
    `Killed once half of all agent calls had ended: ${crash.load.orchestrations} chains of ${crash.load.steps} steps, agents answering in ${crash.load.agentLatencyMs} ms.`,
    '',
    crashTable,
  ].join('\n');
}

export function overheadSection(record: ResultsRecord): string {
  const variants = (record.results as Json).variants as Json[];
  return [overheadTable(variants), ...stepHopsSection(variants)].join('\n');
}

/** Hop by hop, where a step's added time goes (recorded since the variants carry hops). */
function stepHopsSection(variants: readonly Json[]): string[] {
  const measured = variants.filter((v) => v.hopsP50Ms);
  if (measured.length === 0) return [];
  return [
    '',
    "Hop by hop (p50 ms), from the orchestrations' histories (server times) and the agents' ledger: the pool reporting a result, the server handing the workflow task over, the orchestrator worker's round trip to the next instruction, the server handing that to a pool, and the pool starting the agent.",
    '',
    markdownTable(
      [
        'agent latency',
        'variant',
        'pool report',
        'server → orchestrator',
        'orchestrator worker',
        'server → pool',
        'pool delivery',
      ],
      measured.map((v) => [
        `${v.agentLatencyMs} ms`,
        v.variant,
        v.hopsP50Ms.poolReport,
        v.hopsP50Ms.toOrchestrator,
        v.hopsP50Ms.orchestrator,
        v.hopsP50Ms.toPool,
        v.hopsP50Ms.poolDelivery,
      ]),
    ),
  ];
}

function overheadTable(variants: readonly Json[]): string {
  return markdownTable(
    [
      'agent latency',
      'variant',
      'added per step p50 (ms)',
      'p90 (ms)',
      'agent call p50 (ms)',
      'wall per step (ms)',
      'server CPU per step (ms)',
      'orchestrator worker CPU per step (ms)',
      'agent pool CPU per step (ms)',
    ],
    variants.map((v) => [
      `${v.agentLatencyMs} ms`,
      v.variant,
      v.addedPerStepMs.p50Ms,
      v.addedPerStepMs.p90Ms,
      v.agentCallP50Ms,
      v.wallPerStepMs,
      v.cpuMsPerStep.server,
      v.cpuMsPerStep.orchestratorWorker ??
        (v.cpuMsPerStep.benchProcess !== undefined ? `${v.cpuMsPerStep.benchProcess} (worker in bench process)` : null),
      v.cpuMsPerStep.agentPool,
    ]),
  );
}

export function throughputSection(record: ResultsRecord): string {
  const setup = record.setup as Json;
  const runs = (record.results as Json).runs as Json[];
  return [
    `${setup.orchestrationsPerRun} chain orchestrations of ${setup.stepsPerOrchestration} steps per configuration, ${setup.inFlight} in flight; agents answer in ${setup.agentLatencyMs} ms, ${setup.poolConcurrency} at a time per pool process; agent health ${setup.agentHealth}.`,
    '',
    throughputTable(runs),
    ...stepStagesSection(runs),
  ].join('\n');
}

/** Which side bounded each run (recorded since the runs carry step stages). */
function stepStagesSection(runs: readonly Json[]): string[] {
  const measured = runs.filter((run) => run.stages);
  if (measured.length === 0) return [];
  const p50 = (summary: Json | null) => summary?.p50Ms ?? null;
  const share = (value: number | null | undefined) =>
    value === null || value === undefined ? null : `${Math.round(value * 100)}%`;
  return [
    '',
    "Where a step's time went, from the orchestrations' histories (p50 per step): waiting in the agents' queue, the agent attempt as the server saw it (the agent's 100 ms plus the pool's handling), and the orchestrator's turnaround from one step's result to the next instruction; with how busy the agents' slots and the machine's CPUs were.",
    '',
    markdownTable(
      [
        'orchestrator workers',
        'agent pools',
        'agent health',
        'queued (ms)',
        'agent attempt (ms)',
        'orchestrator turnaround (ms)',
        'agent slots busy',
        'machine CPU busy',
      ],
      measured.map((run) => [
        run.orchestrators,
        run.pools,
        run.agentHealth === false ? 'off' : 'on',
        p50(run.stages.queueWaitMs),
        p50(run.stages.agentAttemptMs),
        p50(run.stages.orchestratorTurnaroundMs),
        share(run.agentSlotBusyShare),
        share(run.machineCpuBusyShare),
      ]),
    ),
  ];
}

export function throughputTable(runs: readonly Json[]): string {
  return markdownTable(
    [
      'orchestrator workers',
      'agent pools',
      'agent health',
      'orch/s',
      'steps/s',
      'agent capacity (steps/s)',
      'share of capacity',
      'p50 / p99 (ms)',
      'server CPU (cores)',
      'server peak RSS (MiB)',
      'orchestrator CPU (cores)',
      'pools CPU (cores)',
    ],
    runs.map((run) => [
      run.orchestrators,
      run.pools,
      run.agentHealth === false ? 'off' : 'on',
      run.orchestrationsPerSecond,
      run.stepsPerSecond,
      run.agentCapacityStepsPerSecond,
      `${Math.round(run.shareOfAgentCapacity * 100)}%`,
      run.latency ? `${run.latency.p50Ms} / ${run.latency.p99Ms}` : null,
      run.server.cpuCores,
      run.server.peakRssMiB,
      run.orchestratorWorkers.cpuCores,
      run.agentPools.cpuCores,
    ]),
  );
}

export function stateSection(record: ResultsRecord): string {
  const results = record.results as Json;
  const completed = results.completed;
  const checkpoints = markdownTable(
    ['orchestrations completed', 'server RSS (MiB)', 'orchestrator worker RSS (MiB)', 'database + log (MiB)'],
    completed.checkpoints.map((c: Json) => [c.completed, c.serverRssMiB, c.orchestratorRssMiB, c.databaseMiB]),
  );
  const rows = Object.entries(completed.census.rows as Record<string, number>)
    .map(([table, count]) => `${table} ${count}`)
    .join(', ');
  const histories = markdownTable(
    [
      'steps',
      'continueAsNewAfterEvents',
      'runs',
      'longest run (events)',
      'all runs (events)',
      'largest run history (KiB)',
      'last run input (KiB)',
      'wall (s)',
    ],
    results.histories.map((h: Json) => [
      h.steps,
      h.continueAsNewAfterEvents === 50_000 ? '50,000 (never)' : h.continueAsNewAfterEvents,
      h.runs,
      h.longestRunEvents,
      h.totalEvents,
      h.largestRunKiB,
      h.lastRunFirstEventKiB,
      h.wallSeconds,
    ]),
  );
  return [
    `${completed.orchestrations} completed orchestrations of ${completed.stepsPerOrchestration} steps in ${completed.wallSeconds} s. ` +
      `Closed database: ${completed.census.fileMiB} MiB (${completed.databaseKiBPerOrchestration} KiB per orchestration); rows: ${rows}. ` +
      `Server peak RSS ${completed.serverPeakRssMiB} MiB.`,
    '',
    checkpoints,
    '',
    'History of one long chain orchestration:',
    '',
    histories,
  ].join('\n');
}

export function profileSection(records: readonly ResultsRecord[]): string {
  const rows = records.map((record) => {
    const results = record.results as Json;
    const profile = results.serverProfile;
    const top = profile.topSelf.find((entry: Json) => !entry.name.startsWith('(')) ?? profile.topSelf[0];
    const categories = (profile.byCategory as Json[])
      .slice(0, 3)
      .map((c) => `${c.name} ${Math.round(c.shareOfBusy * 100)}%`)
      .join(', ');
    const tag = /\.([a-z0-9-]+)$/.exec(record.benchmark)?.[1] ?? 'current';
    return [
      tag,
      `\`${record.command}\``,
      results.throughput.stepsPerSecond,
      `${Math.round(results.throughput.shareOfAgentCapacity * 100)}%`,
      results.throughput.latency ? `${results.throughput.latency.p50Ms} / ${results.throughput.latency.p99Ms}` : null,
      `${Math.round((profile.busyMs / profile.profiledMs) * 100)}%`,
      categories,
      top ? `${top.name} (${Math.round(top.shareOfBusy * 100)}%)` : null,
    ];
  });
  return markdownTable(
    [
      'server code',
      'command',
      'steps/s',
      'share of agent capacity',
      'p50 / p99 (ms)',
      'server busy',
      'busy time by kind (top 3)',
      'heaviest function (self)',
    ],
    rows,
  );
}
