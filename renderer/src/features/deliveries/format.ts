import type { Outcome } from '../../../../shared/model/exchange';

// the badge tones, repeated: this file stays free of JSX imports so plain-node unit tests can load it
export type BadgeTone = 'ok' | 'bad' | 'warn' | 'neutral';

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** Local time with milliseconds; the date only when it is not today, the year only when not this year. */
export function formatTime(iso: string, now = new Date()): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const time = `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
  const sameDay =
    d.getFullYear() === now.getFullYear() && d.getMonth() === now.getMonth() && d.getDate() === now.getDate();
  if (sameDay) return time;
  const date = `${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
  return d.getFullYear() === now.getFullYear() ? `${date} ${time}` : `${d.getFullYear()}-${date} ${time}`;
}

export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

export const formatCount = (n: number) => n.toLocaleString('en-US');

export function outcomeTone(outcome: Outcome): BadgeTone {
  if (outcome === 'succeeded') return 'ok';
  if (outcome === 'failed' || outcome === 'rejected') return 'bad';
  if (outcome === 'retrying' || outcome === 'pending') return 'warn';
  return 'neutral';
}

export function statusTone(status: number | null): 'ok' | 'bad' | 'warn' | 'none' {
  if (status === null || status === 0) return 'none';
  if (status < 300) return 'ok';
  if (status < 400) return 'warn';
  return 'bad';
}
