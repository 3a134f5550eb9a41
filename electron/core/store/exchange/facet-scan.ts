import type { ExchangeFacets, ExchangeFilter, FacetCount } from '../../../../shared/model/exchange';

/** One summary row as the scan reads it: kind, source_id, event_type, outcome, status, status_class. */
export type FacetRow = [
  kind: number,
  source: string | null,
  eventType: string | null,
  outcome: string,
  status: number | null,
  statusClass: number,
  /** How many rows this one stands for (a GROUP BY's count); 1 when absent. */
  count?: number,
];

export type FacetDim = 'kind' | 'source' | 'eventType' | 'outcome' | 'status';

/** The same filter semantics as the SQL compiler, per dimension, for rows already read. */
function predicates(f: ExchangeFilter): Record<FacetDim, (r: FacetRow) => boolean> {
  const kind = f.kind === undefined ? null : f.kind === 'delivery' ? 0 : 1;
  const cls = f.statusClass === undefined ? null : f.statusClass === 'none' ? 0 : Number(f.statusClass[0]);
  return {
    kind: (r) => kind === null || r[0] === kind,
    source: (r) =>
      (f.subscriptionId === undefined || (r[0] === 0 && r[1] === f.subscriptionId)) &&
      (f.inboxId === undefined || (r[0] === 1 && r[1] === f.inboxId)),
    eventType: (r) => f.eventType === undefined || r[2] === f.eventType,
    outcome: (r) => f.outcome === undefined || r[3] === f.outcome,
    status: (r) => (f.status === undefined || r[4] === f.status) && (cls === null || r[5] === cls),
  };
}

export interface ScannedFacets {
  total: number;
  counts: Record<'outcome' | 'kind' | 'statusClass' | 'eventType' | 'subscription' | 'inbox', Map<string, number>>;
}

const bump = (m: Map<string, number>, v: string, n: number) => m.set(v, (m.get(v) ?? 0) + n);

/**
 * Facet counts in one pass over the rows of a time range (or a search), instead
 * of one GROUP BY per dimension: each row is counted for a dimension when it
 * passes every filter but that dimension's own. Measured at 1M rows, the seven
 * GROUP BYs over a 7-day range took ~460 ms (p50); one scan reads the rows once.
 */
export function scanFacets(rows: Iterable<FacetRow>, f: ExchangeFilter): ScannedFacets {
  const p = predicates(f);
  const counts: ScannedFacets['counts'] = {
    outcome: new Map(),
    kind: new Map(),
    statusClass: new Map(),
    eventType: new Map(),
    subscription: new Map(),
    inbox: new Map(),
  };
  let total = 0;
  for (const r of rows) {
    const k = p.kind(r),
      s = p.source(r),
      e = p.eventType(r),
      o = p.outcome(r),
      st = p.status(r);
    const n = r[6] ?? 1;
    if (k && s && e && st) bump(counts.outcome, r[3], n);
    if (s && e && o && st) bump(counts.kind, r[0] === 0 ? 'delivery' : 'capture', n);
    if (k && s && e && o) bump(counts.statusClass, r[4] ? `${Math.floor(r[4] / 100)}xx` : 'none', n);
    if (k && s && o && st) bump(counts.eventType, r[2] ?? '', n);
    if (k && e && o && st) bump(r[0] === 0 ? counts.subscription : counts.inbox, r[1] ?? '', n);
    if (k && s && e && o && st) total += n;
  }
  return { total, counts };
}

export const EVENT_TYPE_TOP = 20;
export type FacetName = keyof ScannedFacets['counts'];

export const sortedFacet = (m: Map<string, number>, top?: number): FacetCount[] => {
  const list = [...m]
    .map(([value, n]) => ({ value, count: n }))
    .sort((a, b) => b.count - a.count || a.value.localeCompare(b.value));
  return top ? list.slice(0, top) : list;
};

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

/** The filter cut into its dimensions, each with only its own fields (a subscription and an inbox are both 'source'). */
export function filterDimensions(f: ExchangeFilter): { dim: FacetDim; filter: ExchangeFilter }[] {
  const out: { dim: FacetDim; filter: ExchangeFilter }[] = [];
  if (f.kind !== undefined) out.push({ dim: 'kind', filter: { kind: f.kind } });
  if (f.subscriptionId !== undefined || f.inboxId !== undefined)
    out.push({ dim: 'source', filter: { subscriptionId: f.subscriptionId, inboxId: f.inboxId } });
  if (f.eventType !== undefined) out.push({ dim: 'eventType', filter: { eventType: f.eventType } });
  if (f.outcome !== undefined) out.push({ dim: 'outcome', filter: { outcome: f.outcome } });
  if (f.status !== undefined || f.statusClass !== undefined)
    out.push({ dim: 'status', filter: { status: f.status, statusClass: f.statusClass } });
  return out;
}

export const hasDimensionFilter = (f: ExchangeFilter): boolean => filterDimensions(f).length > 0;

export const FACETS_OF: Record<FacetDim, FacetName[]> = {
  kind: ['kind'],
  source: ['subscription', 'inbox'],
  eventType: ['eventType'],
  outcome: ['outcome'],
  status: ['statusClass'],
};
