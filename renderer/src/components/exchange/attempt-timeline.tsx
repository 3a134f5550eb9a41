import type { Attempt } from '../../../../shared/model/exchange';
import { StatusBadge } from '../status-badge';
import { BodyView } from './body-view';
import { formatDuration, formatIn, formatTime, statusTone } from './exchange-format';
import { HeadersTable } from './headers-table';

/** Every try of a delivery in order: when, what came back (or why nothing did), how long, and the next try. */
export function AttemptTimeline({ attempts, nextAttemptAt }: { attempts: Attempt[]; nextAttemptAt: string | null }) {
  if (!attempts.length)
    return (
      <p className="muted">Not attempted yet{nextAttemptAt ? `; first try at ${formatTime(nextAttemptAt)}` : ''}.</p>
    );
  return (
    <ol className="timeline" aria-label="Attempts">
      {attempts.map((a) => {
        const status = a.response?.status ?? null;
        const tone = a.error ? 'bad' : statusTone(status);
        const summary = a.error ? a.error : status !== null ? `HTTP ${status}` : 'no response';
        return (
          <li key={a.n} className={`timeline-item tl-${tone}`} aria-label={`Attempt ${a.n}: ${summary}`}>
            <div className="timeline-head">
              <span className="tl-n">#{a.n}</span>
              <span className="tl-time">{formatTime(a.startedAt)}</span>
              <StatusBadge tone={tone === 'none' ? 'neutral' : tone}>{summary}</StatusBadge>
              <span className="muted small">{formatDuration(a.timings?.totalMs)}</span>
              {a.timings?.firstByteMs !== null && a.timings?.firstByteMs !== undefined && (
                <span className="muted small">first byte {formatDuration(a.timings.firstByteMs)}</span>
              )}
            </div>
            {a.response && (
              <details className="tl-details">
                <summary>Response headers and body</summary>
                <HeadersTable headers={a.response.headers} label={`Attempt ${a.n} response headers`} />
                <BodyView body={a.response.body} label={`Attempt ${a.n} response body`} />
              </details>
            )}
          </li>
        );
      })}
      {nextAttemptAt && (
        <li className="timeline-item tl-none muted" aria-label={`Attempt ${attempts.length + 1}: scheduled`}>
          Next try at {formatTime(nextAttemptAt, { ms: false })} ({formatIn(nextAttemptAt)})
        </li>
      )}
    </ol>
  );
}
