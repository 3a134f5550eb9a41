import type {
  ExchangeSummary,
  FacetCount,
  ExchangeFacets,
  ExchangeFilter,
  ExchangePage,
} from '../../../../shared/model/exchange';
import { AppFailure } from '../../../../shared/api/result';
import { searchTerms, searchTextProblem } from '../../../../shared/validate/search-text';
import { SEQ_PER_MS } from './schema';
import { toMs, type ExchangeRows } from './exchange-rows';
import { scanFacets, type FacetRow, type ScannedFacets } from './facet-scan';
import { FACET_CODES, HOUR_MS, type FacetName } from './rollup';

export const MAX_PAGE = 500;
export const EVENT_TYPE_TOP = 20;

export type Dim = 'kind' | 'source' | 'eventType' | 'outcome' | 'status';
interface Clauses {
  where: string[];
  params: unknown[];
}

/**
 * Column names are the same in `exchange` and `exchange_rollup` except where
 * the rollup stores '' / 0 for "none"; filters never ask for those, so one
 * compiler serves both tables.
 */
function compile(f: ExchangeFilter, skip: Dim | null, statusCol: 'status' | 'rollup'): Clauses {
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
const qualify = (clause: string): string =>
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
function rangeClauses(r: Range, seqCol: string, c: Clauses): void {
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

/** FROM clause: FTS drives the scan (newest rowid first) when there is text, else the summary table. */
function source(f: ExchangeFilter, c: Clauses): { from: string; seqCol: string } {
  const match = f.text ? ftsQuery(f.text) : null;
  if (f.text && !match) {
    const problem = searchTextProblem(f.text)!;
    throw new AppFailure('invalid_input', `${problem}.`, { text: [problem] });
  }
  if (!match) return { from: 'exchange e', seqCol: 'e.seq' };
  c.where.unshift('exchange_fts MATCH ?');
  c.params.unshift(match);
  return { from: 'exchange_fts f CROSS JOIN exchange e ON e.seq = f.rowid', seqCol: 'f.rowid' };
}

export function queryExchanges(
  table: ExchangeRows,
  f: ExchangeFilter,
  page: { limit?: number; cursor?: string | null } = {},
): ExchangePage {
  const limit = Math.min(Math.max(1, page.limit ?? 50), MAX_PAGE);
  const c = compile(f, null, 'status');
  c.where = c.where.map(qualify);
  const { from, seqCol } = source(f, c);
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

const FACETS: { key: Exclude<keyof ExchangeFacets, 'total'>; dim: Dim; expr: string; extra?: string; top?: number }[] =
  [
    { key: 'outcome', dim: 'outcome', expr: 'outcome' },
    { key: 'kind', dim: 'kind', expr: "CASE kind WHEN 0 THEN 'delivery' ELSE 'capture' END" },
    {
      key: 'statusClass',
      dim: 'status',
      expr: "CASE WHEN coalesce(status, 0) = 0 THEN 'none' ELSE (status / 100) || 'xx' END",
    },
    { key: 'eventType', dim: 'eventType', expr: "coalesce(event_type, '')", top: EVENT_TYPE_TOP },
    { key: 'subscription', dim: 'source', expr: 'source_id', extra: 'kind = 0' },
    { key: 'inbox', dim: 'source', expr: 'source_id', extra: 'kind = 1' },
  ];

/**
 * Without time range or text, facets come from the maintained rollup (a few
 * thousand rows at most); otherwise one scan counts the rows in range, which the
 * time-ordered key keeps to a primary-key range scan.
 */
export function exchangeFacets(table: ExchangeRows, f: ExchangeFilter): ExchangeFacets {
  const r = timeRange(f);
  const useRollup = !f.text && r.fromMs === undefined && r.toMs === undefined;
  if (!useRollup) {
    if (f.text) return facetsFromRange(table, f, r);
    if (!hasDimensionFilter(f)) return facetsFromHours(table, r);
    const sole = soleDimension(f);
    return sole ? facetsFromHoursAndIndex(table, f, r, sole) : facetsFromRange(table, f, r);
  }

  const count = (expr: string, skip: Dim | null, extra?: string): Map<string, number> => {
    const totals = new Map<string, number>();
    const c = compile(f, skip, 'rollup');
    if (extra) c.where.push(extra);
    const sql = `SELECT ${expr.replaceAll('coalesce(status, 0)', 'status')} AS v, sum(n) FROM exchange_rollup
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

export const sortedFacet = (m: Map<string, number>, top?: number): FacetCount[] => {
  const list = [...m]
    .map(([value, n]) => ({ value, count: n }))
    .sort((a, b) => b.count - a.count || a.value.localeCompare(b.value));
  return top ? list.slice(0, top) : list;
};

/** The filtered dimension when exactly one is filtered (a subscription and an inbox are both 'source'). */
export function soleDimension(f: ExchangeFilter): Dim | null {
  const dims: Dim[] = [];
  if (f.kind !== undefined) dims.push('kind');
  if (f.subscriptionId !== undefined || f.inboxId !== undefined) dims.push('source');
  if (f.eventType !== undefined) dims.push('eventType');
  if (f.outcome !== undefined) dims.push('outcome');
  if (f.status !== undefined || f.statusClass !== undefined) dims.push('status');
  return dims.length === 1 ? dims[0]! : null;
}

export const FACETS_OF: Record<Dim, FacetName[]> = {
  kind: ['kind'],
  source: ['subscription', 'inbox'],
  eventType: ['eventType'],
  outcome: ['outcome'],
  status: ['statusClass'],
};

/**
 * A time range and one filter (say, the last 7 days' failures): each facet
 * counts the rows passing every filter but its own, so the filtered
 * dimension's facet is the range's unfiltered one (hourly buckets), and every
 * other facet needs only the rows that match the filter, which its index
 * finds without reading the rest of the range.
 */
function facetsFromHoursAndIndex(table: ExchangeRows, f: ExchangeFilter, r: Range, dim: Dim): ExchangeFacets {
  const c = compile(f, null, 'status');
  c.where = c.where.map(qualify);
  rangeClauses(r, 'e.seq', c);
  const sql = `SELECT e.kind, e.source_id, e.event_type, e.outcome, e.status, e.status_class FROM exchange e WHERE ${c.where.join(' AND ')}`;
  const { total, counts } = scanFacets(table.stmts.get(sql, true).iterate(...c.params) as Iterable<FacetRow>, f);
  const result = formatFacets(total, counts);
  const unfiltered = facetsFromHours(table, r);
  for (const name of FACETS_OF[dim]) result[name] = unfiltered[name];
  return result;
}

export const hasDimensionFilter = (f: ExchangeFilter): boolean =>
  [f.kind, f.subscriptionId, f.inboxId, f.eventType, f.outcome, f.status, f.statusClass].some((v) => v !== undefined);

/**
 * A time range alone: the whole hours inside it come from the hourly buckets,
 * the partial hours at its edges from their rows (at most two hours' worth).
 */
function facetsFromHours(table: ExchangeRows, r: Range): ExchangeFacets {
  const fromMs = r.fromMs ?? 0;
  const toMs = r.toMs ?? Math.floor(Number.MAX_SAFE_INTEGER / SEQ_PER_MS) - 1;
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

export const addCount = (m: Map<string, number>, value: string, n: number) => {
  const next = (m.get(value) ?? 0) + n;
  if (next > 0) m.set(value, next);
  else m.delete(value);
};

export const formatFacets = (total: number, counts: ScannedFacets['counts']): ExchangeFacets => ({
  total,
  outcome: sortedFacet(counts.outcome),
  kind: sortedFacet(counts.kind),
  statusClass: sortedFacet(counts.statusClass),
  eventType: sortedFacet(counts.eventType, EVENT_TYPE_TOP),
  subscription: sortedFacet(counts.subscription),
  inbox: sortedFacet(counts.inbox),
});

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
