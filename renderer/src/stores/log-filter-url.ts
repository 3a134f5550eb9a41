import {
  outcomes,
  statusClasses,
  type ExchangeFilter,
  type Outcome,
  type StatusClass,
} from '../../../shared/model/exchange';

/** Relative time ranges; kept relative in the URL so "last hour" still means the last hour after a reload. */
export const rangePresets = [
  { id: '15m', label: 'Last 15 minutes', ms: 15 * 60_000 },
  { id: '1h', label: 'Last hour', ms: 3_600_000 },
  { id: '24h', label: 'Last 24 hours', ms: 86_400_000 },
  { id: '7d', label: 'Last 7 days', ms: 7 * 86_400_000 },
  { id: '30d', label: 'Last 30 days', ms: 30 * 86_400_000 },
] as const;
export type RangePreset = (typeof rangePresets)[number]['id'];

/** What the filter bar holds: the core's filter, minus `from` when a relative range stands for it. */
export interface LogQuery {
  filter: ExchangeFilter;
  /** When set, `filter.from` is computed from it at query time and `filter.to` is unset. */
  range: RangePreset | null;
}

export const emptyQuery = (): LogQuery => ({ filter: {}, range: null });

const isOutcome = (v: string): v is Outcome => (outcomes as readonly string[]).includes(v);
const isStatusClass = (v: string): v is StatusClass => (statusClasses as readonly string[]).includes(v);
const isRange = (v: string): v is RangePreset => rangePresets.some((p) => p.id === v);
const isIso = (v: string) => /^\d{4}-\d\d-\d\dT/.test(v) && Number.isFinite(Date.parse(v));

/** The filter as the part of the hash after `#/deliveries/`; empty when nothing is filtered. */
export function queryToHash(q: LogQuery): string {
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

/**
 * Reads `#/deliveries/<params>` back. Unknown or malformed values are dropped
 * rather than sent: a hand-edited URL must not break the view.
 */
export function queryFromHash(hash: string): LogQuery {
  const m = /^#?\/?deliveries\/(.*)$/.exec(hash);
  const q = emptyQuery();
  if (!m) return q;
  const p = new URLSearchParams(m[1]);
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
  if (text) f.text = text.slice(0, 500);
  return q;
}

/** The filter sent to the core: a relative range becomes an absolute `from` now. */
export function effectiveFilter(q: LogQuery, nowMs: number): ExchangeFilter {
  if (!q.range) return q.filter;
  const preset = rangePresets.find((p) => p.id === q.range)!;
  const { to: _to, ...rest } = q.filter;
  return { ...rest, from: new Date(nowMs - preset.ms).toISOString() };
}

export function isFiltered(q: LogQuery): boolean {
  return q.range !== null || Object.values(q.filter).some((v) => v !== undefined && v !== '');
}
