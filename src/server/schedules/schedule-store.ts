/** Schedules in SQLite: one row each (the Schedule message encoded, scheduler state as JSON), and runs they started. */
import type { SqliteDatabase } from '../store/open-database';
import { common, encodeMessage, proto } from '../proto/temporal-proto';
import type { Memo, Schedule, ScheduleRecord, SearchAttributes, SchedulerState } from './schedule-record';

const ScheduleCodec = proto.temporal.api.schedule.v1.Schedule;

interface ScheduleRow {
  namespace: string;
  schedule_id: string;
  schedule: Buffer;
  memo: Buffer | null;
  search_attributes: Buffer | null;
  state: string;
}

function decode<T>(codec: { decode(bytes: Uint8Array): unknown }, bytes: Buffer | null): T | undefined {
  return bytes ? (codec.decode(bytes) as T) : undefined;
}

function toRecord(row: ScheduleRow): ScheduleRecord {
  return {
    namespace: row.namespace,
    scheduleId: row.schedule_id,
    schedule: ScheduleCodec.decode(row.schedule) as Schedule,
    memo: decode<Memo>(common.Memo, row.memo),
    searchAttributes: decode<SearchAttributes>(common.SearchAttributes, row.search_attributes),
    state: JSON.parse(row.state) as SchedulerState,
  };
}

export class ScheduleStore {
  private readonly statements;

  constructor(db: SqliteDatabase) {
    this.statements = {
      get: db.prepare(`SELECT * FROM schedules WHERE namespace = ? AND schedule_id = ?`),
      upsert: db.prepare(
        `INSERT OR REPLACE INTO schedules (namespace, schedule_id, schedule, memo, search_attributes, state)
         VALUES (@namespace, @scheduleId, @schedule, @memo, @searchAttributes, @state)`,
      ),
      delete: db.prepare(`DELETE FROM schedules WHERE namespace = ? AND schedule_id = ?`),
      page: db.prepare(`SELECT * FROM schedules WHERE namespace = ? AND schedule_id > ? ORDER BY schedule_id LIMIT ?`),
      addRun: db.prepare(`INSERT OR REPLACE INTO schedule_runs (run_id, namespace, schedule_id) VALUES (?, ?, ?)`),
      removeRun: db.prepare(`DELETE FROM schedule_runs WHERE run_id = ?`),
      removeRunsOf: db.prepare(`DELETE FROM schedule_runs WHERE namespace = ? AND schedule_id = ?`),
      ownerOfRun: db.prepare(`SELECT namespace, schedule_id FROM schedule_runs WHERE run_id = ?`),
    };
  }

  get(namespace: string, scheduleId: string): ScheduleRecord | undefined {
    const row = this.statements.get.get(namespace, scheduleId) as ScheduleRow | undefined;
    return row ? toRecord(row) : undefined;
  }

  save(record: ScheduleRecord): void {
    this.statements.upsert.run({
      namespace: record.namespace,
      scheduleId: record.scheduleId,
      schedule: Buffer.from(encodeMessage(ScheduleCodec, record.schedule)),
      memo: record.memo ? Buffer.from(encodeMessage(common.Memo, record.memo)) : null,
      searchAttributes: record.searchAttributes
        ? Buffer.from(encodeMessage(common.SearchAttributes, record.searchAttributes))
        : null,
      state: JSON.stringify(record.state),
    });
  }

  delete(namespace: string, scheduleId: string): void {
    this.statements.delete.run(namespace, scheduleId);
    this.statements.removeRunsOf.run(namespace, scheduleId);
  }

  /** Schedules ordered by id, after `afterId` (exclusive). */
  page(namespace: string, afterId: string, limit: number): ScheduleRecord[] {
    return (this.statements.page.all(namespace, afterId, limit) as ScheduleRow[]).map(toRecord);
  }

  addRun(runId: string, namespace: string, scheduleId: string): void {
    this.statements.addRun.run(runId, namespace, scheduleId);
  }

  removeRun(runId: string): void {
    this.statements.removeRun.run(runId);
  }

  ownerOfRun(runId: string): { namespace: string; scheduleId: string } | undefined {
    const row = this.statements.ownerOfRun.get(runId) as { namespace: string; schedule_id: string } | undefined;
    return row ? { namespace: row.namespace, scheduleId: row.schedule_id } : undefined;
  }
}
