/** Reading the log the crash activities append to (test/fixtures/activities/crash.ts). */
import { readJsonLines } from '../../src/activities/json-lines-file';
import type { CrashStepRecord } from '../fixtures/activities/crash';

export function readCrashLog(logPath: string): CrashStepRecord[] {
  return readJsonLines<CrashStepRecord>(logPath);
}

/** How many times each label completed, e.g. { 'step-1': 1 }. */
export function completionsByLabel(records: CrashStepRecord[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const r of records) if (r.event === 'completed') counts[r.label] = (counts[r.label] ?? 0) + 1;
  return counts;
}
