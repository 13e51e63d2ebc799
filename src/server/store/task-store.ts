/** Durable queue rows for workflow and activity tasks waiting for a poller. */
import type { SqliteDatabase } from './open-database';

export type TaskKind = 'workflow' | 'activity';

export interface TaskRow {
  id: number;
  namespace: string;
  task_queue: string;
  kind: TaskKind;
  run_id: string;
  /** Scheduled event id of the activity, or 0 for a workflow task. */
  ref: number;
  stamp: number;
  created_at: number;
}

/** A task as it is queued: stored only when no waiting poller takes it at once. */
export type QueuedTask = Omit<TaskRow, 'id'>;

export class TaskStore {
  private readonly statements;

  constructor(db: SqliteDatabase) {
    this.statements = {
      insert: db.prepare(
        `INSERT INTO tasks (namespace, task_queue, kind, run_id, ref, stamp, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
      ),
      oldest: db.prepare(
        `SELECT * FROM tasks WHERE namespace = ? AND task_queue = ? AND kind = ? AND id > ? ORDER BY id LIMIT 1`,
      ),
      delete: db.prepare(`DELETE FROM tasks WHERE id = ?`),
      count: db.prepare(`SELECT COUNT(*) AS n FROM tasks WHERE namespace = ? AND task_queue = ? AND kind = ?`),
      queues: db.prepare(`SELECT DISTINCT namespace, task_queue, kind FROM tasks`),
    };
  }

  insert(task: QueuedTask): void {
    this.statements.insert.run(
      task.namespace,
      task.task_queue,
      task.kind,
      task.run_id,
      task.ref,
      task.stamp,
      task.created_at,
    );
  }

  /** The oldest task of the queue with an id above `afterId`. */
  oldest(namespace: string, taskQueue: string, kind: TaskKind, afterId = 0): TaskRow | undefined {
    return this.statements.oldest.get(namespace, taskQueue, kind, afterId) as TaskRow | undefined;
  }

  delete(id: number): void {
    this.statements.delete.run(id);
  }

  backlog(namespace: string, taskQueue: string, kind: TaskKind): number {
    return (this.statements.count.get(namespace, taskQueue, kind) as { n: number }).n;
  }
}
