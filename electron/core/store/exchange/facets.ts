import type { ExchangeFacets, ExchangeFilter } from '../../../../shared/model/exchange';
import type { ExchangeRows } from './exchange-rows';
import {
  addCount,
  FACETS_OF,
  filterDimensions,
  formatFacets,
  scanFacets,
  type FacetName,
  type FacetRow,
  type ScannedFacets,
} from './facet-scan';
import { compile, qualify, rangeClauses, source, timeRange, type Clauses, type Dim, type Range } from './query';
import { DAY_MS, FACET_CODES, HOUR_MS } from './rollup';
import { SEQ_PER_MS } from './schema';

/** Past any time a row can hold (exchange-rows.ts refuses later ones). */
const MAX_TIME_MS = Math.floor(Number.MAX_SAFE_INTEGER / SEQ_PER_MS) - 1;

const FACETS: { key: FacetName; dim: Dim; expr: string; extra?: string }[] = [
  { key: 'outcome', dim: 'outcome', expr: 'outcome' },
  { key: 'kind', dim: 'kind', expr: "CASE kind WHEN 0 THEN 'delivery' ELSE 'capture' END" },
  { key: 'statusClass', dim: 'status', expr: "CASE WHEN status = 0 THEN 'none' ELSE (status / 100) || 'xx' END" },
  { key: 'eventType', dim: 'eventType', expr: 'event_type' },
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
  if (r.fromMs === undefined && r.toMs === undefined) return rollupFacets(table, f);
  if (!filterDimensions(f).length) return formatFacets(...totalOf(hourCounts(table, r)));
  return facetsFromDays(table, f, r);
}

type Counts = ScannedFacets['counts'];
const FACET_NAMES = FACETS.map((facet) => facet.key);
const totalOf = (counts: Counts): [number, Counts] => [[...counts.kind.values()].reduce((a, b) => a + b, 0), counts];

function mergeCounts(into: Counts, from: Counts, names: FacetName[]): void {
  for (const name of names) for (const [value, n] of from[name]) addCount(into[name], value, n);
}

/** Every facet from the counters without time, one GROUP BY each under every filter but its own. */
function rollupFacets(table: ExchangeRows, f: ExchangeFilter): ExchangeFacets {
  const count = (expr: string, skip: Dim | null, extra?: string): Map<string, number> => {
    const totals = new Map<string, number>();
    const c = compile(f, skip, 'rollup');
    if (extra) c.where.push(extra);
    const sql = `SELECT ${expr} AS v, sum(n) FROM exchange_rollup ${c.where.length ? 'WHERE ' + c.where.join(' AND ') : ''} GROUP BY v`;
    for (const [value, n] of table.stmts.get(sql, true).all(...c.params) as [unknown, number][]) {
      if (n > 0) totals.set(String(value), n);
    }
    return totals;
  };
  const counts = {} as Counts;
  for (const facet of FACETS) counts[facet.key] = count(facet.expr, facet.dim, facet.extra);
  return formatFacets(
    [...count("'all'", null).values()].reduce((a, b) => a + b, 0),
    counts,
  );
}

/**
 * The rows that can count anywhere: with one filter, those matching it; with
 * k filters, those failing at most one (a row failing two counts in no facet).
 * `scanFacets` then applies the exact semantics; this only spares reading the rest.
 */
function countable(f: ExchangeFilter, col: 'status' | 'rollup'): Clauses {
  const dims = filterDimensions(f);
  const qualified = (filter: ExchangeFilter) => {
    const c = compile(filter, null, col);
    return col === 'status' ? { where: c.where.map(qualify), params: c.params } : c;
  };
  if (dims.length === 1) return qualified(f);
  const params: unknown[] = [];
  const terms = dims.map(({ filter }) => {
    const c = qualified(filter);
    params.push(...c.params);
    return `CASE WHEN ${c.where.join(' AND ')} THEN 1 ELSE 0 END`;
  });
  return { where: [`${terms.join(' + ')} >= ?`], params: [...params, dims.length - 1] };
}

/**
 * A time range with filters: its whole UTC days from their combinations
 * (`exchange_facet_day`: thousands a day whatever the traffic), its partial
 * edge days from their rows. With one filter, that filter's own facet is the
 * range's unfiltered one (hourly buckets), and the rest need only the matching
 * combinations and rows (its index finds those in the edges).
 */
