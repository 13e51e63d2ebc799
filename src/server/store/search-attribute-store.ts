/** Custom search attributes registered per namespace (OperatorService AddSearchAttributes). */
import type { SqliteDatabase } from './open-database';
import type { SearchAttributeDefinition, SearchAttributeType } from '../visibility';

export class SearchAttributeStore {
  private readonly statements;

  constructor(db: SqliteDatabase) {
    this.statements = {
      list: db.prepare(`SELECT name, type FROM search_attribute_definitions WHERE namespace = ? ORDER BY name`),
      add: db.prepare(`INSERT OR REPLACE INTO search_attribute_definitions (namespace, name, type) VALUES (?, ?, ?)`),
      remove: db.prepare(`DELETE FROM search_attribute_definitions WHERE namespace = ? AND name = ?`),
    };
  }

  list(namespace: string): SearchAttributeDefinition[] {
    return (this.statements.list.all(namespace) as { name: string; type: SearchAttributeType }[]).map((r) => ({
      name: r.name,
      type: r.type,
    }));
  }

  add(namespace: string, definition: SearchAttributeDefinition): void {
    this.statements.add.run(namespace, definition.name, definition.type);
  }

  remove(namespace: string, name: string): boolean {
    return this.statements.remove.run(namespace, name).changes > 0;
  }
}
