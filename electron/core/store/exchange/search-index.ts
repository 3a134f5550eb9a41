import { scalar, type Db } from './schema';
import type { StatementCache } from './statement-cache';

/** Pages a merge step writes at most: about 3 ms of work here. */
const MERGE_PAGES = 64;
/** FTS5's default, which a writer indexing in its own commits (seeders, tools) keeps. */
const FTS5_AUTOMERGE = 4;

/**
 * The full-text index, kept behind the commit. Indexing a row in its group
 * commit cost about a fifth of the store's CPU per delivery and lengthened
 * every commit the receiver waits on; FTS5 also indexes far cheaper in large
 * transactions than in many small ones (measured: 31 → 18 µs a row at 32 vs
 * 1,024 rows per transaction). So new rows are indexed in batches after they
 * committed, and a search first indexes what is left (one batch at most), so
 * it finds exactly what it would have found with every row indexed at once.
 *
 * The invariant, kept across crashes: `exchange_fts` holds exactly the rows
 * whose seq is at most `exchange_fts_state.indexed_to` (the mark). A row
 * written at or below the mark (an import of older records) is indexed in its
 * own commit; rows above it wait for `catchUp`, which indexes them and moves
 * the mark in one transaction. Retention removes index entries only at or
 * below the mark.
 *
 * The deferred writer also merges the index's segments itself, a bounded step
 * at a time (mergeStep), with FTS5's automerge off. Automerge did the same work
 * inside whichever catch-up crossed its threshold: a 256-row slice that takes
 * 3 ms took 20-30 ms then, and every ack queued behind it waited as long.
 */
export class SearchIndex {
  private mark: number;
  private markAtBegin = 0;
  /** Rows written above the mark since the last catch-up (rolled-back ones included): when to index. */
  pending = 0;

  constructor(
    private readonly db: Db,
    private readonly stmts: StatementCache,
    /** false: every row is indexed in its own commit (seeders, tools), the mark following the rows. */
    readonly deferred: boolean,
  ) {
    this.mark = Number(scalar(db, 'SELECT indexed_to FROM exchange_fts_state'));
    const automerge = deferred ? 0 : FTS5_AUTOMERGE;
    const current = scalar<number | undefined>(db, "SELECT v FROM exchange_fts_config WHERE k = 'automerge'");
    if ((current ?? FTS5_AUTOMERGE) !== automerge)
      db.exec(`INSERT INTO exchange_fts (exchange_fts, rank) VALUES ('automerge', ${automerge})`);
  }

  /** Inside a write transaction. */
  begin(): void {
    this.markAtBegin = this.mark;
  }

  /** Inside a write transaction: indexes the row now, or leaves it for catchUp. Text is computed only if needed. */
  add(seq: number, text: () => [body: string | null, headers: string | null]): void {
    if (this.deferred && seq > this.mark) {
      this.pending++;
      return;
    }
    const [body, headers] = text();
    this.stmts.get('INSERT INTO exchange_fts (rowid, body, headers) VALUES (?, ?, ?)').run(seq, body, headers);
  }

  /** Inside the write transaction, before COMMIT: without deferral the mark follows the newest row. */
  beforeCommit(lastSeq: number): void {
    if (this.deferred || lastSeq <= this.mark) return;
    this.stmts.get('UPDATE exchange_fts_state SET indexed_to = ?').run(lastSeq);
    this.mark = lastSeq;
  }

  /** The write transaction rolled back. */
  rollback(): void {
    this.mark = this.markAtBegin;
  }

  /**
   * Indexes committed rows above the mark up to `lastSeq`, or only the next
   * `maxRows` of them, in one transaction of its own; never inside a write
   * transaction. Returns how many rows it indexed.
   */
  catchUp(lastSeq: number, maxRows = Infinity): number {
    if (lastSeq <= this.mark) {
      this.pending = 0;
      return 0;
    }
    const upTo = Number.isFinite(maxRows)
      ? Math.min(
          lastSeq,
          Number(
            scalar(
              this.db,
              'SELECT seq FROM exchange WHERE seq > ? ORDER BY seq LIMIT 1 OFFSET ?',
              this.mark,
              maxRows - 1,
            ) ?? lastSeq,
          ),
        )
      : lastSeq;
    this.db.exec('BEGIN IMMEDIATE');
    try {
      // The view yields the values a row was indexed with, as retention's deletes need them.
      const { changes } = this.stmts
        .get(
          `INSERT INTO exchange_fts (rowid, body, headers)
           SELECT seq, body, headers FROM exchange_search WHERE seq > ? AND seq <= ?`,
        )
        .run(this.mark, upTo);
      this.stmts.get('UPDATE exchange_fts_state SET indexed_to = ?').run(upTo);
      this.db.exec('COMMIT');
      this.mark = upTo;
      this.pending = upTo === lastSeq ? 0 : Math.max(0, this.pending - changes);
      return changes;
    } catch (err) {
      if (this.db.isTransaction) this.db.exec('ROLLBACK');
      throw err;
    }
  }

  /**
   * Merges the index's segments by at most MERGE_PAGES pages, in a transaction
   * of its own (never inside a write transaction). Only levels holding several
   * segments merge, as automerge would have. Returns whether it did any work,
   * so another step may be due: the structure record (FTS5's rowid 10 in its
   * data table, which lists the segments) changes exactly when a step merged.
   */
  mergeStep(): boolean {
    const structure = () =>
      scalar<Uint8Array | undefined>(this.db, 'SELECT block FROM exchange_fts_data WHERE id = 10');
    const before = structure();
    this.stmts.get(`INSERT INTO exchange_fts (exchange_fts, rank) VALUES ('merge', ${MERGE_PAGES})`).run();
    const after = structure();
    return !!before && !!after && Buffer.compare(before, after) !== 0;
  }
}
