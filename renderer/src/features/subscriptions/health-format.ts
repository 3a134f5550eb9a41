import type { SubscriptionHealth } from '../../../../shared/model/subscription';
import type { BadgeTone } from '../../components/status-badge';

export function formatRate(h: SubscriptionHealth | undefined): string {
  if (!h || h.successRate === null) return '—';
  const pct = h.successRate * 100;
  return `${pct >= 99.95 || pct === 0 ? pct.toFixed(0) : pct.toFixed(1)}%`;
}

export function rateTone(h: SubscriptionHealth | undefined): BadgeTone {
  if (!h || h.successRate === null) return 'neutral';
  return h.successRate >= 0.99 ? 'ok' : h.successRate >= 0.9 ? 'warn' : 'bad';
}

export function outcomeTone(outcome: string): BadgeTone {
  return outcome === 'succeeded' ? 'ok' : outcome === 'failed' ? 'bad' : outcome === 'cancelled' ? 'neutral' : 'warn';
}

/** "3 min ago", "2 h ago": how long since, relative to `now` (ms). */
export function ago(iso: string, now: number): string {
  const s = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  if (s < 60) return `${s} s ago`;
  if (s < 3600) return `${Math.floor(s / 60)} min ago`;
  if (s < 86400) return `${Math.floor(s / 3600)} h ago`;
  return `${Math.floor(s / 86400)} d ago`;
}
