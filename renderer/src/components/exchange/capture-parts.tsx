import type { Capture } from '../../../../shared/model/exchange';
import type { CaptureResponse, ForwardResult } from '../../../../shared/model/inbox';
import { StatusBadge } from '../status-badge';
import { textBody } from './body-format';
import { BodyView } from './body-view';
import { formatBytes, formatDuration } from './exchange-format';
import { HeadersTable } from './headers-table';

const sourceWords: Record<NonNullable<CaptureResponse['source']>, string> = {
  sequence: 'sequence step',
  failure: 'the failure rate',
  rule: 'the response rule',
  target: 'the forward target',
  limit: 'a receiver limit',
  verification: 'the signature check (the inbox refuses invalid signatures)',
};

/** What the receiver answered a capture, and which part of the inbox decided it. */
export function AnswerSection({ capture }: { capture: Capture }) {
  const r = capture.response as CaptureResponse | null;
  if (!r)
    return (
      <p className="muted">The receiver did not answer{capture.rejectedReason ? `: ${capture.rejectedReason}` : ''}.</p>
    );
  const from = r.source ? `from ${sourceWords[r.source]}${r.step ? ` ${r.step}` : ''}` : '';
  return (
    <section aria-label="Answer">
      <p>
        {r.status === 0 ? (
          <StatusBadge tone="warn">{r.fault ? `no answer (${r.fault})` : 'no answer'}</StatusBadge>
        ) : (
          <StatusBadge tone={r.status < 300 ? 'ok' : 'bad'}>HTTP {r.status}</StatusBadge>
        )}{' '}
        {from && <span className="muted">{from}</span>}
        {r.fault && r.status !== 0 && <span className="muted"> · fault {r.fault}</span>}
        {r.delayMs ? <span className="muted"> · delayed {r.delayMs} ms</span> : null}
      </p>
      {r.headers && <HeadersTable headers={r.headers} label="Response headers" />}
      {r.body !== undefined && <BodyView body={textBody(r.body)} label="Response body" />}
    </section>
  );
}

function isForward(v: unknown): v is ForwardResult {
  return typeof v === 'object' && v !== null && 'url' in v && 'status' in v;
}

/** Where a capture was forwarded and what the app answered. */
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
    <section aria-label="Forward">
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
      <BodyView body={body} label="Forward response body" />
    </section>
  );
}
