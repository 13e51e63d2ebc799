/** Reads and writes executions, their history events and their visibility rows. */
import type { SqliteDatabase } from './open-database';
import type { ExecutionState } from '../history/execution-state';
import { history, type HistoryEvent } from '../proto/temporal-proto';

export interface VisibilityFields {
  searchAttributes: Record<string, unknown>;
  memo: Uint8Array | null;
}

export class ExecutionStore {
  private readonly statements;

  constructor(private readonly db: SqliteDatabase) {
    this.statements = {
      currentRun: db.prepare(`SELECT run_id FROM current_executions WHERE namespace = ? AND workflow_id = ?`),
      setCurrentRun: db.prepare(
        `INSERT INTO current_executions (namespace, workflow_id, run_id) VALUES (?, ?, ?)
         ON CONFLICT (namespace, workflow_id) DO UPDATE SET run_id = excluded.run_id`,
      ),
      loadState: db.prepare(`SELECT state FROM executions WHERE run_id = ?`),
      loadVisibility: db.prepare(`SELECT search_attributes, memo FROM executions WHERE run_id = ?`),
      insertExecution: db.prepare(
        `INSERT INTO executions (namespace, workflow_id, run_id, workflow_type, task_queue, status, start_time,
           execution_time, close_time, history_length, parent_workflow_id, parent_run_id, root_workflow_id,
           search_attributes, memo, state)
         VALUES (@namespace, @workflowId, @runId, @workflowType, @taskQueue, @status, @startTime, @executionTime,
           @closeTime, @historyLength, @parentWorkflowId, @parentRunId, @rootWorkflowId, @searchAttributes, @memo, @state)`,
      ),
      updateExecution: db.prepare(
        `UPDATE executions SET status = @status, close_time = @closeTime, history_length = @historyLength,
           state = @state WHERE run_id = @runId`,
      ),
      updateVisibility: db.prepare(
        `UPDATE executions SET search_attributes = @searchAttributes, memo = @memo WHERE run_id = @runId`,
      ),
      insertEvent: db.prepare(`INSERT INTO history_events (run_id, event_id, data) VALUES (?, ?, ?)`),
      readEvents: db.prepare(
        `SELECT data FROM history_events WHERE run_id = ? AND event_id >= ? AND event_id <= ? ORDER BY event_id LIMIT ?`,
      ),
      readEventsDescending: db.prepare(
        `SELECT data FROM history_events WHERE run_id = ? AND event_id <= ? ORDER BY event_id DESC LIMIT ?`,
      ),
      deleteEvents: db.prepare(`DELETE FROM history_events WHERE run_id = ?`),
      deleteExecution: db.prepare(`DELETE FROM executions WHERE run_id = ?`),
    };
  }

  currentRunId(namespace: string, workflowId: string): string | undefined {
    const row = this.statements.currentRun.get(namespace, workflowId) as { run_id: string } | undefined;
    return row?.run_id;
  }

  setCurrentRun(namespace: string, workflowId: string, runId: string): void {
    this.statements.setCurrentRun.run(namespace, workflowId, runId);
  }

  loadState(runId: string): ExecutionState | undefined {
    const row = this.statements.loadState.get(runId) as { state: string } | undefined;
    return row ? (JSON.parse(row.state) as ExecutionState) : undefined;
  }

  loadVisibility(runId: string): VisibilityFields {
    const row = this.statements.loadVisibility.get(runId) as { search_attributes: string; memo: Buffer | null };
    return { searchAttributes: JSON.parse(row.search_attributes), memo: row.memo };
  }

  insertExecution(state: ExecutionState, visibility: VisibilityFields): void {
    this.statements.insertExecution.run({
      ...this.rowFields(state),
      workflowId: state.workflowId,
      namespace: state.namespace,
      workflowType: state.workflowType,
      taskQueue: state.taskQueue,
      startTime: state.startTime,
      executionTime: state.executionTime,
      parentWorkflowId: state.parent?.workflowId ?? null,
      parentRunId: state.parent?.runId ?? null,
      rootWorkflowId: state.rootWorkflowId,
      searchAttributes: JSON.stringify(visibility.searchAttributes),
      memo: visibility.memo ? Buffer.from(visibility.memo) : null,
    });
  }

  updateExecution(state: ExecutionState): void {
    this.statements.updateExecution.run(this.rowFields(state));
  }

  updateVisibility(runId: string, visibility: VisibilityFields): void {
    this.statements.updateVisibility.run({
      runId,
      searchAttributes: JSON.stringify(visibility.searchAttributes),
      memo: visibility.memo ? Buffer.from(visibility.memo) : null,
    });
  }

  private rowFields(state: ExecutionState) {
    return {
      runId: state.runId,
      status: state.status,
      closeTime: state.closeTime ?? null,
      historyLength: state.nextEventId - 1,
      state: JSON.stringify(state),
    };
  }

  appendEvent(runId: string, eventId: number, encoded: Uint8Array): void {
    this.statements.insertEvent.run(runId, eventId, Buffer.from(encoded));
  }

  /** Events with ids in [fromEventId, toEventId], at most `limit` of them. */
  readEvents(runId: string, fromEventId: number, toEventId: number, limit = 1_000_000): HistoryEvent[] {
    const rows = this.statements.readEvents.all(runId, fromEventId, toEventId, limit) as { data: Buffer }[];
    return rows.map((row) => history.HistoryEvent.decode(row.data));
  }

  /** Like readEvents, but the events as stored: encoded HistoryEvent messages. */
  readEncodedEvents(runId: string, fromEventId: number, toEventId: number, limit: number): Buffer[] {
    const rows = this.statements.readEvents.all(runId, fromEventId, toEventId, limit) as { data: Buffer }[];
    return rows.map((row) => row.data);
  }

  /** Events with ids up to `toEventId`, newest first, at most `limit` of them. */
  readEventsDescending(runId: string, toEventId: number, limit: number): HistoryEvent[] {
    const rows = this.statements.readEventsDescending.all(runId, toEventId, limit) as { data: Buffer }[];
    return rows.map((row) => history.HistoryEvent.decode(row.data));
  }

  readEvent(runId: string, eventId: number): HistoryEvent | undefined {
    return this.readEvents(runId, eventId, eventId, 1)[0];
  }

  deleteExecution(runId: string): void {
    this.statements.deleteEvents.run(runId);
    this.statements.deleteExecution.run(runId);
  }
}
