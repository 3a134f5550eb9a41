import { useEffect, useState } from 'react';
import type { EmitResult, EmittedDelivery, RefusedDestination } from '../../../../shared/model/subscription';
import { formatIn, formatTime } from '../../components/exchange/exchange-format';
import { StatusBadge } from '../../components/status-badge';
import { useExchangeStore } from '../../stores/exchange/exchange-store';
import { useNavStore } from '../../stores/nav-store';
import { useSendStore, type DeliveryProgress } from '../../stores/send-store';

/** Re-renders every second while something is scheduled, so "in 4 s" counts down. */
function useTick(active: boolean): void {
  const [, setNow] = useState(0);
  useEffect(() => {
    if (!active) return;
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, [active]);
}

/** What happens after the first answer: the retries made and the one scheduled, followed live. */
function Retries({ d, p }: { d: EmittedDelivery; p: DeliveryProgress | undefined }) {
  useTick(p?.outcome === 'retrying');
  if (!d.subscriptionId)
    return (
      <p className="muted small">
        An ad-hoc URL gets one attempt: its secret is not stored, so nothing retries it. Send to a subscription to see
        its retry schedule.
      </p>
    );
  if (!p) return null;
  const made = p.attempts.length;
  return (
    <div className="retries" data-testid={`retries-${d.deliveryId}`}>
      {made > 1 && (
        <p className="small attempt-line" aria-label="Attempts">
          {p.attempts.map((a) => (
            <span key={a.n}>
              #{a.n} {a.status ?? 'no answer'}
            </span>
          ))}
        </p>
      )}
      <p className="small" role="status" aria-live="polite">
        {p.outcome === 'retrying' && p.nextAttemptAt ? (
          <span className="warn-text">
            Retry #{made + 1} scheduled at {formatTime(p.nextAttemptAt, { ms: false })} ({formatIn(p.nextAttemptAt)})
          </span>
        ) : p.outcome === 'succeeded' ? (
          <span className="ok-text">Succeeded{made > 1 ? ` on attempt ${made}` : ''}.</span>
        ) : p.outcome === 'failed' ? (
          <span className="error-text">Failed{made > 1 ? ` after ${made} attempts` : ''}: no retries left.</span>
        ) : p.outcome === 'cancelled' ? (
          <span className="muted">Cancelled.</span>
        ) : (
          <span className="muted">Attempt in progress…</span>
        )}
      </p>
    </div>
  );
}

function Delivery({ d }: { d: EmittedDelivery }) {
  const progress = useSendStore((s) => s.progress[d.deliveryId]);
  const a = d.firstAttempt;
  const label = a ? (a.ok ? `Delivered: ${a.status}` : a.status !== null ? `Failed: ${a.status}` : 'Failed') : 'Queued';
  return (
    <li className="delivery" aria-label={`${label} — ${d.url}`}>
      <div className="delivery-head">
        <StatusBadge tone={!a ? 'neutral' : a.ok ? 'ok' : 'bad'}>
          {a ? (a.status ?? 'no answer') : 'queued'}
        </StatusBadge>
        <code className="delivery-url">{d.url}</code>
        {a?.durationMs != null && <span className="muted small">{a.durationMs} ms</span>}
        <button
          type="button"
          className="link-button small"
          onClick={() => {
            useExchangeStore.getState().openById(d.deliveryId);
            useNavStore.getState().go('deliveries');
          }}
        >
          Open in Deliveries
        </button>
      </div>
      {a?.error && <p className="error-text small">{a.error}</p>}
      {a?.timings && (
        <p className="muted small">
          connect {a.timings.connectMs ?? '–'} ms · first byte {a.timings.firstByteMs ?? '–'} ms · total{' '}
          {a.timings.totalMs ?? '–'} ms
        </p>
      )}
      {a && !a.ok && <Retries d={d} p={progress} />}
      {a && (a.responseHeaders.length > 0 || a.responseBody) && (
        <details className="response">
          <summary>First response{a.responseTruncated ? ' (body truncated)' : ''}</summary>
          <pre className="response-pre">
            {a.responseHeaders.map(([n, v]) => `${n}: ${v}`).join('\n')}
            {a.responseBody ? `\n\n${a.responseBody}` : ''}
          </pre>
        </details>
      )}
      {!a && <p className="muted small">The engine sends it in the background; follow it in Deliveries.</p>}
    </li>
  );
}

/** A subscription that matched but could not be signed for: nothing went to it, and this says what to fix. */
function Refused({ r }: { r: RefusedDestination }) {
  return (
    <li className="delivery" aria-label={`Refused: ${r.name} — ${r.url}`}>
      <div className="delivery-head">
        <StatusBadge tone="bad">refused</StatusBadge>
        <strong>{r.name}</strong>
        <code className="delivery-url">{r.url}</code>
      </div>
      <p className="error-text small">
        {r.message} Fix its {r.field} in Subscriptions; nothing was sent to it.
      </p>
    </li>
  );
}

/** What came of a send, per destination: each delivery with its first answer and the retries that follow, and each refused one. */
export function SendResultPanel({ result }: { result: EmitResult }) {
  const { refused } = result;
  return (
    <div role="region" aria-label="Send result">
      {result.deliveries.length === 0 && refused.length === 0 ? (
        <p className="muted">No subscription listens to this event, so nothing was sent (event {result.eventId}).</p>
      ) : (
        <ul className="plain deliveries">
          {result.deliveries.map((d) => (
            <Delivery key={d.deliveryId} d={d} />
          ))}
          {refused.map((r) => (
            <Refused key={r.subscriptionId} r={r} />
          ))}
        </ul>
      )}
      {result.transaction && (
        <p className={result.transaction.succeededCall ? 'small' : 'small error-text'}>
          FusionAuth transaction ({result.transaction.policy}): {result.transaction.succeeded}/
          {result.transaction.webhooks} succeeded;
          {result.transaction.succeededCall
            ? ' the API call would succeed.'
            : ' the API call would fail with 504 [WebhookTransactionException].'}
        </p>
      )}
    </div>
  );
}
