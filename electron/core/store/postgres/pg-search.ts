import { AppFailure } from '../../../../shared/api/result';
import type { ExchangeFilter } from '../../../../shared/model/exchange';
import { hasDimensionFilter, timeRange } from '../exchange/query';
import { tsqueryLiteral } from '../search/pg-text-search';
import { Literals, named, type Queryable } from './pg-client';
import { DAY_MS, dayOf } from './pg-partitions';
import { filterClauses } from './pg-filters';
import { SUMMARY_COLS, type SummaryRow } from './pg-read-rows';

/**
 * Full-text search, one day per subquery. Asked over every day partition at
 * once, PostgreSQL planned a rare word as a walk of each day's newest rows (3–4 s
 * at 1M rows: it expects the LIMIT to be met early); raising the statistics
 * target until it chose the GIN index made planning the cost instead (10,000:
 * 150+ ms a search; 1,000: 0.4 ms a day; the default: 0.05 ms a day, measured).
 * Asked one day at a time, each day's plan is right by its own statistics (a
 * walk for a common word, the GIN index for a rare one) and cheap to make, and
 * the search stops as soon as the page is full: the newest day first, then a
 * week, then the rest.
 */

/**
 * The days worth searching, newest first: those the hourly counters say hold
 * rows, plus yesterday onwards (a new day's first rows must never be missed).
 * Re-read at most every few seconds; this node's writer adds the days it
 * writes to at once, another node's import of an old day shows within seconds.
 */
export class SearchDays {
  private days: number[] | null = null;
  private readAt = 0;
  constructor(private readonly maxAgeMs = 5_000) {}
  async list(q: Queryable, now = Date.now()): Promise<number[]> {
    if (!this.days || now - this.readAt > this.maxAgeMs) {
      const r = await q.query<{ day: number }>(
        named('SELECT DISTINCT hour / 24 AS day FROM exchange_facet_hour WHERE facet = 1 AND n > 0'),
      );
      this.days = r.rows.map((row) => row.day);
      this.readAt = now;
    }
    const recent = dayOf(now) - 1;
    const all = new Set([...this.days, recent, recent + 1, recent + 2]);
    return [...all].sort((a, b) => b - a);
  }
  /** Days this node just wrote to. */
  add(days: Iterable<number>): void {
    if (!this.days) return;
    for (const d of days) if (!this.days.includes(d)) this.days.push(d);
  }
}

const WINDOWS = [1, 7];

function compileText(f: ExchangeFilter, l: Literals): string | null {
  const compiled = tsqueryLiteral(f.text ?? '');
  if (!compiled)
    throw new AppFailure('invalid_input', 'Search text needs at least one letter or digit.', {
      text: ['no searchable words'],
    });
  return 'nothing' in compiled ? null : `${l.add(compiled.tsquery)}::tsquery`;
}

/** The matching rows of one day, as `cols` of `exchange e`; the fence keeps the join a lookup per match. */
function dayRows(
  f: ExchangeFilter,
  l: Literals,
  day: number,
  tsquery: string,
  cols: string,
  before?: [number, number],
) {
  const r = timeRange(f);
  const from = Math.max(day * DAY_MS, r.fromMs ?? 0);
  const to = Math.min((day + 1) * DAY_MS, r.toMs ?? Number.MAX_SAFE_INTEGER);
  const matches = [`m.tsv @@ ${tsquery}`, `m.time >= ${l.add(from)}`, `m.time < ${l.add(to)}`];
  if (before) matches.push(`(m.time, m.seq) < (${l.add(before[0])}, ${l.add(before[1])})`);
  const filters = filterClauses(f, null, l, 'rows');
  return `SELECT e.* FROM exchange_content m CROSS JOIN LATERAL (
      SELECT ${cols} FROM exchange e WHERE e.time = m.time AND e.seq = m.seq
        AND e.time >= ${l.add(day * DAY_MS)} AND e.time < ${l.add((day + 1) * DAY_MS)}
        ${filters.map((c) => `AND ${c}`).join(' ')} OFFSET 0) e
    WHERE ${matches.join(' AND ')}`;
}

