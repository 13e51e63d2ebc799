/**
 * The survivor's CPU in a take-over (issue 19): a worker that inherits orchestrations replays each one's history
 * from the start. Records orchestrations as users run them, then replays them with Worker.runReplayHistories and the
 * orchestrator's bundle and data converter: wall and CPU per orchestration, the activations and events each history
 * asks for, and the calls into the workflow sandbox. No server and no other process is involved in the replay.
 */
import path from 'node:path';
import type { BenchContext } from '../support/bench-context';
import type { BenchPart } from '../support/bench-part';
import { say } from '../support/progress';
import { loadAverage } from '../support/results-file';
import { replayWorkOf } from './history-activations';
import { REPLAY_SHAPES, recordOrchestrations, type RecordedOrchestration } from './record-orchestrations';
import {
  historyFigures,
  measurePass,
  sandboxCallFigures,
  type HistoryFigures,
  type ReplayPassFigures,
  type SandboxCallFigures,
} from './replay-figures';
import { replayHistories } from './replay-histories';
import { countSandboxCalls, type SandboxCalls } from './sandbox-calls';

const RECORDING_CONCURRENCY = 10;

export interface ShapeFigures {
  readonly shape: string;
  readonly description: string;
  readonly orchestrations: number;
  readonly history: HistoryFigures;
  /** In a worker thread as the orchestrator worker runs workflows, then in this thread; each fresh, then warm. */
  readonly passes: readonly ReplayPassFigures[];
  readonly sandboxCallsPerOrchestration: SandboxCallFigures;
}

export const takeoverReplayPart: BenchPart = {
  name: 'takeover-replay',
  summary:
    "a survivor's replay of inherited orchestrations: recorded histories replayed from the start, per orchestration",
  async run(ctx) {
    const perShape = ctx.scaled(ctx.sizes.quick ? 20 : 100, 2);
    say(`  recording ${perShape} orchestrations of each of ${REPLAY_SHAPES.length} shapes (SteadfastTestEnvironment)`);
    const recorded = await recordOrchestrations({
      perShape,
      concurrency: RECORDING_CONCURRENCY,
      logFile: path.join(ctx.scratch, 'server.log'),
    });
    const loadAverageBeforeReplay = loadAverage();
    const shapes: ShapeFigures[] = [];
    for (const shape of REPLAY_SHAPES) {
      const figures = await replayShape(
        ctx,
        shape,
        recorded.filter((entry) => entry.shape === shape.name),
      );
      say(
        `    ${shape.name}: ${figures.history.activations.mean} activations, ${figures.history.events.mean} events per orchestration; ` +
          figures.passes
            .map(
              (pass) => `${pass.mode} ${pass.replayAllMs} ms for ${perShape} (p50 ${pass.perOrchestrationMs.p50Ms} ms)`,
            )
            .join(', ') +
          `; ${figures.sandboxCallsPerOrchestration.total.mean} sandbox calls per orchestration`,
      );
      shapes.push(figures);
    }
    ctx.record(
      'takeover-replay',
      {
        workload: `${perShape} orchestrations per shape, recorded ${RECORDING_CONCURRENCY} at a time`,
        shapes: REPLAY_SHAPES.map(({ name, description }) => ({ name, description })),
        recording:
          'SteadfastTestEnvironment: embedded server, orchestrator worker and one agent pool in the bench process, default settings; agents answer at once',
        replay:
          "Worker.runReplayHistories with the orchestrator workflow bundle and Steadfast's data converter, one history at a time, in the bench process after the environment closed",
        rounds:
          'each replay worker replays every history twice: first with a fresh sandbox, then warm (a survivor that had been running orchestrations)',
        sandboxCalls:
          'vm.Script.prototype.runInContext wrapped in this thread, counted per orchestration in the in-process warm round',
        loadAverageBeforeReplay,
      },
      { shapes },
    );
  },
};

async function replayShape(
  ctx: BenchContext,
  shape: (typeof REPLAY_SHAPES)[number],
  histories: readonly RecordedOrchestration[],
): Promise<ShapeFigures> {
  const count = histories.length;
  const counter = countSandboxCalls();
  const warmCalls: SandboxCalls[] = [];
  try {
    const passes = await measurePass(['worker thread, fresh sandbox', 'worker thread, warm sandbox'], () =>
      replayHistories(ctx.workflowBundle, histories, 'worker-thread', 2),
    );
    // The guard that the first pass activated its workflows in a worker thread, as the orchestrator worker does (this
    // thread only runs the bundle once, in a throwaway context, to check it).
    const activatedHere = counter.read()['activate'] ?? 0;
    if (activatedHere > 0) throw new Error(`the worker-thread replay ran ${activatedHere} activations in this thread`);
    passes.push(
      ...(await measurePass(['in this thread, fresh sandbox', 'in this thread, warm sandbox, calls counted'], () =>
        replayHistories(ctx.workflowBundle, histories, 'in-process', 2, {
          taken: () => counter.reset(),
          replayed: (round) => {
            if (round === 1) warmCalls.push(counter.read());
          },
        }),
      )),
    );
    return {
      shape: shape.name,
      description: shape.description,
      orchestrations: count,
      history: historyFigures(histories.map((entry) => replayWorkOf(entry.history.events ?? []))),
      passes,
      sandboxCallsPerOrchestration: sandboxCallFigures(warmCalls),
    };
  } finally {
    counter.uninstall();
  }
}
