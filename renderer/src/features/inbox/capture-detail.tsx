import type { CaptureResponse, ForwardResult } from '../../../../shared/model/inbox';
import type { VerifyResult } from '../../../../shared/model/signing';
import type { Capture, HeaderList } from '../../../../shared/model/exchange';
import { StatusBadge } from '../../components/status-badge';
import { useNavStore } from '../../stores/nav-store';
import { useVerifyStore } from '../../stores/verify-store';
import { VerifyResultPanel } from '../verify/verify-result';
import { BodyView } from './body-view';

function Headers({ headers, label }: { headers: HeaderList; label: string }) {
  if (!headers.length) return <p className="muted small">No headers.</p>;
  return (
    <table className="simple-table headers-list" aria-label={label}>
      <tbody>
        {headers.map(([n, v], i) => (
          <tr key={i}>
            <th scope="row">
              <code>{n}</code>
            </th>
            <td>
              <code>{v}</code>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

const sourceWords: Record<NonNullable<CaptureResponse['source']>, string> = {
  sequence: 'sequence step',
  failure: 'the failure rate',
  rule: 'the response rule',
  target: 'the forward target',
  limit: 'a receiver limit',
};

function Answer({ r }: { r: CaptureResponse }) {
  const from = r.source ? `from ${sourceWords[r.source]}${r.step ? ` ${r.step}` : ''}` : '';
  return (
    <>
      <p>
        {r.fault && r.status === 0 ? <StatusBadge tone="warn">{r.fault}</StatusBadge> : <strong>{r.status}</strong>}{' '}
        {from && <span className="muted">{from}</span>}
        {r.fault && r.status !== 0 && <span className="muted"> · fault {r.fault}</span>}
        {r.delayMs ? <span className="muted"> · delayed {r.delayMs} ms</span> : null}
      </p>
      {r.headers && <Headers headers={r.headers} label="Response headers" />}
      {r.body ? <pre className="capture-pre">{r.body}</pre> : null}
    </>
  );
}

function Forward({ f }: { f: ForwardResult }) {
  return (
    <>
      <p>
        <StatusBadge tone={f.error ? 'bad' : f.status !== null && f.status < 400 ? 'ok' : 'warn'}>
          {f.status ?? 'no answer'}
        </StatusBadge>{' '}
        <code>{f.url}</code> <span className="muted">{Math.round(f.durationMs)} ms</span>
      </p>
      {f.error && <p className="error-text">{f.error}</p>}
      {f.body !== null && f.bodyEncoding === 'utf8' && f.body && <pre className="capture-pre">{f.body}</pre>}
    </>
  );
}

/**
 * Hands the exact request to Verify, with "now" set to when it arrived so an
 * old capture is not failed for its age: the way to find out which secret a
 * sender really used. Secrets stay in the core, so the user pastes the one to try.
 */
function OpenInVerify({ c, profile }: { c: Capture; profile: VerifyResult['profile'] | null }) {
  const why = c.body.truncated
    ? 'The body was stored truncated (over the storage cap), so its signature cannot be checked again.'
    : !c.body.isText
      ? 'The body is binary; check it with `hookbench verify --body FILE`.'
      : null;
  return (
    <button
      type="button"
      className="small"
      disabled={why !== null}
      title={why ?? 'Check this exact request again with another secret or profile'}
      onClick={() => {
        useVerifyStore.getState().set({
          ...(profile ? { provider: profile } : {}),
          headersText: c.headers.map(([name, value]) => `${name}: ${value}`).join('\n'),
          body: c.body.text ?? '',
          nowText: String(Math.floor(Date.parse(c.receivedAt) / 1000)),
          secretsText: '',
        });
        useNavStore.getState().go('verify');
      }}
    >
      Open in Verify
    </button>
  );
}

/** Everything about one capture: the verdict and its steps first, then the request, what was answered, and the forward. */
export function CaptureDetail({ capture: c }: { capture: Capture }) {
  const v = c.verification as VerifyResult | null;
  const response = c.response as CaptureResponse | null;
  const forward = c.forward as ForwardResult | null;
  return (
    <article className="capture-detail" aria-label="Capture detail">
      <header className="capture-detail-head">
        <h3>
          <span className="method">{c.method}</span>{' '}
          <code>
            {c.path}
            {c.query ? `?${c.query}` : ''}
          </code>
        </h3>
        <p className="muted small">
          {new Date(c.receivedAt).toLocaleString()}
          {c.remoteAddress ? ` from ${c.remoteAddress}` : ''}
          {c.eventType ? ` · ${c.eventType}` : ''}
          {c.eventId ? ` · ${c.eventId}` : ''}
        </p>
        {c.rejectedReason && <p className="warn-text">Rejected: {c.rejectedReason}</p>}
        <div className="capture-detail-actions">
          <OpenInVerify c={c} profile={v?.profile ?? null} />
        </div>
      </header>
      <section aria-label="Verification">
        <h4>Verification</h4>
        {v ? (
          <VerifyResultPanel result={v} />
        ) : (
          <p className="muted">
            Not checked: this inbox has no verification set. Edit the inbox to choose a profile and secret.
          </p>
        )}
      </section>
      <section aria-label="Request headers">
        <h4>Request headers</h4>
        <Headers headers={c.headers} label="Request headers" />
      </section>
      <section>
        <h4>Body</h4>
        <BodyView body={c.body} label="Request body" />
      </section>
      <section aria-label="Answer">
        <h4>Answered</h4>
        {response ? <Answer r={response} /> : <p className="muted">No answer recorded.</p>}
      </section>
      {forward && (
        <section aria-label="Forward">
          <h4>Forwarded</h4>
          <Forward f={forward} />
        </section>
      )}
    </article>
  );
}
