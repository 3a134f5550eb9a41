import { useState } from 'react';
import type { ExchangeDetail } from '../../../../shared/model/exchange';
import { verdictOf } from '../../../../shared/model/exchange';
import { useExchangeStore } from '../../stores/exchange/exchange-store';
import { StatusBadge } from '../status-badge';
import { AttemptTimeline } from './attempt-timeline';
import { BodyView } from './body-view';
import { AnswerSection, ForwardSection } from './capture-parts';
import { DetailActions } from './detail-actions';
import { formatDateTime, formatDuration, outcomeLabel, outcomeTone } from './exchange-format';
import { HeadersTable } from './headers-table';
import { ReplayForm } from './replay-form';
import { VerificationSection } from './verification';

type Tab = 'request' | 'response' | 'attempts' | 'verification' | 'forward';

function tabsFor(d: ExchangeDetail): { id: Tab; label: string }[] {
  if (d.kind === 'delivery')
    return [
      { id: 'request', label: 'Request' },
      { id: 'response', label: 'Response' },
      { id: 'attempts', label: `Attempts (${d.attempts.length})` },
    ];
  return [
    { id: 'verification', label: 'Verification' },
    { id: 'request', label: 'Request' },
    { id: 'response', label: 'Answer' },
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
        <BodyView body={r.body} label="Request body" />
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
      <BodyView body={c.body} label="Request body" />
    </>
  );
}

function ResponseTab({ d }: { d: ExchangeDetail }) {
  if (d.kind === 'capture') return <AnswerSection capture={d.capture} />;
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
        Response to attempt {last.n} of {d.attempts.length}:{' '}
        <StatusBadge tone={last.response.status < 300 ? 'ok' : 'bad'}>HTTP {last.response.status}</StatusBadge>
      </p>
      <HeadersTable headers={last.response.headers} label="Response headers" />
      <BodyView body={last.response.body} label="Response body" />
    </>
  );
}

/** "Replay of …" and "Replayed as …": each opens the other exchange in this pane. */
function ReplayLinks({ d }: { d: ExchangeDetail }) {
  const openById = useExchangeStore((s) => s.openById);
  const replayOf = d.kind === 'delivery' ? d.delivery.replayOf : null;
  const replays = d.replays ?? [];
  if (!replayOf && replays.length === 0) return null;
  return (
    <div className="replay-links" aria-label="Replay links" role="group">
      {replayOf && (
        <p>
          A replay of{' '}
          <button type="button" className="link-button" onClick={() => openById(replayOf)}>
            <code>{replayOf}</code>
          </button>
        </p>
      )}
      {replays.length > 0 && (
        <p>
          Replayed as{' '}
          {replays.map((r, i) => (
            <span key={r.id}>
              {i > 0 && ', '}
              <button type="button" className="link-button" onClick={() => openById(r.id)}>
                <code>{r.id}</code>
              </button>{' '}
              <StatusBadge tone={outcomeTone(r.outcome)}>{r.outcome}</StatusBadge>
            </span>
          ))}
        </p>
      )}
    </div>
  );
}

/** Everything about one exchange, with its actions; keyed by id so views reset per exchange. */
export function DetailPane({ onClose }: { onClose(): void }) {
  const detail = useExchangeStore((s) => s.detail);
  const loading = useExchangeStore((s) => s.detailLoading);
  const error = useExchangeStore((s) => s.detailError);
  const id = useExchangeStore((s) => s.detailId);
  const [tab, setTab] = useState<Tab | null>(null);
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
  const current = tab && tabs.some((t) => t.id === tab) ? tab : tabs[0]!.id;
  const isDelivery = detail.kind === 'delivery';
  const record = isDelivery ? detail.delivery : detail.capture;
  const time = isDelivery ? detail.delivery.createdAt : detail.capture.receivedAt;
  const status = isDelivery ? detail.delivery.lastStatus : (detail.capture.response?.status ?? null);
  const label = outcomeLabel({
    kind: detail.kind,
    outcome: record.outcome,
    verdict: isDelivery ? null : verdictOf(detail.capture.verification),
  });
  return (
    <aside className="detail-pane" aria-label="Exchange detail" data-id={record.id}>
      <div className="detail-head">
        <h2 title={record.id}>
          {isDelivery ? '' : <span className="method">{detail.capture.method} </span>}
          {record.eventType ?? (isDelivery ? 'delivery' : detail.capture.path)}
        </h2>
        <button type="button" onClick={onClose} aria-label="Close detail" title="Close (Esc)">
          ✕
        </button>
      </div>
      <p className="detail-facts">
        <StatusBadge tone={label.tone}>{label.text}</StatusBadge>
        {status ? <span>HTTP {status}</span> : null}
        <span className="muted">{formatDateTime(time)}</span>
        <span className="muted">{formatDuration(record.durationMs)}</span>
        <code className="muted small">{record.id}</code>
      </p>
      {!isDelivery && detail.capture.rejectedReason && (
        <p className="warn-text">Rejected: {detail.capture.rejectedReason}</p>
      )}
      <ReplayLinks d={detail} />
      <DetailActions detail={detail} onEdit={() => setEditingId(record.id)} />
      {editingId === record.id ? (
        <ReplayForm key={record.id} detail={detail} onDone={() => setEditingId(null)} />
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
            key={`${record.id}-${current}`}
          >
            {current === 'request' && <RequestTab d={detail} />}
            {current === 'response' && <ResponseTab d={detail} />}
            {current === 'attempts' && isDelivery && (
              <AttemptTimeline attempts={detail.attempts} nextAttemptAt={detail.delivery.nextAttemptAt} />
            )}
            {current === 'verification' && !isDelivery && <VerificationSection capture={detail.capture} />}
            {current === 'forward' && !isDelivery && <ForwardSection forward={detail.capture.forward} />}
          </div>
        </>
      )}
      {loading && <p className="muted small">Refreshing…</p>}
    </aside>
  );
}
