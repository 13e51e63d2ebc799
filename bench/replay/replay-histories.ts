/**
 * Replays histories as a survivor replays the orchestrations it inherits: Worker.runReplayHistories with the
 * orchestrator workflow bundle and the orchestrator worker's data converter, timing each history on its own.
 * One replay worker replays the whole list `rounds` times: the first round meets a fresh sandbox, the later ones a
 * warm one, as in a survivor that had been running orchestrations of its own before the take-over.
 */
import { Worker, type ReplayWorkerOptions } from '@temporalio/worker';
import { dataConverterWith } from '../../src/payloads/payload-storage';
import type { History } from './record-orchestrations';

/**
 * 'worker-thread': workflows run in a worker thread, as in the orchestrator worker (debugMode off).
 * 'in-process': in this thread (runReplayHistories' own default), where a vm wrapper can count sandbox calls.
 */
export type ReplayMode = 'worker-thread' | 'in-process';

export interface ReplayRound {
  /** From the round's first history taken to its last one's result. */
  readonly replayAllMs: number;
  /** This process's CPU over the same span, every thread (the workflow thread's too). */
  readonly cpuMs: number;
  /** Per history, from it being taken to its result. */
  readonly perHistoryMs: number[];
}

export interface ReplayTiming {
  /** From the call to the first history being taken: bundle loaded, sandbox (and thread) created. */
  readonly workerStartMs: number;
  readonly rounds: ReplayRound[];
}

/** Called as the replay worker takes each history and as its result comes back (for counters around each one). */
export interface ReplayHooks {
  taken?(round: number, index: number): void;
  replayed?(round: number, index: number): void;
}

interface Mark {
  readonly at: number;
  readonly cpuMicros: number;
}

const mark = (): Mark => {
  const cpu = process.cpuUsage();
  return { at: performance.now(), cpuMicros: cpu.user + cpu.system };
};

export async function replayHistories(
  workflowBundlePath: string,
  histories: readonly { workflowId: string; history: History }[],
  mode: ReplayMode,
  rounds: number,
  hooks: ReplayHooks = {},
): Promise<ReplayTiming> {
  const taken: Mark[] = [];
  const replayed: Mark[] = [];
  async function* inOrder() {
    for (let round = 0; round < rounds; round++) {
      for (const [index, entry] of histories.entries()) {
        hooks.taken?.(round, index);
        taken.push(mark());
        yield entry;
      }
    }
  }
  const options: ReplayWorkerOptions = {
    workflowBundle: { codePath: workflowBundlePath },
    ...dataConverterWith(undefined),
    replayName: `takeover-replay-${mode}`,
  };
  // runReplayHistories turns debugMode on (workflows in this thread) unless told otherwise; its options type leaves
  // debugMode out, but the options are passed on whole, so debugMode: false runs them in a worker thread.
  const withMode = { ...options, debugMode: mode === 'in-process' };
  const began = performance.now();
  const failures: string[] = [];
  for await (const result of Worker.runReplayHistories(withMode, inOrder())) {
    const position = replayed.length;
    replayed.push(mark());
    if (result.error) failures.push(`${result.workflowId}: ${result.error.name}: ${result.error.message}`);
    hooks.replayed?.(Math.floor(position / histories.length), position % histories.length);
  }
  if (failures.length > 0) throw new Error(`${failures.length} histories failed to replay; first: ${failures[0]}`);
  if (replayed.length !== histories.length * rounds)
    throw new Error(`replayed ${replayed.length} of ${histories.length * rounds} histories`);
  return {
    workerStartMs: (taken[0]?.at ?? began) - began,
    rounds: Array.from({ length: rounds }, (_, round) => {
      const first = round * histories.length;
      const last = first + histories.length - 1;
      return {
        replayAllMs: replayed[last]!.at - taken[first]!.at,
        cpuMs: (replayed[last]!.cpuMicros - taken[first]!.cpuMicros) / 1000,
        perHistoryMs: histories.map((_, index) => replayed[first + index]!.at - taken[first + index]!.at),
      };
    }),
  };
}
