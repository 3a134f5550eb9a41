import type { ExchangeFacets, ExchangeFilter } from '../../../../shared/model/exchange';
import type { ExchangeRows } from './exchange-rows';
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
} from './facet-scan';
import { compile, qualify, rangeClauses, source, timeRange, type Clauses, type Dim, type Range } from './query';
import { DAY_MS, FACET_CODES, HOUR_MS } from './rollup';
import { SEQ_PER_MS } from './schema';

/** Past any time a row can hold (exchange-rows.ts refuses later ones). */
const MAX_TIME_MS = Math.floor(Number.MAX_SAFE_INTEGER / SEQ_PER_MS) - 1;

const FACETS: { key: Exclude<keyof ExchangeFacets, 'total'>; dim: Dim; expr: string; extra?: string; top?: number }[] =
  [
    { key: 'outcome', dim: 'outcome', expr: 'outcome' },
    { key: 'kind', dim: 'kind', expr: "CASE kind WHEN 0 THEN 'delivery' ELSE 'capture' END" },
    { key: 'statusClass', dim: 'status', expr: "CASE WHEN status = 0 THEN 'none' ELSE (status / 100) || 'xx' END" },
    { key: 'eventType', dim: 'eventType', expr: 'event_type', top: EVENT_TYPE_TOP },
    { key: 'subscription', dim: 'source', expr: 'source_id', extra: 'kind = 0' },
    { key: 'inbox', dim: 'source', expr: 'source_id', extra: 'kind = 1' },
  ];

/**
 * Facet counts, each counting the rows that pass every filter but its own,
 * from whichever maintained counts answer the question:
 * - no time range, no text: the combinations without time (`exchange_rollup`);
 * - a time range alone: the hourly buckets, the partial edge hours from rows;
 * - a time range and filters: the daily combinations, the partial edge days from rows;
 * - a search: one pass over the rows it matches.
 */
export function exchangeFacets(table: ExchangeRows, f: ExchangeFilter): ExchangeFacets {
  const r = timeRange(f);
  if (f.text) return facetsFromRange(table, f, r);
  if (r.fromMs === undefined && r.toMs === undefined) return facetsFromRollup(table, f);
  return filterDimensions(f).length ? facetsFromDays(table, f, r) : facetsFromHours(table, r);
}

function facetsFromRollup(table: ExchangeRows, f: ExchangeFilter): ExchangeFacets {
  const count = (expr: string, skip: Dim | null, extra?: string): Map<string, number> => {
    const totals = new Map<string, number>();
    const c = compile(f, skip, 'rollup');
    if (extra) c.where.push(extra);
    const sql = `SELECT ${expr} AS v, sum(n) FROM exchange_rollup
      ${c.where.length ? 'WHERE ' + c.where.join(' AND ') : ''} GROUP BY v`;
    for (const [value, n] of table.stmts.get(sql, true).all(...c.params) as [unknown, number][]) {
      if (n > 0) totals.set(String(value), n);
    }
    return totals;
  };
  const result = { total: 0 } as ExchangeFacets;
  for (const facet of FACETS) result[facet.key] = sortedFacet(count(facet.expr, facet.dim, facet.extra), facet.top);
  result.total = [...count("'all'", null).values()].reduce((a, b) => a + b, 0);
  return result;
}

/**
 * The rows that can count anywhere: with one filter, those matching it; with
 * k filters, those failing at most one (a row failing two counts in no facet).
 * `scanFacets` then applies the exact semantics; this only spares reading the rest.
 */
function countable(f: ExchangeFilter, col: 'status' | 'rollup'): Clauses {
  const dims = filterDimensions(f);
  const q = (c: Clauses) => (col === 'status' ? { where: c.where.map(qualify), params: c.params } : c);
  if (dims.length === 1) return q(compile(f, null, col));
  const params: unknown[] = [];
  const terms = dims.map(({ filter }) => {
    const c = q(compile(filter, null, col));
    params.push(...c.params);
    return `CASE WHEN ${c.where.join(' AND ')} THEN 1 ELSE 0 END`;
  });
  return { where: [`${terms.join(' + ')} >= ?`], params: [...params, dims.length - 1] };
}

/** One statement's rows after another's, each statement started only once the previous one is read. */
function* chain<T>(parts: (() => Iterable<T>)[]): Iterable<T> {
  for (const part of parts) yield* part();
}

/**
 * A time range with filters: its whole UTC days from their combinations
 * (`exchange_facet_day`, a few thousand per day whatever the traffic), its
 * partial edge days from their rows. With one filter, that filter's own facet
 * is the range's unfiltered one (hourly buckets) and the rest need only the
 * matching rows, which the filter's index finds in the edges.
 */
