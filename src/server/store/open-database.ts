/** Opens (or creates) the server's SQLite database and refuses files that are not ours. */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { DevServerStartError } from '../errors/dev-server-start-error';
import { SCHEMA_APPLICATION, SCHEMA_SQL, SCHEMA_VERSION } from './schema';

export type SqliteDatabase = Database.Database;

export function openDatabase(dbPath: string): SqliteDatabase {
  const inMemory = dbPath === ':memory:';
  if (!inMemory) {
    try {
      fs.mkdirSync(path.dirname(path.resolve(dbPath)), { recursive: true });
    } catch (err) {
      throw new DevServerStartError(`cannot create the folder for database ${dbPath}: ${(err as Error).message}`);
    }
  }
  let db: SqliteDatabase;
  try {
    db = new Database(dbPath);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('busy_timeout = 5000');
  } catch (err) {
    throw new DevServerStartError(`cannot open database ${dbPath}: ${(err as Error).message}`);
  }
  try {
    ensureSchema(db, dbPath);
  } catch (err) {
    db.close();
    throw err;
  }
  return db;
}

function ensureSchema(db: SqliteDatabase, dbPath: string): void {
  let tables: { name: string }[];
  try {
    tables = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).all() as { name: string }[];
  } catch (err) {
    throw new DevServerStartError(`${dbPath} is not a SQLite database: ${(err as Error).message}`);
  }
  const names = new Set(tables.map((t) => t.name));
  if (names.size > 0) {
    const marker = names.has('steadfast_meta')
      ? (db.prepare(`SELECT value FROM steadfast_meta WHERE key = 'application'`).get() as
          { value: string } | undefined)
      : undefined;
    if (marker?.value !== SCHEMA_APPLICATION) {
      throw new DevServerStartError(
        `${dbPath} is a SQLite database of something else, not a Steadfast dev server database`,
      );
    }
    const version = db.prepare(`SELECT value FROM steadfast_meta WHERE key = 'schema_version'`).get() as
      { value: string } | undefined;
    if (Number(version?.value) !== SCHEMA_VERSION) {
      throw new DevServerStartError(
        `${dbPath} has schema version ${version?.value ?? 'none'}; this server reads version ${SCHEMA_VERSION}`,
      );
    }
  }
  db.transaction(() => {
    db.exec(SCHEMA_SQL);
    const upsert = db.prepare(`INSERT OR REPLACE INTO steadfast_meta (key, value) VALUES (?, ?)`);
    upsert.run('application', SCHEMA_APPLICATION);
    upsert.run('schema_version', String(SCHEMA_VERSION));
  })();
}
