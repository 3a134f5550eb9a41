import type { ExchangeSummary, ExchangeFilter, ExchangePage } from '../../../../shared/model/exchange';
import { AppFailure } from '../../../../shared/api/result';
import { searchTerms, searchTextProblem } from '../../../../shared/validate/search-text';
import { SEQ_PER_MS } from './schema';
import type { ExchangeRows } from './exchange-rows';
import { toMs } from './write-values';

export const MAX_PAGE = 500;

export type Dim = 'kind' | 'source' | 'eventType' | 'outcome' | 'status';
export interface Clauses {
  where: string[];
  params: unknown[];
}

/**
 * Column names are the same in `exchange` and `exchange_rollup` except where
 * the rollup stores '' / 0 for "none"; filters never ask for those, so one
 * compiler serves both tables.
 */
export function compile(f: ExchangeFilter, skip: Dim | null, statusCol: 'status' | 'rollup'): Clauses {
  const where: string[] = [];
  const params: unknown[] = [];
  const add = (sql: string, ...p: unknown[]) => {
    where.push(sql);
    params.push(...p);
  };
  if (f.kind && skip !== 'kind') add('kind = ?', f.kind === 'delivery' ? 0 : 1);
  if (skip !== 'source') {
    if (f.subscriptionId !== undefined) add('kind = 0 AND source_id = ?', f.subscriptionId);
    if (f.inboxId !== undefined) add('kind = 1 AND source_id = ?', f.inboxId);
  }
  if (f.eventType !== undefined && skip !== 'eventType') add('event_type = ?', f.eventType);
  if (f.outcome && skip !== 'outcome') add('outcome = ?', f.outcome);
  if (skip !== 'status') {
    if (f.status !== undefined) {
      // The exchange table has no status index: its class narrows the walk through the status_class index.
      if (statusCol === 'status') add('status_class = ? AND status = ?', Math.floor(f.status / 100), f.status);
      else add('status = ?', f.status);
    }
    if (f.statusClass) {
      const cls = f.statusClass === 'none' ? 0 : Number(f.statusClass[0]);
      if (statusCol === 'status') add('status_class = ?', cls);
      else add('status / 100 = ?', cls);
    }
  }
  return { where, params };
}

/** The compiler's bare column names, qualified for queries that join FTS to `exchange e`. */
export const qualify = (clause: string): string =>
  clause.replace(/\b(kind|source_id|event_type|outcome|status_class|status)\b/g, 'e.$1');

/** Each word becomes a quoted phrase (so `@`, `.`, `-` are just separators); all must match. */
export function ftsQuery(text: string): string | null {
  const terms = searchTerms(text).map((t) => `"${t.text.replaceAll('"', '""')}"${t.prefix ? '*' : ''}`);
  return terms.length ? terms.join(' ') : null;
}

export function encodeCursor(seq: number): string {
  return Buffer.from(`s${seq}`).toString('base64url');
}

function decodeCursor(cursor: string): number {
  const raw = Buffer.from(cursor, 'base64url').toString();
  const seq = /^s(\d{1,16})$/.exec(raw) ? Number(raw.slice(1)) : NaN;
  if (!Number.isSafeInteger(seq))
    throw new AppFailure('invalid_input', 'The cursor is not one this store handed out.', {
      cursor: ['unknown cursor'],
    });
  return seq;
}

export interface Range {
  fromMs?: number;
  toMs?: number;
}

export function timeRange(f: ExchangeFilter): Range {
  return {
    fromMs: f.from !== undefined ? toMs(f.from, 'from') : undefined,
    toMs: f.to !== undefined ? toMs(f.to, 'to') : undefined,
  };
}

/** A record's seq is never below timeMs * SEQ_PER_MS and at most one ms above, so the key range is exact with `time`. */
export function rangeClauses(r: Range, seqCol: string, c: Clauses): void {
  if (r.fromMs !== undefined) {
    c.where.push(`${seqCol} >= ?`, 'e.time >= ?');
    c.params.push(r.fromMs * SEQ_PER_MS, r.fromMs);
  }
  if (r.toMs !== undefined) {
    c.where.push(`${seqCol} < ?`, 'e.time < ?');
    c.params.push((r.toMs + 1) * SEQ_PER_MS, r.toMs);
  }
}

/** The last column is the newest replay of the row, one probe of the replay_of index per row of the page. */
const SUMMARY_COLS = `e.seq, e.id, e.kind, e.time, e.event_type, e.event_id, e.source_id, e.target, e.method, e.outcome,
  e.status, e.duration_ms, e.attempts, e.size, e.verdict, e.replay_of,
  (SELECT json_array(r.id, r.outcome) FROM exchange r WHERE r.replay_of = e.id ORDER BY r.seq DESC LIMIT 1)`;

