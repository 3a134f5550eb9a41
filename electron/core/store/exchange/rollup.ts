import { arrays, type Db } from './schema';
import { StatementCache } from './statement-cache';

/** What one exchange row counts under in the rollups. '' and 0 stand for "none". */
export interface RollupKey {
  kind: number;
  source: string;
  event: string;
  outcome: string;
  status: number;
  /** The row's time, epoch ms: picks its hour and day buckets. */
  time: number;
}

export const HOUR_MS = 3_600_000;
/** UTC days, as PostgreSQL's partitions: a day is 24 whole hours. */
export const DAY_MS = 86_400_000;

/** The filter bar's facets, as numbered in `exchange_facet_hour.facet`. */
export const FACET_CODES = { outcome: 0, kind: 1, statusClass: 2, eventType: 3, subscription: 4, inbox: 5 } as const;
export type FacetName = keyof typeof FACET_CODES;

export const statusClassLabel = (status: number): string => (status ? `${Math.floor(status / 100)}xx` : 'none');

/** The facet values one row contributes: each row counts once in every facet that applies to its kind. */
function facetValues(k: RollupKey): [number, string][] {
  return [
    [FACET_CODES.outcome, k.outcome],
    [FACET_CODES.kind, k.kind === 0 ? 'delivery' : 'capture'],
    [FACET_CODES.statusClass, statusClassLabel(k.status)],
    [FACET_CODES.eventType, k.event],
    [k.kind === 0 ? FACET_CODES.subscription : FACET_CODES.inbox, k.source],
  ];
}

export interface DayCount {
  day: number;
  key: RollupKey;
  n: number;
}

/**
 * Counts for the three rollups, summed in memory over one group commit and
 * written as one upsert per distinct key before the group's COMMIT:
 * - `exchange_rollup`, per (kind, source, event, outcome, status), answers the
 *   filter bar without a time range;
 * - `exchange_facet_hour`, per (hour, facet, value), answers a time range
 *   without other filters. Per facet rather than per combination, because with
 *   realistic variety the per-hour combinations were nearly one per row;
 * - `exchange_facet_day`, per (day, kind, source, event, outcome, status),
 *   answers a time range with filters: a day's combinations are bounded by the
 *   variety (subscriptions × event types × outcomes), not by the traffic.
 * SQL triggers did the first per row and were the largest single cost of an
 * insert (about 45 µs of ~100 µs per delivery row, measured).
 */
export class RollupDeltas {
  private readonly combos = new Map<string, { key: RollupKey; n: number }>();
  private readonly hours = new Map<string, { hour: number; facet: number; value: string; n: number }>();
  private readonly days = new Map<string, DayCount>();

  add(key: RollupKey, n: number): void {
    const id = `${key.kind}\u0000${key.source}\u0000${key.event}\u0000${key.outcome}\u0000${key.status}`;
    const combo = this.combos.get(id);
    if (combo) combo.n += n;
    else this.combos.set(id, { key, n });
    const day = Math.floor(key.time / DAY_MS);
    const did = `${day}\u0000${id}`;
    const perDay = this.days.get(did);
    if (perDay) perDay.n += n;
    else this.days.set(did, { day, key, n });
    const hour = Math.floor(key.time / HOUR_MS);
    for (const [facet, value] of facetValues(key)) {
      const hid = `${hour}\u0000${facet}\u0000${value}`;
      const bucket = this.hours.get(hid);
      if (bucket) bucket.n += n;
      else this.hours.set(hid, { hour, facet, value, n });
    }
  }

  /** Moves one row's count from `from` to `to` (an outcome or status change). */
  move(from: RollupKey, to: RollupKey): void {
    if (from.outcome === to.outcome && from.status === to.status) return;
    this.add(from, -1);
    this.add(to, 1);
  }

  /** Writes the group's counts; must run inside the group's transaction. */
  flush(stmts: StatementCache): void {
    const combo = stmts.get(
      'INSERT INTO exchange_rollup VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO UPDATE SET n = n + excluded.n',
    );
    for (const { key, n } of this.combos.values()) {
      if (n !== 0) combo.run(key.kind, key.source, key.event, key.outcome, key.status, n);
    }
    const hour = stmts.get(
      'INSERT INTO exchange_facet_hour VALUES (?, ?, ?, ?) ON CONFLICT DO UPDATE SET n = n + excluded.n',
    );
    for (const b of this.hours.values()) {
      if (b.n !== 0) hour.run(b.hour, b.facet, b.value, b.n);
    }
    const day = stmts.get(
      'INSERT INTO exchange_facet_day VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO UPDATE SET n = n + excluded.n',
    );
    for (const { day: d, key, n } of this.days.values()) {
      if (n !== 0) day.run(d, key.kind, key.source, key.event, key.outcome, key.status, n);
    }
    this.clear();
  }

  /** The summed counts, zero ones left out, for a store that writes them itself; then clears them. */
  drain(): {
    combos: { key: RollupKey; n: number }[];
    hours: { hour: number; facet: number; value: string; n: number }[];
    days: DayCount[];
  } {
    const out = {
      combos: [...this.combos.values()].filter((c) => c.n !== 0),
      hours: [...this.hours.values()].filter((h) => h.n !== 0),
      days: [...this.days.values()].filter((d) => d.n !== 0),
    };
    this.clear();
    return out;
  }

  /** The group rolled back: none of its counts happened. */
  clear(): void {
    this.combos.clear();
    this.hours.clear();
    this.days.clear();
  }
}

/** Counters a delete brought to zero: kept exact either way, dropped so they are not read again. */
export const DROP_EMPTY_COUNTS_SQL =
  'DELETE FROM exchange_rollup WHERE n = 0; DELETE FROM exchange_facet_hour WHERE n = 0; DELETE FROM exchange_facet_day WHERE n = 0;';

/** Every row with seq <= `upToSeq`, grouped the way the rollups count them. */
export const ROLLUP_GROUPS_SQL = `SELECT kind, coalesce(source_id, ''), coalesce(event_type, ''), outcome, coalesce(status, 0),
    (time / ${HOUR_MS}) * ${HOUR_MS}, count(*)
  FROM exchange WHERE seq <= ? GROUP BY 1, 2, 3, 4, 5, 6`;

/** Adds (sign 1) or takes out (sign -1) the rows with seq <= `upToSeq`; run in the transaction that writes or deletes them. */
export function rollupRows(db: Db, upToSeq: number, sign: 1 | -1): void {
  const deltas = new RollupDeltas();
  const groups = arrays(db.prepare(ROLLUP_GROUPS_SQL)).all(upToSeq) as [
    number,
    string,
    string,
    string,
    number,
    number,
    number,
  ][];
  for (const [kind, source, event, outcome, status, time, n] of groups)
    deltas.add({ kind, source, event, outcome, status, time }, sign * n);
  deltas.flush(new StatementCache(db));
}
