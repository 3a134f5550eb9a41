import { AppFailure } from '../../../../shared/api/result';
import type { ExchangeFilter, ExchangePage } from '../../../../shared/model/exchange';
import { MAX_PAGE, timeRange, type Dim, type Range } from '../exchange/query';
import { tsqueryLiteral } from '../search/pg-text-search';
import { named, type Queryable } from './pg-client';
import { SUMMARY_COLS, toSummary, type SummaryRow } from './pg-read-rows';

/** Numbered parameters for one statement. */
export class Params {
  readonly values: unknown[] = [];
  add(v: unknown): string {
    this.values.push(v);
    return `$${this.values.length}`;
  }
}

/**
 * The filter bar's filters as SQL, the same semantics as the SQLite store's
 * compiler: `skip` leaves one dimension out (a facet counts under every filter
 * but its own); 'rollup' reads the counters table, where "none" is 0/''.
 */
export function filterClauses(f: ExchangeFilter, skip: Dim | null, p: Params, table: 'rows' | 'rollup'): string[] {
  const c = table === 'rows' ? 'e.' : '';
  const where: string[] = [];
  if (f.kind && skip !== 'kind') where.push(`${c}kind = ${p.add(f.kind === 'delivery' ? 0 : 1)}`);
  if (skip !== 'source') {
    if (f.subscriptionId !== undefined) where.push(`${c}kind = 0 AND ${c}source_id = ${p.add(f.subscriptionId)}`);
    if (f.inboxId !== undefined) where.push(`${c}kind = 1 AND ${c}source_id = ${p.add(f.inboxId)}`);
  }
  if (f.eventType !== undefined && skip !== 'eventType') where.push(`${c}event_type = ${p.add(f.eventType)}`);
  if (f.outcome && skip !== 'outcome') where.push(`${c}outcome = ${p.add(f.outcome)}`);
  if (skip !== 'status') {
    if (f.status !== undefined) where.push(`${c}status = ${p.add(f.status)}`);
    if (f.statusClass) {
      const cls = f.statusClass === 'none' ? 0 : Number(f.statusClass[0]);
      where.push(table === 'rows' ? `${c}status_class = ${p.add(cls)}` : `status / 100 = ${p.add(cls)}`);
    }
  }
  return where;
}

export function rangeClauses(r: Range, p: Params): string[] {
  const where: string[] = [];
  if (r.fromMs !== undefined) where.push(`e.time >= ${p.add(r.fromMs)}`);
  if (r.toMs !== undefined) where.push(`e.time < ${p.add(r.toMs)}`);
  return where;
}

/** FROM and the search condition: the content table joins in when there is text. `nothing` when no row can match. */
export function searchSource(f: ExchangeFilter, p: Params): { from: string; where: string[]; nothing?: true } {
  if (!f.text) return { from: 'exchange e', where: [] };
  const compiled = tsqueryLiteral(f.text);
  if (!compiled)
    throw new AppFailure('invalid_input', 'Search text needs at least one letter or digit.', {
      text: ['no searchable words'],
    });
  if ('nothing' in compiled) return { from: 'exchange e', where: ['false'], nothing: true };
  return {
    from: 'exchange e JOIN exchange_content c ON c.time = e.time AND c.seq = e.seq',
    where: [`c.tsv @@ ${p.add(compiled.tsquery)}::tsquery`],
  };
}

export function encodeCursor(time: number, seq: number): string {
  return Buffer.from(`p${time}.${seq}`).toString('base64url');
}

function decodeCursor(cursor: string): [number, number] {
  const m = /^p(\d{1,16})\.(\d{1,19})$/.exec(Buffer.from(cursor, 'base64url').toString());
  const key: [number, number] = m ? [Number(m[1]), Number(m[2])] : [NaN, NaN];
  if (!Number.isSafeInteger(key[0]) || !Number.isSafeInteger(key[1]))
    throw new AppFailure('invalid_input', 'The cursor is not one this store handed out.', {
      cursor: ['unknown cursor'],
    });
  return key;
}

/**
 * Newest first by (time, seq), keyset-paged. Without text the statement is a
 * named prepared one (its plan does not depend on the values: every filter
 * column has an index ordered by the key). With text it is planned for its
 * words each time: a rare word wants the GIN index, a common one a walk of
 * the newest rows, and only the word's statistics can tell which.
 */
export async function queryPage(
  q: Queryable,
  f: ExchangeFilter,
  page: { limit?: number; cursor?: string | null } = {},
): Promise<ExchangePage> {
  const limit = Math.min(Math.max(1, page.limit ?? 50), MAX_PAGE);
  const p = new Params();
  const source = searchSource(f, p);
  const where = [...source.where, ...filterClauses(f, null, p, 'rows'), ...rangeClauses(timeRange(f), p)];
  if (page.cursor) {
    const [time, seq] = decodeCursor(page.cursor);
    where.push(`(e.time, e.seq) < (${p.add(time)}, ${p.add(seq)})`);
  }
  if (source.nothing) return { items: [], nextCursor: null };
  const text = `SELECT ${SUMMARY_COLS} FROM ${source.from} ${where.length ? 'WHERE ' + where.join(' AND ') : ''}
    ORDER BY e.time DESC, e.seq DESC LIMIT ${p.add(limit + 1)}`;
  const r = await q.query<SummaryRow>(f.text ? { text, values: p.values } : named(text, p.values));
  const more = r.rows.length > limit;
  const items = r.rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items: items.map(toSummary), nextCursor: more && last ? encodeCursor(last.time, last.seq) : null };
}
