/** The failover section shows each take-over's p50 / p99 / max next to its floor, and reads records without the newer runs. */
import { failoverSection } from '../../../../bench/report/failover-section';
import type { ResultsRecord } from '../../../../bench/support/results-file';

const spread = (p50Ms: number, p99Ms: number, maxMs: number) => ({ count: 8, p50Ms, p99Ms, maxMs });

function record(results: object): ResultsRecord {
  return {
    benchmark: 'failover',
    date: '2026-12-06T20:00:00.000Z',
    command: 'node dist/bench/run-benchmarks.js --only failover',
    machine: {} as ResultsRecord['machine'],
    loadAverageAtStart: 1,
    setup: {},
    results,
  };
}

const orchestratorKill = [
  {
    stickyScheduleToStartMs: 1_000,
    workflowTaskTimeoutMs: 3_000,
    orchestrations: 16,
    heldByKilledWorker: 9,
    completedAfterKill: 16,
    killToNextStepMs: spread(1_400, 3_300, 3_300),
    readyToNextStepMs: spread(1_100, 3_000, 3_000),
  },
];
const hang = [
  {
    heartbeatTimeoutMs: 1_000,
    orchestrations: 8,
    hangToFallbackMs: spread(1_090, 1_120, 1_120),
    overFloorMs: spread(90, 120, 120),
  },
];

test('agent pool kills and the server restart get their own tables', () => {
  const section = failoverSection(
    record({
      orchestratorKill,
      hang,
      agentPoolKill: [
        {
          heartbeatTimeoutMs: 1_000,
          retryInitialIntervalMs: 200,
          orchestrations: 16,
          stepsOnKilledPool: 8,
          completedAfterKill: 16,
          killToRedispatchMs: spread(1_300, 1_450, 1_450),
          withinHeartbeatPlusOneSecond: 8,
        },
      ],
      serverRestart: {
        orchestrations: 16,
        completedAfterKill: 16,
        killToListeningMs: 470,
        killToNextStepMs: spread(640, 700, 707),
        listeningToNextStepMs: spread(170, 230, 234),
      },
    }),
  );
  expect(section).toContain('| 1000 ms | 200 ms | 8 | 1300 / 1450 / 1450 | 8/8 | 16/16 |');
  expect(section).toContain('| 16 | 470 | 640 / 700 / 707 | 170 / 230 / 234 | 16/16 |');
  expect(section).toContain('| 1000 ms | 8 | 1090 / 1120 / 1120 | 90 / 120 / 120 |');
});

test('a record from before those runs shows the orchestrator kill and hang tables only', () => {
  const section = failoverSection(record({ orchestratorKill, hang }));
  expect(section).toContain('| 1000 ms | 3000 ms | 16 (9) | 1400 / 3300 / 3300 | 1100 / 3000 / 3000 | 16/16 |');
  expect(section).not.toContain('Agent pool killed');
  expect(section).not.toContain('Server killed');
});
