/** Small pieces every scenario uses: its log, progress lines while it runs, and waiting on the ledger. */
import { readLedger, type LedgerEntry } from './ledger';
import { waitUntil } from '../wait-until';

/** Where a scenario tells what it is doing (the runner prints it; tests usually drop it). */
export type ScenarioLog = (line: string) => void;

export const silentLog: ScenarioLog = () => undefined;

/** Logs `describe()` every `everyMs` until stopped. */
export function progressTicker(log: ScenarioLog, describe: () => string, everyMs = 5_000): () => void {
  const timer = setInterval(() => log(describe()), everyMs);
  timer.unref();
  return () => clearInterval(timer);
}

/** Waits until the ledger holds at least `count` entries matching `filter`, within `timeoutMs`. */
export function ledgerReaches(
  ledger: string,
  count: number,
  filter: (entry: LedgerEntry) => boolean,
  what: string,
  timeoutMs = 60_000,
): Promise<LedgerEntry[]> {
  return waitUntil(
    () => {
      const matching = readLedger(ledger).filter(filter);
      return matching.length >= count ? matching : undefined;
    },
    { what, timeoutMs, intervalMs: 100 },
  );
}

/** Scales a size from the issue, never below `min`. */
export function scaled(full: number, scale: number, min = 1): number {
  return Math.max(min, Math.round(full * scale));
}
