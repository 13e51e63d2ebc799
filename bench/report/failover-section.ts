/** The failover section of docs/benchmarks.md: each take-over's p50 / p99 / max next to the timeout that is its floor. */
import type { ResultsRecord } from '../support/results-file';
import { formatSpread } from '../../test/support/latency-stats';
import { markdownTable } from './markdown-table';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- untyped JSON from disk (older runs lack newer fields)
type Json = any;

export function failoverSection(record: ResultsRecord): string {
  const results = record.results as Json;
  const kills = markdownTable(
    [
      'sticky schedule-to-start timeout (floor between tasks)',
      'workflow task timeout (floor inside a task)',
      'orchestrations (held by the killed worker)',
      'kill → next step p50 / p99 / max (ms)',
      'ready → next step p50 / p99 / max (ms)',
      'completed',
    ],
    results.orchestratorKill.map((k: Json) => [
      `${k.stickyScheduleToStartMs} ms`,
      // Runs recorded before the client set it had the SDK's default.
      `${k.workflowTaskTimeoutMs ?? 10_000} ms`,
      k.heldByKilledWorker === undefined ? k.orchestrations : `${k.orchestrations} (${k.heldByKilledWorker})`,
      formatSpread(k.killToNextStepMs),
      formatSpread(k.readyToNextStepMs),
      `${k.completedAfterKill}/${k.orchestrations}`,
    ]),
  );
  const sections = ['Orchestrator worker killed with SIGKILL while a standby worker polls:', '', kills, ''];
  if (results.agentPoolKill) {
    sections.push(
      'Agent pool killed with SIGKILL mid-step while a second pool polls (floor: heartbeat timeout + first retry interval):',
      '',
      markdownTable(
        [
          'heartbeat timeout',
          'retry initial interval',
          'steps on the killed pool',
          'kill → step started again p50 / p99 / max (ms)',
          'within heartbeat timeout + 1 s',
          'completed',
        ],
        results.agentPoolKill.map((k: Json) => [
          `${k.heartbeatTimeoutMs} ms`,
          `${k.retryInitialIntervalMs} ms`,
          k.stepsOnKilledPool,
          formatSpread(k.killToRedispatchMs),
          `${k.withinHeartbeatPlusOneSecond}/${k.stepsOnKilledPool}`,
          `${k.completedAfterKill}/${k.orchestrations}`,
        ]),
      ),
      '',
    );
  }
  sections.push(
    'Agent hang until its fallback agent starts:',
    '',
    markdownTable(
      [
        'heartbeat timeout (floor)',
        'orchestrations',
        'hang → fallback p50 / p99 / max (ms)',
        'over the floor p50 / p99 / max (ms)',
      ],
      results.hang.map((h: Json) => [
        `${h.heartbeatTimeoutMs} ms`,
        h.orchestrations,
        formatSpread(h.hangToFallbackMs),
        formatSpread(h.overFloorMs),
      ]),
    ),
  );
  if (results.serverRestart) {
    const r = results.serverRestart;
    sections.push(
      '',
      "Server killed with SIGKILL and restarted at once on its database and port (floor: its start-up, then the workers' reconnect):",
      '',
      markdownTable(
        [
          'orchestrations',
          'kill → listening (ms)',
          'kill → next step p50 / p99 / max (ms)',
          'listening → next step p50 / p99 / max (ms)',
          'completed',
        ],
        [
          [
            r.orchestrations,
            r.killToListeningMs,
            formatSpread(r.killToNextStepMs),
            formatSpread(r.listeningToNextStepMs),
            `${r.completedAfterKill}/${r.orchestrations}`,
          ],
        ],
      ),
    );
  }
  return sections.join('\n');
}
