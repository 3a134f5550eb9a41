import { useState } from 'react';
import type { ExchangeDetail } from '../../../../shared/model/exchange';
import { StatusBadge } from '../../components/status-badge';
import { useDetailStore } from '../../stores/log-detail-store';
import { BodyPanel, HeadersTable } from './body-view';
import { DetailActions } from './detail-actions';
import { AttemptTimeline, CaptureVerification, ForwardSection } from './exchange-sections';
import { formatDuration, formatTime, outcomeTone } from './format';
import { ReplayForm } from './replay-form';

type Tab = 'request' | 'response' | 'attempts' | 'verification' | 'forward';

function tabsFor(d: ExchangeDetail): { id: Tab; label: string }[] {
  if (d.kind === 'delivery')
    return [
      { id: 'request', label: 'Request' },
      { id: 'response', label: 'Response' },
      { id: 'attempts', label: `Attempts (${d.attempts.length})` },
    ];
  return [
    { id: 'request', label: 'Request' },
    { id: 'response', label: 'Response' },
    { id: 'verification', label: 'Verification' },
    { id: 'forward', label: 'Forward' },
  ];
}

function RequestTab({ d }: { d: ExchangeDetail }) {
  if (d.kind === 'delivery') {
    const r = d.delivery.request;
    return (
      <>
        <p className="req-line">
          <code>
            {r.method} {r.url}
          </code>
        </p>
        <HeadersTable headers={r.headers} label="Request headers" />
        <BodyPanel body={r.body} label="Request body" />
      </>
    );
  }
  const c = d.capture;
  return (
    <>
      <p className="req-line">
        <code>
          {c.method} {c.path}
          {c.query ? (c.query.startsWith('?') ? c.query : `?${c.query}`) : ''}
        </code>{' '}
        <span className="muted small">from {c.remoteAddress ?? 'unknown'}</span>
      </p>
      <HeadersTable headers={c.headers} label="Request headers" />
      <BodyPanel body={c.body} label="Request body" />
    </>
  );
}

function ResponseTab({ d }: { d: ExchangeDetail }) {
  if (d.kind === 'delivery') {
    const last = d.attempts[d.attempts.length - 1];
    if (!last) return <p className="muted">No attempt yet, so no response.</p>;
    if (!last.response)
      return (
        <p className="error-text">
          Attempt {last.n} got no response: {last.error ?? 'unknown reason'}.
        </p>
      );
    return (
      <>
        <p className="muted small">
          Response to attempt {last.n} of {d.attempts.length}.
        </p>
        <p>
          <StatusBadge tone={outcomeTone(last.response.status < 300 ? 'succeeded' : 'failed')}>
            HTTP {last.response.status}
          </StatusBadge>
        </p>
        <HeadersTable headers={last.response.headers} label="Response headers" />
        <BodyPanel body={last.response.body} label="Response body" />
      </>
    );
  }
  const r = d.capture.response;
  if (!r)
    return (
      <p className="muted">
        The receiver did not answer{d.capture.rejectedReason ? `: ${d.capture.rejectedReason}` : ''}.
      </p>
    );
  const text = r.body ?? '';
  return (
    <>
      <p>
        <StatusBadge tone={r.status > 0 && r.status < 300 ? 'ok' : 'bad'}>
          {r.status === 0 ? 'No HTTP answer (fault)' : `HTTP ${r.status}`}
        </StatusBadge>
      </p>
      <HeadersTable headers={r.headers ?? []} label="Response headers" />
      <BodyPanel
        body={{ isText: true, text, base64: null, size: new TextEncoder().encode(text).length, truncated: false }}
        label="Response body"
      />
    </>
  );
}

/** Everything about one exchange, with its actions; keyed by id so views reset per exchange. */
export function DetailPane({ onClose }: { onClose(): void }) {
  const { detail, loading, error, id } = useDetailStore();
  const [tab, setTab] = useState<Tab>('request');
  const [editingId, setEditingId] = useState<string | null>(null);

  if (!id) return null;
  if (!detail) {
    return (
      <aside className="detail-pane" aria-label="Exchange detail">
        <div className="detail-head">
          <h2>{id}</h2>
          <button type="button" onClick={onClose} aria-label="Close detail">
            ✕
          </button>
        </div>
        {loading ? (
          <p className="muted">Loading…</p>
        ) : (
          <p className="error-text" role="alert">
            {error ?? 'Not found.'}
          </p>
        )}
      </aside>
    );
  }
  const tabs = tabsFor(detail);
  const current = tabs.some((t) => t.id === tab) ? tab : 'request';
  const isDelivery = detail.kind === 'delivery';
  const summary = isDelivery ? detail.delivery : detail.capture;
  const time = isDelivery ? detail.delivery.createdAt : detail.capture.receivedAt;
  const status = isDelivery ? detail.delivery.lastStatus : (detail.capture.response?.status ?? null);
  return (
    <aside className="detail-pane" aria-label="Exchange detail" data-id={summary.id}>
      <div className="detail-head">
        <h2 title={summary.id}>{summary.eventType ?? (isDelivery ? 'delivery' : 'capture')}</h2>
        <button type="button" onClick={onClose} aria-label="Close detail" title="Close (Esc)">
          ✕
        </button>
      </div>
      <p className="detail-facts">
        <StatusBadge tone={outcomeTone(summary.outcome)}>{summary.outcome}</StatusBadge>
        {status !== null && <span>HTTP {status}</span>}
        <span className="muted">{formatTime(time)}</span>
        <span className="muted">{formatDuration(summary.durationMs)}</span>
        <code className="muted small">{summary.id}</code>
      </p>
      <DetailActions detail={detail} onEdit={() => setEditingId(summary.id)} />
      {editingId === summary.id ? (
        <ReplayForm key={summary.id} detail={detail} onDone={() => setEditingId(null)} />
      ) : (
        <>
          <div role="tablist" aria-label="Exchange parts" className="tabs">
            {tabs.map((t) => (
              <button
                key={t.id}
                type="button"
                role="tab"
                id={`tab-${t.id}`}
                aria-selected={t.id === current}
                aria-controls="detail-tabpanel"
                className={t.id === current ? 'tab tab-on' : 'tab'}
                onClick={() => setTab(t.id)}
              >
                {t.label}
              </button>
            ))}
          </div>
          <div
            role="tabpanel"
            id="detail-tabpanel"
            aria-labelledby={`tab-${current}`}
            className="tabpanel"
            key={`${summary.id}-${current}`}
          >
            {current === 'request' && <RequestTab d={detail} />}
            {current === 'response' && <ResponseTab d={detail} />}
            {current === 'attempts' && isDelivery && (
              <AttemptTimeline attempts={detail.attempts} nextAttemptAt={detail.delivery.nextAttemptAt} />
            )}
            {current === 'verification' && !isDelivery && <CaptureVerification capture={detail.capture} />}
            {current === 'forward' && !isDelivery && <ForwardSection forward={detail.capture.forward} />}
          </div>
        </>
      )}
      {loading && <p className="muted small">Refreshing…</p>}
    </aside>
  );
}
