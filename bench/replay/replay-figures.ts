/** The figures of one replay pass and of a set of histories, as the take-over replay bench records them. */
import { summarizeLatencies, type LatencySummary } from '../../test/support/latency-stats';
import { meterMachine } from '../support/machine-usage';
import { round1, round2 } from '../support/progress';
import type { ReplayWork } from './history-activations';
import type { ReplayTiming } from './replay-histories';
import { totalCalls, type SandboxCalls } from './sandbox-calls';

export interface ReplayPassFigures {
  readonly mode: string;
  /** Bundle loaded, sandbox (and thread) created, before the first history. */
  readonly workerStartMs: number;
  /** Wall time from the first history taken to the last one replayed. */
  readonly replayAllMs: number;
  /** Per orchestration, from its history being taken to its result. */
  readonly perOrchestrationMs: LatencySummary;
  /** This process's CPU (every thread) over the pass, worker start included, per orchestration. */
  readonly cpuMsPerOrchestration: number;
  /** Busy share of the machine's CPUs over the pass, whoever kept them busy: above 1/CPUs, others competed. */
  readonly machineCpuBusyShare: number | null;
}

/** Runs one pass and measures it: wall times from the pass, CPU of this process and of the machine around it. */
export async function measurePass(
  mode: string,
  count: number,
  pass: () => Promise<ReplayTiming>,
): Promise<ReplayPassFigures> {
  const machine = meterMachine();
  const cpuBefore = process.cpuUsage();
  const timing = await pass();
  const cpu = process.cpuUsage(cpuBefore);
  return {
    mode,
    workerStartMs: round1(timing.workerStartMs),
    replayAllMs: round1(timing.replayAllMs),
    perOrchestrationMs: summarizeLatencies(timing.perHistoryMs),
    cpuMsPerOrchestration: round2((cpu.user + cpu.system) / 1000 / count),
    machineCpuBusyShare: machine.read().cpuBusyShare,
  };
}

export interface SpreadFigures {
  readonly mean: number;
  readonly p50: number;
  readonly max: number;
}

export function spreadOf(values: readonly number[]): SpreadFigures {
  const summary = summarizeLatencies(values);
  return { mean: round1(summary.meanMs), p50: summary.p50Ms, max: summary.maxMs };
}

export interface HistoryFigures {
  readonly events: SpreadFigures;
  readonly workflowTasksCompleted: SpreadFigures;
  readonly localActivityMarkers: SpreadFigures;
  /** workflowTasksCompleted + localActivityMarkers: what a replay from the start re-executes. */
  readonly activations: SpreadFigures;
}

export function historyFigures(work: readonly ReplayWork[]): HistoryFigures {
  return {
    events: spreadOf(work.map((w) => w.events)),
    workflowTasksCompleted: spreadOf(work.map((w) => w.workflowTasksCompleted)),
    localActivityMarkers: spreadOf(work.map((w) => w.localActivityMarkers)),
    activations: spreadOf(work.map((w) => w.activations)),
  };
}

export interface SandboxCallFigures {
  /** Every runInContext per orchestration replayed. */
  readonly total: SpreadFigures;
  /** Mean calls per orchestration, by the sandbox function entered. */
  readonly meanByFunction: Readonly<Record<string, number>>;
}

export function sandboxCallFigures(perHistory: readonly SandboxCalls[]): SandboxCallFigures {
  const names = [...new Set(perHistory.flatMap((calls) => Object.keys(calls)))].sort();
  const meanByFunction = Object.fromEntries(
    names.map((name) => [
      name,
      round1(perHistory.reduce((sum, calls) => sum + (calls[name] ?? 0), 0) / perHistory.length),
    ]),
  );
  return { total: spreadOf(perHistory.map(totalCalls)), meanByFunction };
}
