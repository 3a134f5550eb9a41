import { AppFailure } from '../../../../shared/api/result';
import type { ExchangeFilter } from '../../../../shared/model/exchange';
import { hasDimensionFilter } from '../exchange/facet-scan';
import { timeRange } from '../exchange/query';
import { tsqueryLiteral } from '../search/pg-text-search';
import { Literals, named, Params, type Queryable } from './pg-client';
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

/** Day windows after the newest day, for a word common enough to need them. */
const WINDOWS = [7];
/** Past this many matches over all days a word is too common to fetch them all; days are read a window at a time. */
const RARE_CAP = 2000;

function compileText(f: ExchangeFilter): string | null {
  const compiled = tsqueryLiteral(f.text ?? '');
  if (!compiled)
    throw new AppFailure('invalid_input', 'Search text needs at least one letter or digit.', {
      text: ['no searchable words'],
    });
  return 'nothing' in compiled ? null : compiled.tsquery;
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

type Key = [time: number, seq: number];
const newestFirst = (a: Key, b: Key) => b[0] - a[0] || b[1] - a[1];

/**
 * Every match of the word, all days at once, when there are at most RARE_CAP:
 * one named statement whose generic plan asks each day's GIN index (no
 * ordering, no LIMIT to plan for, nothing to plan per search). Null for a word
 * with more matches: those are read newest day first instead.
 */
async function allMatches(q: Queryable, tsquery: string, f: ExchangeFilter, before?: Key): Promise<Key[] | null> {
  const r = await q.query<{ time: number; seq: number }>(
    named(`SELECT m.time, m.seq FROM exchange_content m WHERE m.tsv @@ $1::tsquery LIMIT ${RARE_CAP + 1}`, [tsquery]),
  );
  if (r.rows.length > RARE_CAP) return null;
  const range = timeRange(f);
  return r.rows
    .map((k): Key => [k.time, k.seq])
    .filter(
      (k) =>
        (range.fromMs === undefined || k[0] >= range.fromMs) &&
        (range.toMs === undefined || k[0] < range.toMs) &&
        (!before || newestFirst(k, before) > 0),
    )
    .sort(newestFirst);
}

/** The summaries of `keys` (newest first) that pass the filters, up to `want`, read in chunks. */
async function summariesOf(q: Queryable, f: ExchangeFilter, keys: Key[], want: number): Promise<SummaryRow[]> {
  const out: SummaryRow[] = [];
  for (let at = 0; at < keys.length && out.length < want; at += 200) {
    const chunk = keys.slice(at, at + 200);
    const p = new Params();
    const where = [
      `e.time = ANY(${p.add(chunk.map((k) => k[0]))}::int8[])`,
      `e.seq = ANY(${p.add(chunk.map((k) => k[1]))}::int8[])`,
      ...filterClauses(f, null, p, 'rows'),
    ];
    const sql = `SELECT ${SUMMARY_COLS} FROM exchange e WHERE ${where.join(' AND ')} ORDER BY e.time DESC, e.seq DESC`;
    out.push(...(await q.query<SummaryRow>(named(sql, p.values))).rows);
  }
  return out.slice(0, want);
}

/**
 * A page of matches, newest first: the newest day planned for the word (a
 * common word fills the page there); then, for a rarer word, every match at
 * once; for a word common in older days, a window of days at a time.
 */
export async function searchPage(
  q: Queryable,
  days: SearchDays,
  f: ExchangeFilter,
  want: number,
  before?: Key,
): Promise<SummaryRow[]> {
  const tsquery = compileText(f);
  if (!tsquery) return [];
  const todo = await daysToSearch(q, days, f, before);
  const filtered = hasDimensionFilter(f);
  const l = new Literals();
  const literal = `${l.add(tsquery)}::tsquery`;
  const found: SummaryRow[] = [];
  const keys: Key[] = [];
  const window = async (list: number[]) => {
    const need = want - found.length - keys.length;
    // With filters, each day joins its matches to their summaries to filter them; without, keys suffice.
    const parts = list.map((day) =>
      filtered
        ? `(${dayRows(f, l, day, literal, SUMMARY_COLS, before)} ORDER BY m.time DESC, m.seq DESC LIMIT ${need})`
        : `(${dayKeys(f, l, day, literal, before)} ORDER BY m.time DESC, m.seq DESC LIMIT ${need})`,
    );
    // No LIMIT over the union: under one, PostgreSQL plans every day for its first few rows (a walk, again).
    const rows = (await q.query<SummaryRow>(parts.join(' UNION ALL '))).rows;
    rows.sort((a, b) => b.time - a.time || b.seq - a.seq);
    if (filtered) found.push(...rows.slice(0, need));
    else keys.push(...rows.slice(0, need).map((k): Key => [k.time, k.seq]));
  };
  if (todo.length) await window(todo.slice(0, 1));
  if (found.length + keys.length < want && todo.length > 1) {
    const all = await allMatches(q, tsquery, f, before);
    if (all) return summariesOf(q, f, all, want);
    for (let w = 0, at = 1; at < todo.length && found.length + keys.length < want; w++) {
      const size = WINDOWS[w] ?? todo.length;
      await window(todo.slice(at, at + size));
      at += size;
    }
  }
  return filtered ? found : summariesOf(q, {}, keys, want);
}

/** Every match's facet columns, grouped: for facet counts under a search. */
export async function searchGroups(q: Queryable, days: SearchDays, f: ExchangeFilter): Promise<unknown[][]> {
  const tsquery = compileText(f);
  if (!tsquery) return [];
  const todo = await daysToSearch(q, days, f);
  if (!todo.length) return [];
  const l = new Literals();
  const literal = `${l.add(tsquery)}::tsquery`;
  const cols = 'e.kind, e.source_id, e.event_type, e.outcome, e.status, e.status_class';
  const unfiltered: ExchangeFilter = { text: f.text, from: f.from, to: f.to };
  const parts = todo.map((day) => dayRows(unfiltered, l, day, literal, cols));
  const sql = `SELECT kind, source_id, event_type, outcome, status, status_class, count(*) AS n
    FROM (${parts.join(' UNION ALL ')}) e GROUP BY 1, 2, 3, 4, 5, 6`;
  return (await q.query({ text: sql, rowMode: 'array' })).rows as unknown[][];
}