function facetsFromDays(table: ExchangeRows, f: ExchangeFilter, r: Range): ExchangeFacets {
  const firstDay = Math.ceil((r.fromMs ?? 0) / DAY_MS);
  const endDay = Math.floor((r.toMs ?? MAX_TIME_MS) / DAY_MS);
  const parts: (() => Iterable<FacetRow>)[] = [];
  const edges: Range[] = [];
  if (endDay > firstDay) {
    const d = countable(f, 'rollup');
    const sql = `SELECT kind, source_id, event_type, outcome, status, status / 100, n FROM exchange_facet_day
      WHERE day >= ? AND day < ? AND n > 0 AND ${d.where.join(' AND ')}`;
    parts.push(() => table.stmts.get(sql, true).all(firstDay, endDay, ...d.params) as FacetRow[]);
    if (r.fromMs !== undefined && r.fromMs < firstDay * DAY_MS)
      edges.push({ fromMs: r.fromMs, toMs: firstDay * DAY_MS });
    if (r.toMs === undefined || r.toMs > endDay * DAY_MS) edges.push({ fromMs: endDay * DAY_MS, toMs: r.toMs });
  } else edges.push(r);
  const e = countable(f, 'status');
  for (const edge of edges) {
    const c: Clauses = { where: [...e.where], params: [...e.params] };
    rangeClauses(edge, 'e.seq', c);
    const sql = `SELECT e.kind, e.source_id, e.event_type, e.outcome, e.status, e.status_class FROM exchange e
      WHERE ${c.where.join(' AND ')}`;
    parts.push(() => table.stmts.get(sql, true).iterate(...c.params) as Iterable<FacetRow>);
  }
  const { total, counts } = scanFacets(chain(parts), f);
  const result = formatFacets(total, counts);
  const dims = filterDimensions(f);
  if (dims.length === 1) {
    const unfiltered = facetsFromHours(table, r);
    for (const name of FACETS_OF[dims[0]!.dim]) result[name] = unfiltered[name];
  }
  return result;
}

/**
 * A time range alone: the whole hours inside it come from the hourly buckets,
 * the partial hours at its edges from their rows (at most two hours' worth).
 */
function facetsFromHours(table: ExchangeRows, r: Range): ExchangeFacets {
  const fromMs = r.fromMs ?? 0;
  const toMs = r.toMs ?? MAX_TIME_MS;
  const firstHour = Math.ceil(fromMs / HOUR_MS);
  const endHour = Math.floor(toMs / HOUR_MS);
  if (endHour - firstHour < 1) return facetsFromRange(table, {}, r);

  const counts: ScannedFacets['counts'] = scanRange(table, {}, { fromMs, toMs: firstHour * HOUR_MS }).counts;
  const byCode = Object.keys(FACET_CODES).map((name) => counts[name as FacetName]);
  const buckets = table.stmts
    .get(
      'SELECT facet, value, sum(n) FROM exchange_facet_hour WHERE hour >= ? AND hour < ? GROUP BY facet, value',
      true,
    )
    .all(firstHour, endHour) as [number, string, number][];
  for (const [facet, value, n] of buckets) addCount(byCode[facet]!, value, n);
  if (r.toMs !== undefined) {
    const tail = scanRange(table, {}, { fromMs: endHour * HOUR_MS, toMs }).counts;
    for (const name of Object.keys(counts) as FacetName[])
      for (const [value, n] of tail[name]) addCount(counts[name], value, n);
  }
  return formatFacets(
    [...counts.kind.values()].reduce((a, b) => a + b, 0),
    counts,
  );
}

/** A time range or a search: read the rows in it once and count every facet in that pass. */
function scanRange(table: ExchangeRows, f: ExchangeFilter, r: Range): ScannedFacets {
  const c: Clauses = { where: [], params: [] };
  const { from, seqCol } = source(f, c);
  rangeClauses(r, seqCol, c);
  const sql = `SELECT e.kind, e.source_id, e.event_type, e.outcome, e.status, e.status_class FROM ${from} ${c.where.length ? 'WHERE ' + c.where.join(' AND ') : ''}`;
  return scanFacets(table.stmts.get(sql, true).iterate(...c.params) as Iterable<FacetRow>, f);
}

function facetsFromRange(table: ExchangeRows, f: ExchangeFilter, r: Range): ExchangeFacets {
  const { total, counts } = scanRange(table, f, r);
  return formatFacets(total, counts);
}
