import type pg from 'pg';
import type { ExchangeFacets, ExchangeFilter } from '../../../../shared/model/exchange';
import {
  addCount,
  EVENT_TYPE_TOP,
  FACETS_OF,
  filterDimensions,
  formatFacets,
  scanFacets,
  sortedFacet,
  type FacetName,
  type FacetRow,
  type ScannedFacets,
} from '../exchange/facet-scan';
import { timeRange, type Dim, type Range } from '../exchange/query';
import { DAY_MS, FACET_CODES, HOUR_MS } from '../exchange/rollup';
import { Literals, named, Params, type Binder, type Queryable } from './pg-client';
import { filterClauses } from './pg-filters';
import { selectRows } from './pg-query';
import { searchGroups, type SearchDays } from './pg-search';

const MAX_TIME_MS = Math.floor(Number.MAX_SAFE_INTEGER / 1024) - 1;

/**
 * Facet counts with the SQLite store's plan and semantics (store/exchange/facets.ts):
 * the counters table without a time range or text, the hourly buckets plus the
 * edge hours for a range alone, the daily combinations plus the edge days for a
 * range with filters, one pass over the matching rows for a search. The passes
 * are a flat GROUP BY folded here (faster than GROUPING SETS, which cannot run in parallel).
 */

const FACETS: { key: Exclude<keyof ExchangeFacets, 'total'>; dim: Dim; expr: string; extra?: string; top?: number }[] =
  [
    { key: 'outcome', dim: 'outcome', expr: 'outcome' },
    { key: 'kind', dim: 'kind', expr: "CASE kind WHEN 0 THEN 'delivery' ELSE 'capture' END" },
    { key: 'statusClass', dim: 'status', expr: "CASE WHEN status = 0 THEN 'none' ELSE (status / 100) || 'xx' END" },
    { key: 'eventType', dim: 'eventType', expr: 'event_type', top: EVENT_TYPE_TOP },
    { key: 'subscription', dim: 'source', expr: 'source_id', extra: 'kind = 0' },
    { key: 'inbox', dim: 'source', expr: 'source_id', extra: 'kind = 1' },
  ];

export async function facets(q: Queryable, days: SearchDays, f: ExchangeFilter): Promise<ExchangeFacets> {
  const r = timeRange(f);
  if (f.text) return facetsFromRange(q, days, f, r);
  if (r.fromMs === undefined && r.toMs === undefined) return facetsFromRollup(q, f);
  return filterDimensions(f).length ? facetsFromDays(q, days, f, r) : facetsFromHours(q, days, r);
}

/** Every facet from the counters in one statement: one branch per facet, each under the other facets' filters. */
async function facetsFromRollup(q: Queryable, f: ExchangeFilter): Promise<ExchangeFacets> {
  const p = new Params();
  const branch = (code: number, expr: string, skip: Dim | null, extra?: string) => {
    const where = filterClauses(f, skip, p, 'rollup');
    if (extra) where.push(extra);
    return `SELECT ${code} AS facet, ${expr} AS v, sum(n) AS n FROM exchange_rollup
      ${where.length ? 'WHERE ' + where.join(' AND ') : ''} GROUP BY 2`;
  };
  const sql = [
    ...FACETS.map((facet, i) => branch(i, facet.expr, facet.dim, facet.extra)),
    branch(-1, "'all'", null),
  ].join(' UNION ALL ');
  const rows = await q.query<{ facet: number; v: string; n: number }>(named(sql, p.values));
  const counts = FACETS.map(() => new Map<string, number>());
  let total = 0;
  for (const { facet, v, n } of rows.rows) {
    if (n <= 0) continue;
    if (facet === -1) total += n;
    else counts[facet]!.set(String(v), n);
  }
  const result = { total } as ExchangeFacets;
  FACETS.forEach((facet, i) => (result[facet.key] = sortedFacet(counts[i]!, facet.top)));
  return result;
}

/**
 * One pass over the rows in a range (or matching a search), grouped in SQL and
 * counted per facet here. The range is written in as literals: the statement
 * is planned for it, on the partitions it covers.
 */
async function scanRange(q: Queryable, days: SearchDays, f: ExchangeFilter, r: Range): Promise<ScannedFacets> {
  const scope: ExchangeFilter = {
    from: r.fromMs !== undefined ? new Date(r.fromMs).toISOString() : undefined,
    to: r.toMs !== undefined ? new Date(r.toMs).toISOString() : undefined,
  };
  if (f.text) return scanFacets((await searchGroups(q, days, { ...scope, text: f.text })) as FacetRow[], f);
  const cols = 'e.kind, e.source_id, e.event_type, e.outcome, e.status, e.status_class';
  const sql = `SELECT kind, source_id, event_type, outcome, status, status_class, count(*) AS n
    FROM (${selectRows(scope, new Literals(), cols)}) e GROUP BY 1, 2, 3, 4, 5, 6`;
  const result = await q.query({ text: sql, rowMode: 'array' });
  return scanFacets(result.rows as FacetRow[], f);
}

