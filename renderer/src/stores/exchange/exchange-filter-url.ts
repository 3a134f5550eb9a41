import {
  outcomes,
  statusClasses,
  type ExchangeFilter,
  type ExchangeSummary,
  type Outcome,
  type StatusClass,
} from '../../../../shared/model/exchange';
import { SEARCH_TEXT_MAX } from '../../../../shared/validate/search-text';

/** Relative time ranges; kept relative in the URL so "last hour" still means the last hour after a reload. */
export const rangePresets = [
  { id: '15m', label: 'Last 15 minutes', ms: 15 * 60_000 },
  { id: '1h', label: 'Last hour', ms: 3_600_000 },
  { id: '24h', label: 'Last 24 hours', ms: 86_400_000 },
  { id: '7d', label: 'Last 7 days', ms: 7 * 86_400_000 },
  { id: '30d', label: 'Last 30 days', ms: 30 * 86_400_000 },
] as const;
export type RangePreset = (typeof rangePresets)[number]['id'];

/**
 * Where the exchange list is shown: Deliveries (every exchange, filtered by
 * the user) or one inbox's captures (the same list under a fixed filter).
 */
export type ExchangeScope = { area: 'deliveries' } | { area: 'inbox'; inboxId: string };

/** What the filter bar holds: the core's filter, minus `from` when a relative range stands for it. */
export interface ExchangeQuery {
  filter: ExchangeFilter;
  /** When set, `filter.from` is computed from it at query time and `filter.to` is unset. */
  range: RangePreset | null;
}

export const emptyQuery = (): ExchangeQuery => ({ filter: {}, range: null });

const isOutcome = (v: string): v is Outcome => (outcomes as readonly string[]).includes(v);
const isStatusClass = (v: string): v is StatusClass => (statusClasses as readonly string[]).includes(v);
const isRange = (v: string): v is RangePreset => rangePresets.some((p) => p.id === v);
const isIso = (v: string) => /^\d{4}-\d\d-\d\dT/.test(v) && Number.isFinite(Date.parse(v));

/** The filter as URL parameters; empty when nothing is filtered. */
export function queryToParams(q: ExchangeQuery): string {
  const p = new URLSearchParams();
  const f = q.filter;
  if (f.kind) p.set('kind', f.kind);
  if (f.outcome) p.set('outcome', f.outcome);
  if (f.statusClass) p.set('statusClass', f.statusClass);
  if (f.status !== undefined) p.set('status', String(f.status));
  if (f.eventType) p.set('event', f.eventType);
  if (f.subscriptionId) p.set('subscription', f.subscriptionId);
  if (f.inboxId) p.set('inbox', f.inboxId);
  if (q.range) p.set('range', q.range);
  else {
    if (f.from) p.set('from', f.from);
    if (f.to) p.set('to', f.to);
  }
  if (f.text) p.set('q', f.text);
  return p.toString();
}

/** Reads parameters back. Unknown or malformed values are dropped rather than sent: a hand-edited URL must not break the view. */
export function queryFromParams(params: string): ExchangeQuery {
  const q = emptyQuery();
  const p = new URLSearchParams(params);
  const f = q.filter;
  const kind = p.get('kind');
  if (kind === 'delivery' || kind === 'capture') f.kind = kind;
  const outcome = p.get('outcome');
  if (outcome && isOutcome(outcome)) f.outcome = outcome;
  const cls = p.get('statusClass');
  if (cls && isStatusClass(cls)) f.statusClass = cls;
  const status = Number(p.get('status'));
  if (Number.isInteger(status) && status >= 100 && status <= 599) f.status = status;
  const event = p.get('event')?.trim();
  if (event) f.eventType = event;
  const sub = p.get('subscription')?.trim();
  if (sub) f.subscriptionId = sub;
  const inbox = p.get('inbox')?.trim();
  if (inbox) f.inboxId = inbox;
  const range = p.get('range');
  if (range && isRange(range)) q.range = range;
  else {
    const from = p.get('from');
    const to = p.get('to');
    if (from && isIso(from)) f.from = from;
    if (to && isIso(to)) f.to = to;
  }
  const text = p.get('q')?.trim();
  if (text) f.text = text.slice(0, SEARCH_TEXT_MAX);
  return q;
}

/** `#/deliveries/<params>` or `#/inbox/<inbox id>/<params>`. */
export function hashFor(scope: ExchangeScope, q: ExchangeQuery): string {
  const params = queryToParams(q);
  const base = scope.area === 'deliveries' ? '#/deliveries' : `#/inbox/${encodeURIComponent(scope.inboxId)}`;
  return params ? `${base}/${params}` : base;
}

/** The scope and filter a hash names; `inboxId` is null on a bare `#/inbox` (the view picks one). */
export function fromHash(
  hash: string,
):
  | { area: 'deliveries'; query: ExchangeQuery }
  | { area: 'inbox'; inboxId: string | null; query: ExchangeQuery }
  | null {
  const deliveries = /^#?\/?deliveries(?:\/(.*))?$/.exec(hash);
  if (deliveries) return { area: 'deliveries', query: queryFromParams(deliveries[1] ?? '') };
  const inbox = /^#?\/?inbox(?:\/([^/]*)(?:\/(.*))?)?$/.exec(hash);
  if (inbox) {
    const id = inbox[1] ? decodeURIComponent(inbox[1]) : null;
    return { area: 'inbox', inboxId: id || null, query: queryFromParams(inbox[2] ?? '') };
  }
  return null;
}

/** What an inbox's list always shows, whatever else is filtered. */
function fixedFilter(scope: ExchangeScope): ExchangeFilter {
  return scope.area === 'inbox' ? { kind: 'capture', inboxId: scope.inboxId } : {};
}

/** The filter sent to the core: the scope's fixed part, and a relative range as an absolute `from` now. */
export function effectiveFilter(
  q: ExchangeQuery,
  nowMs: number,
  scope: ExchangeScope = { area: 'deliveries' },
): ExchangeFilter {
  const fixed = fixedFilter(scope);
  if (!q.range) return { ...q.filter, ...fixed };
  const preset = rangePresets.find((p) => p.id === q.range)!;
  const { to: _to, ...rest } = q.filter;
  return { ...rest, from: new Date(nowMs - preset.ms).toISOString(), ...fixed };
}

export function isFiltered(q: ExchangeQuery): boolean {
  return q.range !== null || Object.values(q.filter).some((v) => v !== undefined && v !== '');
}

/**
 * Whether a row (from a live event) belongs under a filter, as the core would
 * decide; null when only the core can tell (free text is matched by its index).
 */
export function matchesFilter(row: ExchangeSummary, f: ExchangeFilter): boolean | null {
  if (f.kind && row.kind !== f.kind) return false;
  if (f.subscriptionId !== undefined && (row.kind !== 'delivery' || row.sourceId !== f.subscriptionId)) return false;
  if (f.inboxId !== undefined && (row.kind !== 'capture' || row.sourceId !== f.inboxId)) return false;
  if (f.eventType !== undefined && row.eventType !== f.eventType) return false;
  if (f.outcome && row.outcome !== f.outcome) return false;
  if (f.status !== undefined && row.status !== f.status) return false;
  if (f.statusClass) {
    const cls = row.status ? `${Math.floor(row.status / 100)}xx` : 'none';
    if (cls !== f.statusClass) return false;
  }
  const t = Date.parse(row.time);
  if (f.from && t < Date.parse(f.from)) return false;
  if (f.to && t >= Date.parse(f.to)) return false;
  return f.text ? null : true;
}
