import { useEffect, useState } from 'react';
import { AD_HOC, type ExchangeDetail } from '../../../../shared/model/exchange';
import { copyText } from '../clipboard';
import { findProfile, useCatalogStore } from '../../stores/catalog-store';
import { buildExport, curlFor, download, type ExportFormat } from '../../stores/exchange/exchange-export';
import { useExchangeStore } from '../../stores/exchange/exchange-store';
import { receiverBase, useStatusStore } from '../../stores/status-store';
import { exchangeIdOf } from '../../stores/exchange/exchange-detail';
import { resignedCurl, resignPlan } from './curl-copy';
import { ExportMenu } from './export-menu';
import { formatTime } from './exchange-format';
import { OpenInVerify } from './open-in-verify';
import { AccessNote, GatedButton } from '../gated';

/** Whether "Replay" can go straight back where the delivery went (a capture needs a target: the form). */
export function canReplayAsIs(d: ExchangeDetail): boolean {
  return d.kind === 'delivery' && d.delivery.subscriptionId !== '' && d.delivery.subscriptionId !== AD_HOC;
}

/** When the copied request was signed, and for how long receivers accept it. */
function signedNote(d: ExchangeDetail, toleranceSeconds: number | null): string {
  const at = d.kind === 'delivery' ? (d.attempts[0]?.startedAt ?? d.delivery.createdAt) : d.capture.receivedAt;
  const window = toleranceSeconds
    ? `verifiers reject it ${Math.round(toleranceSeconds / 60)} min after that`
    : 'verifiers that check timestamps reject it once it is older than their tolerance';
  return `“As sent” keeps its signature from ${formatTime(at, { ms: false })}: ${window}.`;
}

function CurlRow({ detail }: { detail: ExchangeDetail }) {
  const profiles = useCatalogStore((c) => c.profiles);
  const loadProfiles = useCatalogStore((c) => c.loadProfiles);
  const [state, setState] = useState<{ ok: boolean; text: string } | null>(null);
  useEffect(() => void loadProfiles(), [loadProfiles]);
  useEffect(() => {
    if (!state) return;
    const t = setTimeout(() => setState(null), 4000);
    return () => clearTimeout(t);
  }, [state]);
  const plan = resignPlan(detail);
  const tolerance = plan.ok ? (findProfile(profiles, plan.profile)?.defaultToleranceSeconds ?? null) : null;

  async function copy(what: 'sent' | 'now') {
    let text: string;
    if (what === 'sent') text = curlFor(detail, receiverBase());
    else {
      const made = await resignedCurl(detail, receiverBase());
      if (!made.ok) return setState({ ok: false, text: made.message });
      text = made.curl;
    }
    const copied = await copyText(text);
    setState(
      copied
        ? { ok: true, text: what === 'now' ? 'Copied, signed just now.' : 'Copied as sent.' }
        : { ok: false, text: 'Your browser refused the clipboard.' },
    );
  }

  return (
    <div className="curl-row" role="group" aria-label="Copy as curl">
      <span className="label-like">Copy as curl</span>
      <button type="button" onClick={() => void copy('sent')}>
        As sent
      </button>
      <button
        type="button"
        onClick={() => void copy('now')}
        disabled={!plan.ok}
        title={plan.ok ? 'The same bytes, signed now with the stored secret' : `Cannot re-sign: ${plan.why}`}
      >
        Re-signed now
      </button>
      <span className="copy-status" role="status" aria-live="polite">
        {state && <span className={state.ok ? 'ok-text' : 'error-text'}>{state.text}</span>}
      </span>
      <p className="muted small curl-note" data-testid="curl-note">
        {signedNote(detail, tolerance)}{' '}
        {plan.ok ? '“Re-signed now” signs the same bytes now.' : `It cannot be re-signed: ${plan.why}`}
      </p>
    </div>
  );
}

/** Replay, edit & replay, export and curl of the exchange in the detail pane. */
export function DetailActions({ detail, onEdit }: { detail: ExchangeDetail; onEdit(): void }) {
  const replay = useExchangeStore((s) => s.replay);
  const replaying = useExchangeStore((s) => s.replaying);
  const lastReplay = useExchangeStore((s) => s.lastReplay);
  const openById = useExchangeStore((s) => s.openById);
  const [exportError, setExportError] = useState<string | null>(null);
  const id = exchangeIdOf(detail);
  const asIs = canReplayAsIs(detail);

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
        {asIs && (
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
          {asIs ? 'Edit & replay' : 'Replay to…'}
        </GatedButton>
        {detail.kind === 'capture' && <OpenInVerify capture={detail.capture} />}
        <ExportMenu label="Export" itemLabel={(f) => `Export as ${f}`} onPick={(f) => void exportOne(f)} />
      </div>
      <AccessNote method="replay" what="Replay" />
      <CurlRow detail={detail} />
      <div className="action-status" role="status" aria-live="polite">
        {lastReplay && (
          <span className={lastReplay.ok ? 'ok-text' : 'error-text'} data-testid="replay-result">
            {lastReplay.message}{' '}
            {lastReplay.deliveryIds.length === 1 && (
              <button type="button" className="link-button" onClick={() => openById(lastReplay.deliveryIds[0]!)}>
                Open it
              </button>
            )}
          </span>
        )}
        {exportError && <span className="error-text">{exportError}</span>}
      </div>
    </div>
  );
}
