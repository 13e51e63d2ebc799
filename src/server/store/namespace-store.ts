/** Registered namespaces and their settings. */
import { randomUUID } from 'node:crypto';
import type { SqliteDatabase } from './open-database';

export interface NamespaceInfo {
  name: string;
  id: string;
  description: string;
  ownerEmail: string;
  retentionMs: number;
  data: Record<string, string>;
}

export const DEFAULT_RETENTION_MS = 24 * 60 * 60 * 1000;

export class NamespaceStore {
  private readonly cache = new Map<string, NamespaceInfo>();

  constructor(private readonly db: SqliteDatabase) {
    for (const row of db.prepare(`SELECT info FROM namespaces`).all() as { info: string }[]) {
      const info = JSON.parse(row.info) as NamespaceInfo;
      this.cache.set(info.name, info);
    }
  }

  get(name: string): NamespaceInfo | undefined {
    return this.cache.get(name);
  }

  list(): NamespaceInfo[] {
    return [...this.cache.values()].sort((a, b) => a.name.localeCompare(b.name));
  }

  save(info: NamespaceInfo): void {
    this.db
      .prepare(
        `INSERT INTO namespaces (name, id, info) VALUES (?, ?, ?) ON CONFLICT (name) DO UPDATE SET info = excluded.info`,
      )
      .run(info.name, info.id, JSON.stringify(info));
    this.cache.set(info.name, info);
  }

  ensure(name: string): NamespaceInfo {
    const existing = this.get(name);
    if (existing) return existing;
    const info: NamespaceInfo = {
      name,
      id: randomUUID(),
      description: '',
      ownerEmail: '',
      retentionMs: DEFAULT_RETENTION_MS,
      data: {},
    };
    this.save(info);
    return info;
  }
}
