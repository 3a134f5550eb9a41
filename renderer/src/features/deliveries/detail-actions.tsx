import { useState } from 'react';
import { toCurl } from '../../../../shared/export/curl';
import type { ExchangeDetail } from '../../../../shared/model/exchange';
import { CopyButton } from '../../components/copy-button';
import { useDetailStore } from '../../stores/log-detail-store';
import { buildExport, download, type ExportFormat } from '../../stores/log-export';
import { useStatusStore } from '../../stores/status-store';
import { AccessNote, GatedButton } from '../../components/gated';

export function receiverBase(): string | undefined {
  return useStatusStore
    .getState()
    .status?.listening.find((l) => l.name === 'receiver')
    ?.url.replace(/\/$/, '');
}

/** The exact request as curl: a delivery's first attempt as sent, a capture as it reached the receiver. */
export function curlFor(d: ExchangeDetail): string {
  if (d.kind === 'delivery') {
    const first = d.attempts[0];
    return toCurl({
      method: d.delivery.request.method,
      url: d.delivery.targetUrl,
      headers: first?.request.headers ?? d.delivery.request.headers,
      body: first?.request.body ?? d.delivery.request.body,
    });
  }
  const c = d.capture;
  const query = c.query ? (c.query.startsWith('?') ? c.query : `?${c.query}`) : '';
  return toCurl({
    method: c.method,
    url: `${receiverBase() ?? 'http://127.0.0.1:7781'}${c.path}${query}`,
    headers: c.headers,
    body: c.body,
  });
}

/** Replay, edit & replay, curl and export of the exchange in the detail pane. */
export function DetailActions({ detail, onEdit }: { detail: ExchangeDetail; onEdit(): void }) {
  const replay = useDetailStore((s) => s.replay);
  const replaying = useDetailStore((s) => s.replaying);
  const lastReplay = useDetailStore((s) => s.lastReplay);
  const [exportError, setExportError] = useState<string | null>(null);
  const id = detail.kind === 'delivery' ? detail.delivery.id : detail.capture.id;
  // A capture has no subscription to go back to: replaying it needs a target, so it goes through the form.
  const canReplayAsIs = detail.kind === 'delivery' && detail.delivery.subscriptionId !== '';

  async function exportOne(format: ExportFormat) {
    setExportError(null);
    const result = await buildExport({ ids: [id] }, format, {
      version: useStatusStore.getState().status?.version ?? 'unknown',
      receiverBase: receiverBase(),
    });
    if (result.ok) download(result.file);
    else setExportError(result.message);
  }

  return (
    <div className="detail-actions">
      <div className="actions" role="toolbar" aria-label="Exchange actions">
        {canReplayAsIs && (
          <GatedButton
            method="replay"
            type="button"
            className="primary"
            disabled={replaying}
            onClick={() => void replay()}
            title="Replay to the original subscription (r)"
          >
            {replaying ? 'Replaying…' : 'Replay'}
          </GatedButton>
        )}
        <GatedButton method="replay" type="button" onClick={onEdit}>
          {canReplayAsIs ? 'Edit & replay' : 'Replay to…'}
        </GatedButton>
        <button type="button" onClick={() => void exportOne('har')}>
          Export HAR
        </button>
        <button type="button" onClick={() => void exportOne('json')}>
          Export JSON
        </button>
        <CopyButton label="Copy as curl" text={() => curlFor(detail)} />
      </div>
      <AccessNote method="replay" what="Replay" />
      <div className="action-status" role="status" aria-live="polite">
        {lastReplay && (
          <span className={lastReplay.ok ? 'ok-text' : 'error-text'} data-testid="replay-result">
            {lastReplay.message}
          </span>
        )}
        {exportError && <span className="error-text">{exportError}</span>}
      </div>
    </div>
  );
}
