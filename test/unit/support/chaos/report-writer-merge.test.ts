/** `npm run chaos -- --only ...` replaces only the scenarios it ran in the committed report, marked as re-run. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { formatReport, mergeIntoReport, writeReport, type ChaosRun } from '../../../support/chaos/report-writer';
import type { ScenarioReport } from '../../../support/chaos/scenario-report';

function scenario(id: string, recoveryMs: number): ScenarioReport {
  return {
    scenario: id,
    title: `title of ${id}`,
    failure: 'a failure',
    orchestrations: 1,
    completed: 1,
    viaFallback: 0,
    failed: 0,
    refused: 0,
    lost: 0,
    duplicates: 0,
    detectionMs: null,
    recoveryMs,
    detection: 'd',
    recovery: 'r',
    ledger: {
      executions: 1,
      effects: 1,
      duplicates: 0,
      reRunsAbsorbed: 0,
      abandoned: 0,
      staleActs: 0,
      actedAfterDeadline: 0,
    },
    figures: {},
    wallMs: 1,
  } as ScenarioReport;
}

function run(command: string, scenarios: ScenarioReport[]): ChaosRun {
  return {
    command,
    date: '2026-12-06T00:00:00.000Z',
    scale: 1,
    machine: { cpus: 2, cpuModel: 'cpu', totalMemoryBytes: 2 ** 30, os: 'os', node: 'v20' },
    loadAverageAtStart: 3,
    wallSeconds: 1,
    scenarios,
  };
}

test('a partial run replaces its scenarios, keeps the others and the full run they came from, and says so', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chaos-report-'));
  writeReport(dir, run('npm run chaos', [scenario('a', 1_000), scenario('b', 2_000)]));
  const merged = mergeIntoReport(dir, run('npm run chaos -- --only b', [scenario('b', 500)]));
  expect(merged.command).toBe('npm run chaos');
  expect(merged.scenarios.map((s) => [s.scenario, s.recoveryMs, s.rerun?.command])).toEqual([
    ['a', 1_000, undefined],
    ['b', 500, 'npm run chaos -- --only b'],
  ]);
  expect(formatReport(merged)).toContain('Re-run alone: `npm run chaos -- --only b`');
  fs.rmSync(dir, { recursive: true });
});
