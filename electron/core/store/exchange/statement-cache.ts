import type { Db, Statement } from './schema';

/**
 * Prepared statements keyed by SQL text. Queries are built from filters, so the
 * set of distinct texts is small and bounded; preparing once keeps reads cheap.
 */
export class StatementCache {
  private readonly plain = new Map<string, Statement>();
  private readonly raw = new Map<string, Statement>();

  constructor(private readonly db: Db) {}

  /** `raw` statements return arrays instead of objects (libsql adds a `_metadata` key to objects). */
  get(sql: string, raw = false): Statement {
    const map = raw ? this.raw : this.plain;
    let stmt = map.get(sql);
    if (!stmt) {
      stmt = this.db.prepare<unknown[]>(sql);
      if (raw) stmt.raw(true);
      map.set(sql, stmt);
    }
    return stmt;
  }
}
