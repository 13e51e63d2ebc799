/**
 * The edge outbox: a SQLite file (WAL, synchronous FULL) holding every request decided at the edge — queued, or
 * answered autonomously — from before its caller is answered until the server has it. One file per application instance.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { OrchestrationRequest } from '../../config/orchestration-request';
import type { EdgeRunOutcome } from './edge-plan-run';

/** queue: start it on the server when it returns; autonomous: answered at the edge, recorded on the server. */
export type EdgeDecision = 'queue' | 'autonomous';

/** answering: an autonomous run in progress (in process `ownerPid`); pending: waits for the drain; settled: done. */
export type OutboxState = 'answering' | 'pending' | 'settled';

/**
 * How an entry was settled. started: the queued request now runs on the server; already_started: the server had it
 * (sent just before the cut, or by a drain killed mid-way); recorded: the edge answer is a recorded orchestration;
 * superseded: the server ran the request itself, the edge answer stays here; expired: its deadline passed while
 * queued (stale_instruction, recorded on the server); rejected: the server refused it; discarded: by an operator.
 */
export type OutboxOutcome =
  'started' | 'already_started' | 'recorded' | 'superseded' | 'expired' | 'rejected' | 'discarded';

export interface OutboxEntry {
  readonly id: string;
  readonly decision: EdgeDecision;
  readonly state: OutboxState;
  readonly request: OrchestrationRequest;
  readonly taskQueue: string;
  readonly receivedAt: number;
  /** receivedAt + the request's deadline: a queued request is not started after it. */
  readonly expiresAt?: number;
  readonly answer?: EdgeRunOutcome;
  readonly ownerPid?: number;
  readonly attempts: number;
  readonly lastError?: string;
  readonly outcome?: OutboxOutcome;
  readonly settledAt?: number;
}

export interface NewOutboxEntry {
  readonly id: string;
  readonly decision: EdgeDecision;
  readonly request: OrchestrationRequest;
  readonly taskQueue: string;
  readonly receivedAt: number;
}

