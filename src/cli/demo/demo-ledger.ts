/**
 * The demo's side-effect ledger: every simulated agent appends one line per effect it performs, keyed by the
 * step's idempotency key, so the demo can count effects that were lost or performed twice. Agents run in other
 * processes and learn the file from STEADFAST_DEMO_LEDGER; appends of one short line are atomic.
 */
import { appendJsonLine, readJsonLines } from '../../activities/json-lines-file';
import type { BranchMode } from '../../orchestration/types';

export const DEMO_LEDGER_ENV = 'STEADFAST_DEMO_LEDGER';

export interface LedgerEntry {
  /** The step's idempotency key: `<orchestration id>/<step id>`. */
  readonly key: string;
  readonly agent: string;
  readonly mode: BranchMode;
  readonly attempt: number;
  readonly pid: number;
}

/** Without STEADFAST_DEMO_LEDGER (the agents run outside the demo) nothing is recorded. */
export function recordEffect(entry: Omit<LedgerEntry, 'pid'>, env: NodeJS.ProcessEnv = process.env): void {
  const file = env[DEMO_LEDGER_ENV];
  if (!file) return;
  appendJsonLine(file, { ...entry, pid: process.pid });
}

export function readLedger(file: string): LedgerEntry[] {
  return readJsonLines<LedgerEntry>(file);
}
