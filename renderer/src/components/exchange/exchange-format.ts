import type { ExchangeSummary, Outcome } from '../../../../shared/model/exchange';

// the badge tones, repeated: this file stays free of JSX imports so plain-node unit tests can load it
export type BadgeTone = 'ok' | 'bad' | 'warn' | 'neutral';

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** 24-hour local time, the same in every view; milliseconds where rows a few ms apart must be told apart. */
export function formatTime(iso: string, opts: { ms?: boolean; now?: Date } = {}): string {
  const { ms = true, now = new Date() } = opts;
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const time = `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}${ms ? `.${pad(d.getMilliseconds(), 3)}` : ''}`;
  const sameDay =
    d.getFullYear() === now.getFullYear() && d.getMonth() === now.getMonth() && d.getDate() === now.getDate();
  if (sameDay) return time;
  const date = `${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
  return d.getFullYear() === now.getFullYear() ? `${date} ${time}` : `${d.getFullYear()}-${date} ${time}`;
}

/** A date and 24-hour time in full, for the detail header. */
export function formatDateTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${formatTime(iso, { now: d })}`;
}

/** "in 4 s", "in 2 min", "now": how far off a scheduled retry is. */
export function formatIn(iso: string, nowMs = Date.now()): string {
  const s = Math.round((Date.parse(iso) - nowMs) / 1000);
  if (s <= 0) return 'now';
  if (s < 90) return `in ${s} s`;
  if (s < 5400) return `in ${Math.round(s / 60)} min`;
  return `in ${Math.round(s / 3600)} h`;
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

/**
 * The word a row shows for how it went. A delivery's outcome is about its
 * answer; a capture's is about the request (the receiver answered it either
 * way), so a capture answered 200 with a bad signature reads "signature
 * invalid", not "failed".
 */
export function outcomeLabel(row: Pick<ExchangeSummary, 'kind' | 'outcome' | 'verdict'>): {
  text: string;
  tone: BadgeTone;
} {
  if (row.kind === 'delivery') return { text: row.outcome, tone: outcomeTone(row.outcome) };
  if (row.outcome === 'rejected') return { text: 'rejected', tone: 'bad' };
  if (row.verdict === 'invalid') return { text: 'signature invalid', tone: 'bad' };
  if (row.verdict === 'valid') return { text: 'signature valid', tone: 'ok' };
  return { text: 'received', tone: 'neutral' };
}

export function statusTone(status: number | null): 'ok' | 'bad' | 'warn' | 'none' {
  if (status === null || status === 0) return 'none';
  if (status < 300) return 'ok';
  if (status < 400) return 'warn';
  return 'bad';
}