function toSummary(r: unknown[]): ExchangeSummary {
  return {
    id: r[1] as string,
    kind: r[2] === 0 ? 'delivery' : 'capture',
    time: new Date(r[3] as number).toISOString(),
    eventType: r[4] as string | null,
    eventId: r[5] as string | null,
    sourceId: r[6] as string | null,
    target: r[7] as string,
    method: r[8] as string,
    outcome: r[9] as ExchangeSummary['outcome'],
    status: r[10] as number | null,
    durationMs: r[11] as number | null,
    attempts: r[12] as number,
    size: r[13] as number,
    verdict: r[14] as ExchangeSummary['verdict'],
    replayOf: r[15] as string | null,
    replay: replayLink(r[16] as string | null),
  };
}

function replayLink(pair: string | null): ExchangeSummary['replay'] {
  if (!pair) return null;
  const [id, outcome] = JSON.parse(pair) as [string, ExchangeSummary['outcome']];
  return { id, outcome };
}

/** The FTS5 query for the filter's search text, or null without one; text with no word to search for is refused. */
function matchOf(f: ExchangeFilter): string | null {
  const match = f.text ? ftsQuery(f.text) : null;
  if (f.text && !match) {
    const problem = searchTextProblem(f.text)!;
    throw new AppFailure('invalid_input', `${problem}.`, { text: [problem] });
  }
  return match;
}

/** FROM clause: FTS drives the scan (newest rowid first) when there is text, else the summary table. */
export function source(f: ExchangeFilter, c: Clauses, match = matchOf(f)): { from: string; seqCol: string } {
  if (!match) return { from: 'exchange e', seqCol: 'e.seq' };
  c.where.unshift('exchange_fts MATCH ?');
  c.params.unshift(match);
  return { from: 'exchange_fts f CROSS JOIN exchange e ON e.seq = f.rowid', seqCol: 'f.rowid' };
}

/** Searches matching at most this many rows are paged from their seqs (see fewMatches). */
const FEW_MATCHES = 256;

/**
 * The seqs of every row the search matches when there are at most
 * FEW_MATCHES of them, else null. FTS5 walks its doclists backwards slowly: a
 * phrase of a rare word and two words in every row ("user1234 example com")
 * took 1.6 ms newest-first against 0.13 ms oldest-first at 300k rows, and
 * 17 ms newest-first at 3M. Oldest-first, the first FEW_MATCHES + 1 cost
 * little either way; when that is all of them, the page is cut from those rows.
 */
function fewMatches(table: ExchangeRows, match: string): number[] | null {
  const rows = table.stmts
    .get('SELECT rowid FROM exchange_fts WHERE exchange_fts MATCH ? ORDER BY rowid LIMIT ?', true)
    .all(match, FEW_MATCHES + 1) as [number][];
  return rows.length > FEW_MATCHES ? null : rows.map((r) => r[0]);
}

export function queryExchanges(
  table: ExchangeRows,
  f: ExchangeFilter,
  page: { limit?: number; cursor?: string | null } = {},
): ExchangePage {
  const limit = Math.min(Math.max(1, page.limit ?? 50), MAX_PAGE);
  const c = compile(f, null, 'status');
  c.where = c.where.map(qualify);
  const match = matchOf(f);
  const few = match ? fewMatches(table, match) : null;
  const { from, seqCol } = few ? { from: 'exchange e', seqCol: 'e.seq' } : source(f, c, match);
  if (few) {
    c.where.unshift('e.seq IN (SELECT value FROM json_each(?))');
    c.params.unshift(JSON.stringify(few));
  }
  rangeClauses(timeRange(f), seqCol, c);
  if (page.cursor) {
    c.where.push(`${seqCol} < ?`);
    c.params.push(decodeCursor(page.cursor));
  }
  const sql = `SELECT ${SUMMARY_COLS} FROM ${from} ${c.where.length ? 'WHERE ' + c.where.join(' AND ') : ''}
    ORDER BY ${seqCol} DESC LIMIT ?`;
  const rows = table.stmts.get(sql, true).all(...c.params, limit + 1) as unknown[][];
  const more = rows.length > limit;
  const items = rows.slice(0, limit);
  return {
    items: items.map(toSummary),
    nextCursor: more ? encodeCursor(items[items.length - 1]![0] as number) : null,
  };
}
