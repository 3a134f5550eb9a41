import { arrays, type Db, type Statement } from './schema';

/**
 * Prepared statements keyed by SQL text. Queries are built from filters, so the
 * set of distinct texts is small and bounded; preparing once keeps reads cheap.
 */
export class StatementCache {
  private readonly plain = new Map<string, Statement>();
  private readonly raw = new Map<string, Statement>();

  constructor(private readonly db: Db) {}

  /** `raw` statements answer rows as arrays instead of objects keyed by column name. */
  get(sql: string, raw = false): Statement {
    const map = raw ? this.raw : this.plain;
    let stmt = map.get(sql);
    if (!stmt) {
      stmt = raw ? arrays(this.db.prepare(sql)) : this.db.prepare(sql);
      map.set(sql, stmt);
    }
    return stmt;
  }
}