interface Row {
  id: string;
  decision: EdgeDecision;
  state: OutboxState;
  request: string;
  task_queue: string;
  received_at: number;
  expires_at: number | null;
  answer: string | null;
  owner_pid: number | null;
  attempts: number;
  last_error: string | null;
  outcome: OutboxOutcome | null;
  settled_at: number | null;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS steadfast_outbox (
  id TEXT PRIMARY KEY,
  decision TEXT NOT NULL,
  state TEXT NOT NULL,
  request TEXT NOT NULL,
  task_queue TEXT NOT NULL,
  received_at INTEGER NOT NULL,
  expires_at INTEGER,
  answer TEXT,
  owner_pid INTEGER,
  attempts INTEGER NOT NULL DEFAULT 0,
  last_error TEXT,
  outcome TEXT,
  settled_at INTEGER
);
CREATE INDEX IF NOT EXISTS steadfast_outbox_open ON steadfast_outbox (state, received_at);
`;

export class Outbox {
  private readonly db: Database.Database;

  constructor(readonly file: string) {
    fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    // Every decision is on disk before the caller hears of it, even if the machine loses power right after.
    this.db.pragma('synchronous = FULL');
    this.db.pragma('busy_timeout = 5000');
    this.db.exec(SCHEMA);
  }

  /**
   * Writes the decision; a queued entry is pending at once, an autonomous one is "answering" until answer().
   * An id already in the outbox is left as it is and returned (a retry of the same request), with `created` false.
   */
  add(entry: NewOutboxEntry): { readonly entry: OutboxEntry; readonly created: boolean } {
    const expiresAt = entry.request.deadline !== undefined ? entry.receivedAt + entry.request.deadline : null;
    const info = this.db
      .prepare(
        `INSERT OR IGNORE INTO steadfast_outbox (id, decision, state, request, task_queue, received_at, expires_at, owner_pid)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        entry.id,
        entry.decision,
        entry.decision === 'queue' ? 'pending' : 'answering',
        JSON.stringify(entry.request),
        entry.taskQueue,
        entry.receivedAt,
        expiresAt,
        entry.decision === 'autonomous' ? process.pid : null,
      );
    return { entry: this.get(entry.id)!, created: info.changes === 1 };
  }

  /** The autonomous run ended: its answer waits for the drain to record it on the server. */
  answer(id: string, answer: EdgeRunOutcome): void {
    this.db
      .prepare(
        `UPDATE steadfast_outbox SET state = 'pending', answer = ?, owner_pid = NULL WHERE id = ? AND state = 'answering'`,
      )
      .run(JSON.stringify(answer), id);
  }

  /** An autonomous run that could not finish (its handler threw outside the step records): start it on the server instead. */
  requeue(id: string, error: string): void {
    this.db
      .prepare(
        `UPDATE steadfast_outbox SET state = 'pending', decision = 'queue', owner_pid = NULL, last_error = ? WHERE id = ? AND state = 'answering'`,
      )
      .run(error, id);
  }

  get(id: string): OutboxEntry | undefined {
    const row = this.db.prepare(`SELECT * FROM steadfast_outbox WHERE id = ?`).get(id) as Row | undefined;
    return row ? fromRow(row) : undefined;
  }

  /**
   * Entries the drain may take, oldest first: pending ones, and autonomous runs whose process is gone (a crash
   * mid-answer), which are started on the server instead — the idempotency keys absorb what the edge already did.
   */
  due(limit: number, isAlive: (pid: number) => boolean = processIsAlive): OutboxEntry[] {
    const rows = this.db
      .prepare(`SELECT * FROM steadfast_outbox WHERE state IN ('pending', 'answering') ORDER BY received_at, id`)
      .all() as Row[];
    const due: OutboxEntry[] = [];
    for (const row of rows) {
      if (due.length >= limit) break;
      if (row.state === 'answering') {
        if (row.owner_pid !== null && isAlive(row.owner_pid)) continue;
        this.db
          .prepare(
            `UPDATE steadfast_outbox SET state = 'pending', decision = 'queue', owner_pid = NULL, last_error = ? WHERE id = ? AND state = 'answering'`,
          )
          .run('the process answering it at the edge ended first; started on the server instead', row.id);
        const requeued = this.get(row.id);
        if (requeued?.state === 'pending') due.push(requeued);
        continue;
      }
      due.push(fromRow(row));
    }
    return due;
  }

  /** Settles a pending entry; false when it was settled already (by another drain or a discard). */
  settle(id: string, outcome: OutboxOutcome, now: number, error?: string): boolean {
    const info = this.db
      .prepare(
        `UPDATE steadfast_outbox SET state = 'settled', outcome = ?, settled_at = ?, last_error = COALESCE(?, last_error)
         WHERE id = ? AND state != 'settled'`,
      )
      .run(outcome, now, error ?? null, id);
    return info.changes === 1;
  }

  /** A try that failed for another reason than reachability; returns how many tries were made. */
  failedAttempt(id: string, error: string): number {
    this.db.prepare(`UPDATE steadfast_outbox SET attempts = attempts + 1, last_error = ? WHERE id = ?`).run(error, id);
    return this.get(id)?.attempts ?? 0;
  }

  /** Newest first; settled entries only with `all`. */
  list(options: { readonly all?: boolean } = {}): OutboxEntry[] {
    const where = options.all ? '' : `WHERE state != 'settled'`;
    const rows = this.db
      .prepare(`SELECT * FROM steadfast_outbox ${where} ORDER BY received_at DESC, id`)
      .all() as Row[];
    return rows.map(fromRow);
  }

  /** Entries by state, and settled ones by outcome. */
  counts(): Record<string, number> {
    const rows = this.db
      .prepare(`SELECT COALESCE(outcome, state) AS key, COUNT(*) AS n FROM steadfast_outbox GROUP BY key`)
      .all() as { key: string; n: number }[];
    return Object.fromEntries(rows.map((row) => [row.key, row.n]));
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}

function fromRow(row: Row): OutboxEntry {
  return {
    id: row.id,
    decision: row.decision,
    state: row.state,
    request: JSON.parse(row.request) as OrchestrationRequest,
    taskQueue: row.task_queue,
    receivedAt: row.received_at,
    ...(row.expires_at !== null ? { expiresAt: row.expires_at } : {}),
    ...(row.answer !== null ? { answer: JSON.parse(row.answer) as EdgeRunOutcome } : {}),
    ...(row.owner_pid !== null ? { ownerPid: row.owner_pid } : {}),
    attempts: row.attempts,
    ...(row.last_error !== null ? { lastError: row.last_error } : {}),
    ...(row.outcome !== null ? { outcome: row.outcome } : {}),
    ...(row.settled_at !== null ? { settledAt: row.settled_at } : {}),
  };
}

function processIsAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
