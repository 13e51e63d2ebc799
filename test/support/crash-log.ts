/** Reading the log the crash activities append to (test/fixtures/activities/crash.ts). */
import fs from 'node:fs';
import type { CrashStepRecord } from '../fixtures/activities/crash';

export function readCrashLog(logPath: string): CrashStepRecord[] {
  if (!fs.existsSync(logPath)) return [];
  return fs
    .readFileSync(logPath, 'utf8')
    .split('\n')
    .filter((line) => line.length > 0)
    .map((line) => JSON.parse(line) as CrashStepRecord);
}

/** How many times each label completed, e.g. { 'step-1': 1 }. */
export function completionsByLabel(records: CrashStepRecord[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const r of records) if (r.event === 'completed') counts[r.label] = (counts[r.label] ?? 0) + 1;
  return counts;
}
