/** Durable timers: user timers, activity and workflow task timeouts, retry backoffs, run deadlines. */
import type { SqliteDatabase } from './open-database';

export interface TimerRow {
  id: number;
  fire_at: number;
  run_id: string;
  kind: string;
  data: string;
}

export class TimerStore {
  private readonly statements;

  constructor(db: SqliteDatabase) {
    this.statements = {
      insert: db.prepare(`INSERT INTO timers (fire_at, run_id, kind, data) VALUES (?, ?, ?, ?)`),
      due: db.prepare(`SELECT * FROM timers WHERE fire_at <= ? ORDER BY fire_at, id LIMIT ?`),
      next: db.prepare(`SELECT MIN(fire_at) AS t FROM timers`),
      delete: db.prepare(`DELETE FROM timers WHERE id = ?`),
      deleteForRun: db.prepare(`DELETE FROM timers WHERE run_id = ?`),
    };
  }

  insert(fireAt: number, runId: string, kind: string, data: unknown): void {
    this.statements.insert.run(fireAt, runId, kind, JSON.stringify(data));
  }

  due(now: number, limit: number): TimerRow[] {
    return this.statements.due.all(now, limit) as TimerRow[];
  }

  nextFireTime(): number | undefined {
    const row = this.statements.next.get() as { t: number | null };
    return row.t ?? undefined;
  }

  delete(id: number): void {
    this.statements.delete.run(id);
  }

  deleteForRun(runId: string): void {
    this.statements.deleteForRun.run(runId);
  }
}
