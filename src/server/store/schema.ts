/**
 * The SQLite schema of the development server. A database without our marker row is refused. Tables added later
 * (schedules) are created by CREATE TABLE IF NOT EXISTS when an older database of this version is opened.
 */

export const SCHEMA_APPLICATION = 'steadfast-dev-server';
export const SCHEMA_VERSION = 1;

export const SCHEMA_SQL = `
CREATE TABLE IF NOT EXISTS steadfast_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS namespaces (
  name TEXT PRIMARY KEY,
  id TEXT NOT NULL,
  info TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS executions (
  namespace TEXT NOT NULL,
  workflow_id TEXT NOT NULL,
  run_id TEXT PRIMARY KEY,
  workflow_type TEXT NOT NULL,
  task_queue TEXT NOT NULL,
  status INTEGER NOT NULL,
  start_time INTEGER NOT NULL,
  execution_time INTEGER NOT NULL,
  close_time INTEGER,
  history_length INTEGER NOT NULL,
  parent_workflow_id TEXT,
  parent_run_id TEXT,
  root_workflow_id TEXT,
  search_attributes TEXT NOT NULL DEFAULT '{}',
  memo BLOB,
  state TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS executions_by_workflow ON executions (namespace, workflow_id, start_time);
CREATE INDEX IF NOT EXISTS executions_by_start ON executions (namespace, start_time);
CREATE INDEX IF NOT EXISTS executions_by_close ON executions (close_time);
CREATE TABLE IF NOT EXISTS current_executions (
  namespace TEXT NOT NULL,
  workflow_id TEXT NOT NULL,
  run_id TEXT NOT NULL,
  PRIMARY KEY (namespace, workflow_id)
);
CREATE TABLE IF NOT EXISTS history_events (
  run_id TEXT NOT NULL,
  event_id INTEGER NOT NULL,
  data BLOB NOT NULL,
  PRIMARY KEY (run_id, event_id)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS tasks (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  namespace TEXT NOT NULL,
  task_queue TEXT NOT NULL,
  kind TEXT NOT NULL,
  run_id TEXT NOT NULL,
  ref INTEGER NOT NULL,
  stamp INTEGER NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS tasks_by_queue ON tasks (namespace, task_queue, kind, id);
CREATE TABLE IF NOT EXISTS timers (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  fire_at INTEGER NOT NULL,
  run_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  data TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS timers_by_time ON timers (fire_at, id);
CREATE TABLE IF NOT EXISTS search_attribute_definitions (
  namespace TEXT NOT NULL,
  name TEXT NOT NULL,
  type TEXT NOT NULL,
  PRIMARY KEY (namespace, name)
);
CREATE TABLE IF NOT EXISTS schedules (
  namespace TEXT NOT NULL,
  schedule_id TEXT NOT NULL,
  schedule BLOB NOT NULL,
  memo BLOB,
  search_attributes BLOB,
  state TEXT NOT NULL,
  PRIMARY KEY (namespace, schedule_id)
);
CREATE TABLE IF NOT EXISTS schedule_runs (
  run_id TEXT PRIMARY KEY,
  namespace TEXT NOT NULL,
  schedule_id TEXT NOT NULL
);
`;
