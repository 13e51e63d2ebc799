/** What a stopped server's database holds: file sizes and rows per table, read with SQLite itself. */
import fs from 'node:fs';
import Database from 'better-sqlite3';
import { mib } from '../support/progress';

export interface DatabaseCensus {
  /** Database file plus its write-ahead log. */
  readonly fileMiB: number;
  readonly fileBytes: number;
  readonly rows: Readonly<Record<string, number>>;
}

const TABLES = ['executions', 'history_events', 'tasks', 'timers', 'current_executions'] as const;

export function databaseBytes(file: string): number {
  return [file, `${file}-wal`].reduce((sum, part) => sum + (fs.existsSync(part) ? fs.statSync(part).size : 0), 0);
}

export function databaseCensus(file: string): DatabaseCensus {
  const fileBytes = databaseBytes(file);
  const db = new Database(file, { readonly: true });
  try {
    const rows = Object.fromEntries(
      TABLES.map((table) => [table, (db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n]),
    );
    return { fileMiB: mib(fileBytes), fileBytes, rows };
  } finally {
    db.close();
  }
}
