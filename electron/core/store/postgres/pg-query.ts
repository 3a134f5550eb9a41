import { AppFailure } from '../../../../shared/api/result';
import type { ExchangeFilter, ExchangePage } from '../../../../shared/model/exchange';
import { MAX_PAGE, timeRange } from '../exchange/query';
import { named, Params, type Binder, type Queryable } from './pg-client';
import { filterClauses } from './pg-filters';
import { SUMMARY_COLS, toSummary, type SummaryRow } from './pg-read-rows';
import { searchPage, type SearchDays } from './pg-search';

/** The summary rows a filter without text selects, with `cols` of `exchange e`, optionally before a key. */
export function selectRows(f: ExchangeFilter, p: Binder, cols: string, before?: [time: number, seq: number]): string {
  const r = timeRange(f);
  const where = filterClauses(f, null, p, 'rows');
  if (r.fromMs !== undefined) where.push(`e.time >= ${p.add(r.fromMs)}`);
  if (r.toMs !== undefined) where.push(`e.time < ${p.add(r.toMs)}`);
  if (before) where.push(`(e.time, e.seq) < (${p.add(before[0])}, ${p.add(before[1])})`);
  return `SELECT ${cols} FROM exchange e ${where.length ? 'WHERE ' + where.join(' AND ') : ''}`;
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
 * Newest first by (time, seq), keyset-paged. Without text: one named
 * statement, its generic plan good for any value (every filter column has an
 * index in key order) and pruned to the partitions its bounds reach when it
 * runs. With text: a search, day by day (pg-search.ts).
 */
export async function queryPage(
  q: Queryable,
  days: SearchDays,
  f: ExchangeFilter,
  page: { limit?: number; cursor?: string | null } = {},
): Promise<ExchangePage> {
  const limit = Math.min(Math.max(1, page.limit ?? 50), MAX_PAGE);
  const before = page.cursor ? decodeCursor(page.cursor) : undefined;
  let rows: SummaryRow[];
  if (f.text) rows = await searchPage(q, days, f, limit + 1, before);
  else {
    const p = new Params();
    const sql = `${selectRows(f, p, SUMMARY_COLS, before)} ORDER BY e.time DESC, e.seq DESC LIMIT ${limit + 1}`;
    rows = (await q.query<SummaryRow>(named(sql, p.values))).rows;
  }
  const more = rows.length > limit;
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items: items.map(toSummary), nextCursor: more && last ? encodeCursor(last.time, last.seq) : null };
}
