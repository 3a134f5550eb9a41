import type { ForwardResult } from '../../../../shared/model/inbox';
import type { VerifyResult } from '../../../../shared/model/signing';
import type { Attempt, Capture } from '../../../../shared/model/exchange';
import { StatusBadge } from '../../components/status-badge';
import { VerifyResultPanel } from '../verify/verify-result';
import { BodyPanel, HeadersTable } from './body-view';
import { formatBytes, formatDuration, formatTime, statusTone } from './format';

/** Every try of a delivery in order: when, what came back (or why nothing did), how long. */
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
                <BodyPanel body={a.response.body} label={`Attempt ${a.n} response body`} />
              </details>
            )}
          </li>
        );
      })}
      {nextAttemptAt && <li className="timeline-item tl-none muted">Next try at {formatTime(nextAttemptAt)}</li>}
    </ol>
  );
}

function isVerifyResult(v: unknown): v is VerifyResult {
  return typeof v === 'object' && v !== null && 'valid' in v && Array.isArray((v as VerifyResult).steps);
}

/** What the receiver concluded about the signature, step by step. */
export function CaptureVerification({ capture }: { capture: Capture }) {
  const v = capture.verification;
  if (v === null || v === undefined)
    return (
      <p className="muted">
        This inbox does not verify signatures. Set a profile and secret on the inbox to check them on arrival.
      </p>
    );
  if (isVerifyResult(v)) return <VerifyResultPanel result={v} />;
  return (
    <>
      <p className="muted small">The receiver stored this verification record:</p>
      <pre className="body-pre">{JSON.stringify(v, null, 2)}</pre>
    </>
  );
}

function isForward(v: unknown): v is ForwardResult {
  return typeof v === 'object' && v !== null && 'url' in v && 'status' in v;
}

export function ForwardSection({ forward }: { forward: unknown }) {
  if (!forward)
    return <p className="muted">Not forwarded. An inbox can forward captures to your app (Inbox → Forwarding).</p>;
  if (!isForward(forward)) return <pre className="body-pre">{JSON.stringify(forward, null, 2)}</pre>;
  const body =
    forward.body === null
      ? null
      : forward.bodyEncoding === 'base64'
        ? { isText: false, text: null, base64: forward.body, size: forward.size, truncated: forward.truncated }
        : { isText: true, text: forward.body, base64: null, size: forward.size, truncated: forward.truncated };
  return (
    <section aria-label="Forward result">
      <dl className="facts facts-dense">
        <dt>Forwarded to</dt>
        <dd>
          <code>{forward.url}</code>
        </dd>
        <dt>Answer</dt>
        <dd>
          {forward.error ? <span className="error-text">{forward.error}</span> : `HTTP ${forward.status}`} ·{' '}
          {formatDuration(forward.durationMs)} · {formatBytes(forward.size)}
        </dd>
      </dl>
      <HeadersTable headers={forward.headers} label="Forward response headers" />
      <BodyPanel body={body} label="Forward response body" />
    </section>
  );
}