/** The days a search must read, newest first, within its range and before its cursor. */
async function daysToSearch(q: Queryable, days: SearchDays, f: ExchangeFilter, before?: [number, number]) {
  const r = timeRange(f);
  const top = Math.min(r.toMs ?? Number.MAX_SAFE_INTEGER, before ? before[0] + 1 : Number.MAX_SAFE_INTEGER);
  const bottom = r.fromMs ?? 0;
  return (await days.list(q)).filter((d) => (d + 1) * DAY_MS > bottom && d * DAY_MS < top);
}

/** A day's matching keys alone (no filter to apply): one small table to plan per day. */
function dayKeys(f: ExchangeFilter, l: Literals, day: number, tsquery: string, before?: [number, number]) {
  const r = timeRange(f);
  const where = [
    `m.tsv @@ ${tsquery}`,
    `m.time >= ${l.add(Math.max(day * DAY_MS, r.fromMs ?? 0))}`,
    `m.time < ${l.add(Math.min((day + 1) * DAY_MS, r.toMs ?? Number.MAX_SAFE_INTEGER))}`,
  ];
  if (before) where.push(`(m.time, m.seq) < (${l.add(before[0])}, ${l.add(before[1])})`);
  return `SELECT m.time, m.seq FROM exchange_content m WHERE ${where.join(' AND ')}`;
}

const SUMMARIES_BY_KEY = `SELECT ${SUMMARY_COLS} FROM exchange e WHERE e.time = ANY($1::int8[]) AND e.seq = ANY($2::int8[])
  ORDER BY e.time DESC, e.seq DESC`;

export async function searchPage(
  q: Queryable,
  days: SearchDays,
  f: ExchangeFilter,
  want: number,
  before?: [number, number],
): Promise<SummaryRow[]> {
  const l = new Literals();
  const tsquery = compileText(f, l);
  if (!tsquery) return [];
  const todo = await daysToSearch(q, days, f, before);
  const filtered = hasDimensionFilter(f);
  const found: SummaryRow[] = [];
  const keys: [number, number][] = [];
  for (let w = 0, at = 0; at < todo.length && found.length + keys.length < want; w++) {
    const size = WINDOWS[w] ?? todo.length;
    const window = todo.slice(at, at + size);
    at += size;
    const need = want - found.length - keys.length;
    // With filters, each day joins its matches to their summaries to filter them; without, keys suffice.
    const parts = window.map((day) =>
      filtered
        ? `(${dayRows(f, l, day, tsquery, SUMMARY_COLS, before)} ORDER BY m.time DESC, m.seq DESC LIMIT ${need})`
        : `(${dayKeys(f, l, day, tsquery, before)} ORDER BY m.time DESC, m.seq DESC LIMIT ${need})`,
    );
    // No LIMIT over the union: under one, PostgreSQL plans every day for its first few rows (a walk, again).
    const rows = (await q.query<SummaryRow>(parts.join(' UNION ALL '))).rows;
    rows.sort((a, b) => b.time - a.time || b.seq - a.seq);
    if (filtered) found.push(...rows.slice(0, need));
    else keys.push(...rows.slice(0, need).map((k): [number, number] => [k.time, k.seq]));
  }
  if (!keys.length) return found;
  const rows = await q.query<SummaryRow>(named(SUMMARIES_BY_KEY, [keys.map((k) => k[0]), keys.map((k) => k[1])]));
  return rows.rows;
}

/** Every match's facet columns, grouped: for facet counts under a search. */
export async function searchGroups(q: Queryable, days: SearchDays, f: ExchangeFilter): Promise<unknown[][]> {
  const l = new Literals();
  const tsquery = compileText(f, l);
  if (!tsquery) return [];
  const todo = await daysToSearch(q, days, f);
  if (!todo.length) return [];
  const cols = 'e.kind, e.source_id, e.event_type, e.outcome, e.status, e.status_class';
  const unfiltered: ExchangeFilter = { text: f.text, from: f.from, to: f.to };
  const parts = todo.map((day) => dayRows(unfiltered, l, day, tsquery, cols));
  const sql = `SELECT kind, source_id, event_type, outcome, status, status_class, count(*) AS n
    FROM (${parts.join(' UNION ALL ')}) e GROUP BY 1, 2, 3, 4, 5, 6`;
  return (await q.query({ text: sql, rowMode: 'array' })).rows as unknown[][];
}
