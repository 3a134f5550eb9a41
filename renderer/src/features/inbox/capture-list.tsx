import type { CaptureRow } from '../../stores/inbox-store';
import { formatBytes } from './capture-format';
import { VerificationBadge } from './verification-badge';

const time = (iso: string) =>
  new Date(iso).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' });
const verdictWord = {
  valid: 'signature valid',
  invalid: 'signature invalid',
  unchecked: 'not checked',
  unknown: 'checking',
} as const;

/** The selected inbox's captures, newest first, as they arrive. */
export function CaptureList({
  rows,
  openId,
  onOpen,
}: {
  rows: CaptureRow[];
  openId: string | null;
  onOpen(id: string): void;
}) {
  return (
    <ul className="capture-list" aria-label="Captures">
      {rows.map((r) => (
        <li key={r.id}>
          <button
            type="button"
            className={r.id === openId ? 'capture-row open' : 'capture-row'}
            aria-pressed={r.id === openId}
            aria-label={`${r.method} ${r.path} at ${time(r.receivedAt)}, ${verdictWord[r.verification]}`}
            onClick={() => onOpen(r.id)}
            title={r.verdict ?? undefined}
          >
            <span className="capture-line">
              <span className="method">{r.method}</span>
              <code className="capture-path">{r.path}</code>
              <VerificationBadge state={r.verification} />
            </span>
            <span className="capture-line muted small">
              <span>{time(r.receivedAt)}</span>
              <span>{r.eventType ?? 'no event type'}</span>
              <span>{formatBytes(r.size)}</span>
              <span className="capture-status">
                {r.outcome === 'rejected'
                  ? `rejected ${r.status ?? ''}`
                  : r.status !== null
                    ? `→ ${r.status || 'no answer'}`
                    : ''}
              </span>
            </span>
          </button>
        </li>
      ))}
    </ul>
  );
}
