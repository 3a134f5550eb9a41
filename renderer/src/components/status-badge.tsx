import type { ReactNode } from 'react';

export type BadgeTone = 'ok' | 'bad' | 'warn' | 'neutral';

const marks: Record<BadgeTone, string> = { ok: '✓', bad: '✗', warn: '!', neutral: '•' };

/** A short coloured verdict; the mark and the text carry the meaning, not the colour alone. */
export function StatusBadge({ tone, children, label }: { tone: BadgeTone; children: ReactNode; label?: string }) {
  return (
    <span className={`badge badge-${tone}`} aria-label={label}>
      <span aria-hidden="true">{marks[tone]}</span> {children}
    </span>
  );
}
