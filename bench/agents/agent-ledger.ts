/**
 * The agents' ledger: one JSON line per agent call start and end, written by whichever process runs the agent.
 * Benchmarks read it to time steps from the agents' side and to count calls repeated after a crash.
 */
import fs from 'node:fs';
import { appendJsonLine, readJsonLines } from '../../src/activities/json-lines-file';

export interface LedgerEntry {
  readonly event: 'start' | 'end';
  readonly agent: string;
  /** The step's idempotency key: orchestration id and step id. */
  readonly key: string;
  readonly orchestrationId: string;
  readonly stepId: string;
  readonly attempt: number;
  /** Epoch milliseconds with sub-millisecond precision. */
  readonly at: number;
  readonly pid: number;
}

/** Wall-clock time with the resolution of performance.now(), comparable between processes of one machine. */
export function preciseNow(): number {
  return performance.timeOrigin + performance.now();
}

export function appendLedgerEntry(file: string, entry: LedgerEntry): void {
  appendJsonLine(file, entry);
}

export function readLedger(file: string): LedgerEntry[] {
  return readJsonLines<LedgerEntry>(file);
}

/** How many agent calls have ended so far, without parsing the entries. */
export function countLedgerEnds(file: string): number {
  if (!fs.existsSync(file)) return 0;
  return fs.readFileSync(file, 'utf8').split('"event":"end"').length - 1;
}