function facetsFromDays(table: ExchangeRows, f: ExchangeFilter, r: Range): ExchangeFacets {
  const firstDay = Math.ceil((r.fromMs ?? 0) / DAY_MS);
  const endDay = Math.floor((r.toMs ?? MAX_TIME_MS) / DAY_MS);
  const parts: (() => Iterable<FacetRow>)[] = [];
  const edges: Range[] = [];
  if (endDay > firstDay) {
    const d = countable(f, 'rollup');
    d.where.unshift('day >= ?', 'day < ?', 'n > 0');
    d.params.unshift(firstDay, endDay);
    parts.push(() =>
      asJson(table, 'kind, source_id, event_type, outcome, status, status / 100, n', 'exchange_facet_day', d),
    );
    if (r.fromMs !== undefined && r.fromMs < firstDay * DAY_MS)
      edges.push({ fromMs: r.fromMs, toMs: firstDay * DAY_MS });
    if (r.toMs === undefined || r.toMs > endDay * DAY_MS) edges.push({ fromMs: endDay * DAY_MS, toMs: r.toMs });
  } else edges.push(r);
  const e = countable(f, 'status');
  for (const edge of edges) {
    const c: Clauses = { where: [...e.where], params: [...e.params] };
    rangeClauses(edge, 'e.seq', c);
    parts.push(() =>
      asJson(table, 'e.kind, e.source_id, e.event_type, e.outcome, e.status, e.status_class', 'exchange e', c),
    );
  }
  const { total, counts } = scanFacets(chain(parts), f);
  const dims = filterDimensions(f);
  if (dims.length === 1) {
    const own = FACETS_OF[dims[0]!.dim];
    const unfiltered = hourCounts(table, r, own);
    for (const name of own) counts[name] = unfiltered[name];
  }
  return formatFacets(total, counts);
}

/** Each part read only once the previous one is counted. */
function* chain<T>(parts: (() => Iterable<T>)[]): Iterable<T> {
  for (const part of parts) yield* part();
}

/**
 * The selected rows as one JSON text rather than a row each: the driver hands
 * every value of every row to JavaScript one by one, about 3 µs of CPU a row
 * here, against under 1 µs a row to build and parse the JSON (measured with
 * libsql, the driver before node:sqlite).
 */
function asJson(table: ExchangeRows, cols: string, from: string, c: Clauses): FacetRow[] {
  const sql = `SELECT json_group_array(json_array(${cols})) FROM ${from} WHERE ${c.where.join(' AND ')}`;
  const row = table.stmts.get(sql, true).get(...c.params) as [string];
  return JSON.parse(row[0]) as FacetRow[];
}

/**
 * A time range alone: the whole hours inside it come from the hourly buckets,
 * the partial hours at its edges from their rows (at most two hours' worth).
 * With `only`, the other facets are left incomplete.
 */
function hourCounts(table: ExchangeRows, r: Range, only?: FacetName[]): Counts {
  const fromMs = r.fromMs ?? 0;
  const toMs = r.toMs ?? MAX_TIME_MS;
  const firstHour = Math.ceil(fromMs / HOUR_MS);
  const endHour = Math.floor(toMs / HOUR_MS);
  if (endHour - firstHour < 1) return scanRange(table, {}, r).counts;

  const counts = scanRange(table, {}, { fromMs, toMs: firstHour * HOUR_MS }).counts;
  const byCode = Object.keys(FACET_CODES).map((name) => counts[name as FacetName]);
  // Only the facets asked for: fewer buckets to sort for the GROUP BY (the key leads with the hour).
  const codes = (only ?? FACET_NAMES).map((name) => FACET_CODES[name]);
  const buckets = table.stmts
    .get(
      `SELECT facet, value, sum(n) FROM exchange_facet_hour WHERE hour >= ? AND hour < ? AND facet IN (${codes.join(', ')})
        GROUP BY facet, value`,
      true,
    )
    .all(firstHour, endHour) as [number, string, number][];
  for (const [facet, value, n] of buckets) addCount(byCode[facet]!, value, n);
  if (r.toMs !== undefined)
    mergeCounts(counts, scanRange(table, {}, { fromMs: endHour * HOUR_MS, toMs }).counts, FACET_NAMES);
  return counts;
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
