import type { EmitResult, EmittedDelivery } from '../../../../shared/model/subscription';
import { StatusBadge } from '../../components/status-badge';

function Delivery({ d }: { d: EmittedDelivery }) {
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
      </div>
      {a?.error && <p className="error-text small">{a.error}</p>}
      {a?.timings && (
        <p className="muted small">
          connect {a.timings.connectMs ?? '–'} ms · first byte {a.timings.firstByteMs ?? '–'} ms · total{' '}
          {a.timings.totalMs ?? '–'} ms
        </p>
      )}
      {a && (a.responseHeaders.length > 0 || a.responseBody) && (
        <details className="response">
          <summary>Response{a.responseTruncated ? ' (body truncated)' : ''}</summary>
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

/** What came of a send: one entry per delivery, with the first attempt's answer. */
export function SendResultPanel({ result }: { result: EmitResult }) {
  return (
    <div role="region" aria-label="Send result">
      {result.deliveries.length === 0 ? (
        <p className="muted">No subscription listens to this event, so nothing was sent (event {result.eventId}).</p>
      ) : (
        <ul className="plain deliveries">
          {result.deliveries.map((d) => (
            <Delivery key={d.deliveryId} d={d} />
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
