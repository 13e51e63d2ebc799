/**
 * `npm run chaos -- --only id,id`: the scenarios of a partial run replace their rows in the committed report, and the
 * report says which rows came from which later run (the others keep the full run's command, date and load).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { ChaosRun, MergedRun } from './report-writer';

/** The committed run in `dir` (chaos.json), or undefined when there is none yet. */
export function readCommittedRun(dir: string): ChaosRun | undefined {
  const file = path.join(dir, 'chaos.json');
  if (!fs.existsSync(file)) return undefined;
  return JSON.parse(fs.readFileSync(file, 'utf8')) as ChaosRun;
}

/**
 * `previous` with the scenarios of `partial` in place of its rows of the same id; scenarios new to the report come
 * after its rows, in `planOrder`.
 */
export function mergeRuns(previous: ChaosRun, partial: ChaosRun, planOrder: readonly string[]): ChaosRun {
  const byId = new Map(previous.scenarios.map((report) => [report.scenario, report]));
  for (const report of partial.scenarios) byId.set(report.scenario, report);
  const previousIds = previous.scenarios.map((report) => report.scenario);
  const newIds = partial.scenarios
    .map((report) => report.scenario)
    .filter((id) => !previousIds.includes(id))
    .sort((a, b) => planOrder.indexOf(a) - planOrder.indexOf(b));
  const ids = [...previousIds, ...newIds];
  const merge: MergedRun = {
    command: partial.command,
    date: partial.date,
    scale: partial.scale,
    loadAverageAtStart: partial.loadAverageAtStart,
    wallSeconds: partial.wallSeconds,
    scenarios: partial.scenarios.map((report) => report.scenario),
  };
  return {
    ...previous,
    scenarios: ids.map((id) => byId.get(id)!),
    merged: [
      ...(previous.merged ?? []).filter((earlier) => !earlier.scenarios.every((id) => merge.scenarios.includes(id))),
      merge,
    ],
  };
}