async function facetsFromRange(q: Queryable, days: SearchDays, f: ExchangeFilter, r: Range): Promise<ExchangeFacets> {
  const { total, counts } = await scanRange(q, days, f, r);
  return formatFacets(total, counts);
}

/** A time range alone: whole hours from the hourly buckets, the partial hours at its edges from their rows. */
async function facetsFromHours(q: Queryable, days: SearchDays, r: Range): Promise<ExchangeFacets> {
  const fromMs = r.fromMs ?? 0;
  const toMs = r.toMs ?? MAX_TIME_MS;
  const firstHour = Math.ceil(fromMs / HOUR_MS);
  const endHour = Math.floor(toMs / HOUR_MS);
  if (endHour - firstHour < 1) return facetsFromRange(q, days, {}, r);
  const [head, buckets, tail] = await Promise.all([
    scanRange(q, days, {}, { fromMs, toMs: firstHour * HOUR_MS }),
    q.query<{ facet: number; value: string; n: number }>(
      named(
        `SELECT facet, value, sum(n) AS n FROM exchange_facet_hour WHERE hour >= $1 AND hour < $2 GROUP BY facet, value`,
        [firstHour, endHour],
      ),
    ),
    r.toMs !== undefined ? scanRange(q, days, {}, { fromMs: endHour * HOUR_MS, toMs }) : null,
  ]);
  const counts = head.counts;
  const byCode = Object.keys(FACET_CODES).map((name) => counts[name as FacetName]);
  for (const { facet, value, n } of buckets.rows) addCount(byCode[facet]!, value, n);
  if (tail)
    for (const name of Object.keys(counts) as FacetName[])
      for (const [value, n] of tail.counts[name]) addCount(counts[name], value, n);
  return formatFacets(
    [...counts.kind.values()].reduce((a, b) => a + b, 0),
    counts,
  );
}

/** As in the SQLite store: with one filter the rows matching it, with k filters those failing at most one. */
function countable(f: ExchangeFilter, p: Binder, table: 'rows' | 'rollup'): string[] {
  const dims = filterDimensions(f);
  if (dims.length === 1) return filterClauses(f, null, p, table);
  const terms = dims.map(
    ({ filter }) => `CASE WHEN ${filterClauses(filter, null, p, table).join(' AND ')} THEN 1 ELSE 0 END`,
  );
  return [`${terms.join(' + ')} >= ${p.add(dims.length - 1)}`];
}

const rowsOf = async (q: Queryable, config: pg.QueryConfig) =>
  (await q.query({ ...config, rowMode: 'array' })).rows as FacetRow[];

/**
 * A range with filters: its whole UTC days from the daily combinations, summed
 * over the days in SQL; its partial edge days from their rows, planned for
 * their bounds. With one filter, that filter's facet is the range's unfiltered one.
 */
async function facetsFromDays(q: Queryable, days: SearchDays, f: ExchangeFilter, r: Range): Promise<ExchangeFacets> {
  const dims = filterDimensions(f);
  const firstDay = Math.ceil((r.fromMs ?? 0) / DAY_MS);
  const endDay = Math.floor((r.toMs ?? MAX_TIME_MS) / DAY_MS);
  const reads: Promise<FacetRow[]>[] = [];
  const edges: Range[] = [];
  if (endDay > firstDay) {
    const p = new Params();
    const where = [`day >= ${p.add(firstDay)}`, `day < ${p.add(endDay)}`, 'n > 0', ...countable(f, p, 'rollup')];
    const sql = `SELECT kind, source_id, event_type, outcome, status, status / 100, sum(n) FROM exchange_facet_day
      WHERE ${where.join(' AND ')} GROUP BY 1, 2, 3, 4, 5`;
    reads.push(rowsOf(q, named(sql, p.values)));
    if (r.fromMs !== undefined && r.fromMs < firstDay * DAY_MS)
      edges.push({ fromMs: r.fromMs, toMs: firstDay * DAY_MS });
    if (r.toMs === undefined || r.toMs > endDay * DAY_MS) edges.push({ fromMs: endDay * DAY_MS, toMs: r.toMs });
  } else edges.push(r);
  for (const edge of edges) {
    const l = new Literals();
    const where = countable(f, l, 'rows');
    if (edge.fromMs !== undefined) where.push(`e.time >= ${l.add(edge.fromMs)}`);
    if (edge.toMs !== undefined) where.push(`e.time < ${l.add(edge.toMs)}`);
    const sql = `SELECT kind, source_id, event_type, outcome, status, status_class, count(*) FROM exchange e
      WHERE ${where.join(' AND ')} GROUP BY 1, 2, 3, 4, 5, 6`;
    reads.push(rowsOf(q, { text: sql }));
  }
  const [unfiltered, ...parts] = await Promise.all([dims.length === 1 ? facetsFromHours(q, days, r) : null, ...reads]);
  const { total, counts } = scanFacets(parts.flat(), f);
  const result = formatFacets(total, counts);
  if (unfiltered) for (const name of FACETS_OF[dims[0]!.dim]) result[name] = unfiltered[name];
  return result;
}
