/** The figures of one replay pass and of a set of histories, as the take-over replay bench records them. */
import { summarizeLatencies, type LatencySummary } from '../../test/support/latency-stats';
import { meterMachine } from '../support/machine-usage';
import { round1, round2 } from '../support/progress';
import type { ReplayWork } from './history-activations';
import type { ReplayTiming } from './replay-histories';
import { totalCalls, type SandboxCalls } from './sandbox-calls';

export interface ReplayPassFigures {
  readonly mode: string;
  /** Bundle loaded, sandbox (and thread) created, before the first history; the same for every round of a pass. */
  readonly workerStartMs: number;
  /** Wall time from the round's first history taken to its last one replayed. */
  readonly replayAllMs: number;
  /** Per orchestration, from its history being taken to its result. */
  readonly perOrchestrationMs: LatencySummary;
  /** This process's CPU (every thread) over the round, per orchestration. */
  readonly cpuMsPerOrchestration: number;
  /** Busy share of the machine's CPUs over the whole pass, whoever kept them busy: above 1/CPUs, others competed. */
  readonly machineCpuBusyShare: number | null;
}

/** Runs one pass (a replay worker, its rounds) and returns one figure per round, labelled by `labels`. */
export async function measurePass(
  labels: readonly string[],
  pass: () => Promise<ReplayTiming>,
): Promise<ReplayPassFigures[]> {
  const machine = meterMachine();
  const timing = await pass();
  const machineCpuBusyShare = machine.read().cpuBusyShare;
  return timing.rounds.map((round, index) => ({
    mode: labels[index] ?? `round ${index + 1}`,
    workerStartMs: round1(timing.workerStartMs),
    replayAllMs: round1(round.replayAllMs),
    perOrchestrationMs: summarizeLatencies(round.perHistoryMs),
    cpuMsPerOrchestration: round2(round.cpuMs / round.perHistoryMs.length),
    machineCpuBusyShare,
  }));
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
