/** The take-over replay section of docs/benchmarks.md: what replaying each inherited orchestration costs a survivor. */
import type { ShapeFigures } from '../replay/takeover-replay-bench';
import type { ResultsRecord } from '../support/results-file';
import { formatSpread } from '../../test/support/latency-stats';
import { markdownTable } from './markdown-table';

export function takeoverReplaySection(record: ResultsRecord): string {
  const { shapes } = record.results as { shapes: ShapeFigures[] };
  const histories = markdownTable(
    [
      'shape',
      'orchestrations',
      'events (mean / max)',
      'workflow tasks completed',
      'local-activity markers',
      'activations replayed (mean / max)',
      'sandbox calls (mean / max)',
      'sandbox calls by function (mean)',
    ],
    shapes.map((shape) => [
      shape.shape,
      shape.orchestrations,
      `${shape.history.events.mean} / ${shape.history.events.max}`,
      shape.history.workflowTasksCompleted.mean,
      shape.history.localActivityMarkers.mean,
      `${shape.history.activations.mean} / ${shape.history.activations.max}`,
      `${shape.sandboxCallsPerOrchestration.total.mean} / ${shape.sandboxCallsPerOrchestration.total.max}`,
      Object.entries(shape.sandboxCallsPerOrchestration.meanByFunction)
        .map(([name, calls]) => `${name} ${calls}`)
        .join(', '),
    ]),
  );
  const passes = markdownTable(
    [
      'shape',
      'replayed',
      'replay worker start (ms)',
      'all orchestrations (ms)',
      'per orchestration p50 / p99 / max (ms)',
      'CPU per orchestration (ms)',
      'machine CPUs busy',
    ],
    shapes.flatMap((shape) =>
      shape.passes.map((pass) => [
        shape.shape,
        pass.mode,
        pass.workerStartMs,
        pass.replayAllMs,
        formatSpread(pass.perOrchestrationMs),
        pass.cpuMsPerOrchestration,
        pass.machineCpuBusyShare === null ? null : `${Math.round(pass.machineCpuBusyShare * 100)} %`,
      ]),
    ),
  );
  const setup = record.setup as { loadAverageBeforeReplay?: number };
  return [
    'What each recorded history asks a survivor to re-execute (counted from the history; sandbox calls counted in the warm in-process round):',
    '',
    histories,
    '',
    `Replay with \`Worker.runReplayHistories\`, one history at a time (load average before the replay ${setup.loadAverageBeforeReplay ?? 'not recorded'}):`,
    '',
    passes,
  ].join('\n');
}
