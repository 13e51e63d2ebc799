/** `--only` runs merge into the committed failure-mode report: their rows replace the same ids, every other row stays. */
import { mergeRuns } from '../../../support/chaos/report-merge';
import { formatReport, type ChaosRun } from '../../../support/chaos/report-writer';
import type { ScenarioReport } from '../../../support/chaos/scenario-report';

function scenario(id: string, completed: number): ScenarioReport {
  return {
    scenario: id,
    title: `title of ${id}`,
    failure: 'a failure',
    orchestrations: 10,
    completed,
    viaFallback: 0,
    failed: 0,
    refused: 0,
    lost: 0,
    duplicates: 0,
    detectionMs: null,
    recoveryMs: null,
    detection: 'd',
    recovery: 'r',
    ledger: {
      executions: 0,
      effects: 0,
      duplicates: 0,
      reRunsAbsorbed: 0,
      abandoned: 0,
      staleActs: 0,
      actedAfterDeadline: 0,
    },
    figures: {},
    wallMs: 1_000,
  };
}

function run(command: string, scenarios: ScenarioReport[], loadAverageAtStart = 0.5): ChaosRun {
  return {
    command,
    date: '2026-12-06T00:00:00.000Z',
    scale: 1,
    machine: { cpus: 2, cpuModel: 'cpu', totalMemoryBytes: 2 ** 30, os: 'os', node: 'v20' },
    loadAverageAtStart,
    wallSeconds: 60,
    scenarios,
  };
}

const PLAN = ['a', 'b', 'c', 'new'];

test('a partial run replaces its rows, keeps the others in order, and appends new scenarios', () => {
  const full = run('npm run chaos', [scenario('a', 10), scenario('b', 10), scenario('c', 10)]);
  const merged = mergeRuns(
    full,
    run('npm run chaos -- --only b,new', [scenario('new', 7), scenario('b', 9)], 6.4),
    PLAN,
  );
  expect(merged.scenarios.map((report) => [report.scenario, report.completed])).toEqual([
    ['a', 10],
    ['b', 9],
    ['c', 10],
    ['new', 7],
  ]);
  expect(merged.command).toBe('npm run chaos');
  expect(merged.merged).toEqual([
    expect.objectContaining({
      command: 'npm run chaos -- --only b,new',
      scenarios: ['new', 'b'],
      loadAverageAtStart: 6.4,
    }),
  ]);
  expect(formatReport(merged)).toContain('Rows of new, b: `npm run chaos -- --only b,new`');
});

test('a later partial run of the same scenarios replaces the earlier note about them', () => {
  const full = run('npm run chaos', [scenario('a', 10)]);
  const once = mergeRuns(full, run('first', [scenario('new', 1)]), PLAN);
  const twice = mergeRuns(once, run('second', [scenario('new', 2)]), PLAN);
  expect(twice.scenarios.map((report) => report.completed)).toEqual([10, 2]);
  expect(twice.merged?.map((merge) => merge.command)).toEqual(['second']);
});
