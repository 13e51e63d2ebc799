/**
 * Replays histories as a survivor replays the orchestrations it inherits: Worker.runReplayHistories with the
 * orchestrator workflow bundle and the orchestrator worker's data converter, timing each history on its own.
 */
import { Worker, type ReplayWorkerOptions } from '@temporalio/worker';
import { dataConverterWith } from '../../src/payloads/payload-storage';
import type { History } from './record-orchestrations';

/**
 * 'worker-thread': workflows run in a worker thread, as in the orchestrator worker (debugMode off).
 * 'in-process': in this thread (runReplayHistories' own default), where a vm wrapper can count sandbox calls.
 */
export type ReplayMode = 'worker-thread' | 'in-process';

export interface ReplayTiming {
  /** From the call to the first history being taken: bundle loaded, sandbox (and thread) created. */
  readonly workerStartMs: number;
  /** From the first history taken to the last one's result. */
  readonly replayAllMs: number;
  /** Per history, from it being taken to its result. */
  readonly perHistoryMs: number[];
}

/** Called as the replay worker takes each history and as its result comes back (for counters around each one). */
export interface ReplayHooks {
  taken?(index: number): void;
  replayed?(index: number): void;
}

export async function replayHistories(
  workflowBundlePath: string,
  histories: readonly { workflowId: string; history: History }[],
  mode: ReplayMode,
  hooks: ReplayHooks = {},
): Promise<ReplayTiming> {
  const takenAt: number[] = [];
  async function* taken() {
    for (const entry of histories) {
      hooks.taken?.(takenAt.length);
      takenAt.push(performance.now());
      yield entry;
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
  const perHistoryMs: number[] = [];
  const failures: string[] = [];
  let lastResultAt = began;
  for await (const result of Worker.runReplayHistories(
    withMode,
    taken(),
  )) {
    lastResultAt = performance.now();
    const index = perHistoryMs.length;
    perHistoryMs.push(lastResultAt - takenAt[index]!);
    if (result.error) failures.push(`${result.workflowId}: ${result.error.name}: ${result.error.message}`);
    hooks.replayed?.(index);
  }
  if (failures.length > 0) throw new Error(`${failures.length} histories failed to replay; first: ${failures[0]}`);
  if (perHistoryMs.length !== histories.length)
    throw new Error(`replayed ${perHistoryMs.length} of ${histories.length} histories`);
  return {
    workerStartMs: (takenAt[0] ?? began) - began,
    replayAllMs: lastResultAt - (takenAt[0] ?? began),
    perHistoryMs,
  };
}
