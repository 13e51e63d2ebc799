/**
 * The side-effect ledger chaos agents keep: one JSON line per execution event, keyed by the step's idempotency key,
 * plus one marker file per applied effect. The marker is the "downstream service" that honours the idempotency key:
 * applying an effect is an exclusive create, so a re-run of a step that already acted is absorbed, and recorded.
 */
import fs from 'node:fs';
import path from 'node:path';
import { appendJsonLine, readJsonLines } from '../../../src/activities/json-lines-file';

export type LedgerEvent =
  /** An execution of the step began (any process, any branch). */
  | 'started'
  /** The execution applied the step's side effect. */
  | 'effect'
  /** The execution reached its side effect and found it applied already under the same key. */
  | 'deduplicated'
  /** The execution stopped without acting because its instruction was cancelled, timed out or expired. */
  | 'abandoned';

export interface LedgerEntry {
  readonly event: LedgerEvent;
  readonly key: string;
  readonly orchestrationId: string;
  readonly stepId: string;
  readonly agent: string;
  /** primary, alternate or autonomous. */
  readonly mode: string;
  readonly attempt: number;
  readonly pid: number;
  /** Epoch ms on this machine's clock (every process of a scenario runs on it). */
  readonly at: number;
  /** The instruction's deadline, epoch ms. */
  readonly deadline: number;
  /** On 'started': the fault this execution simulates, if any. */
  readonly fault?: string;
  /** On 'started': when the server (or, for the autonomous branch, the orchestrator) queued this attempt. */
  readonly queuedAt?: number;
}

export type LedgerIdentity = Omit<LedgerEntry, 'event' | 'at' | 'fault' | 'queuedAt'>;

export function appendLedger(file: string, entry: LedgerEntry): void {
  appendJsonLine(file, entry);
}

export function readLedger(file: string): LedgerEntry[] {
  return readJsonLines<LedgerEntry>(file);
}

function markerFile(ledger: string, key: string): string {
  return path.join(`${ledger}.effects`, encodeURIComponent(key));
}

/** The result recorded with the effect of `key`, if it has been applied. */
export function appliedEffect(ledger: string, key: string): { readonly result: string } | undefined {
  try {
    return { result: fs.readFileSync(markerFile(ledger, key), 'utf8') };
  } catch {
    return undefined;
  }
}

/**
 * Applies the side effect of a step once per idempotency key: records 'effect' and returns `result` the first time,
 * records 'deduplicated' and returns the first result on any later call with the same key.
 */
export function applyEffectOnce(ledger: string, identity: LedgerIdentity, result: string): string {
  const marker = markerFile(ledger, identity.key);
  fs.mkdirSync(path.dirname(marker), { recursive: true });
  try {
    fs.writeFileSync(marker, result, { flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    appendLedger(ledger, { ...identity, event: 'deduplicated', at: Date.now() });
    return fs.readFileSync(marker, 'utf8');
  }
  appendLedger(ledger, { ...identity, event: 'effect', at: Date.now() });
  return result;
}
