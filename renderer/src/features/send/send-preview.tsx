import { useEffect, useState } from 'react';
import { toCurl } from '../../../../shared/export/curl';
import { CopyButton } from '../../components/copy-button';
import { EmptyState } from '../../components/empty-state';
import { formatTime } from '../../components/exchange/exchange-format';
import { HeadersTable } from '../../components/exchange/headers-table';
import { findProfile, useCatalogStore } from '../../stores/catalog-store';
import { localProblems, useSendStore } from '../../stores/send-store';

/** Re-signs while the user edits, a little after the last keystroke. */
function useLivePreview() {
  const { provider, event, payload, secret, target, custom, refreshPreview } = useSendStore();
  useEffect(() => {
    const t = setTimeout(() => void refreshPreview(), 250);
    return () => clearTimeout(t);
  }, [provider, event, payload, secret, target, custom, refreshPreview]);
}

/** The exact headers an ad-hoc send carries, and the same request as a curl command. */
export function SendPreview() {
  useLivePreview();
  const s = useSendStore();
  const profiles = useCatalogStore((c) => c.profiles);
  const [copyError, setCopyError] = useState<string | null>(null);
  const tolerance = findProfile(profiles, s.provider)?.defaultToleranceSeconds ?? null;
  const problems = localProblems(s);
  const blocked = Object.keys(problems).length > 0;

  /** Signed afresh at click time: a curl is only accepted within the receiver's tolerance. */
  async function curl(): Promise<string | null> {
    if (blocked) {
      setCopyError('Fix the marked fields first: nothing was copied.');
      return null;
    }
    const preview = await useSendStore.getState().refreshPreview();
    if (!preview) {
      setCopyError(useSendStore.getState().previewError ?? 'Could not sign the request.');
      return null;
    }
    setCopyError(null);
    // Kinde's body is the signed JWT the preview returns, not the payload.
    return toCurl({
      method: 'POST',
      url: s.url.trim(),
      headers: Object.entries(preview.headers),
      body: preview.body ?? s.payload,
    });
  }

  if (s.target !== 'url') {
    return (
      <section className="panel" aria-labelledby="preview-title">
        <h2 id="preview-title">Headers to be sent</h2>
        <EmptyState title="Signed by the core at send time">
          Subscriptions keep their secrets in the core, so their signatures are made when the event is sent; each
          delivery's exact headers appear in its result and in Deliveries.
        </EmptyState>
      </section>
    );
  }
  return (
    <section className="panel" aria-labelledby="preview-title">
      <div className="panel-head">
        <h2 id="preview-title">Headers to be sent</h2>
        <CopyButton label="Copy as curl" text={curl} disabled={blocked} />
      </div>
      {copyError && (
        <p role="alert" className="error-text small">
          {copyError}
        </p>
      )}
      {!copyError && problems.url && (
        <p className="muted small">Copy as curl is off until the URL is fixed: {problems.url}.</p>
      )}
      {s.previewError ? (
        <p role="alert" className="error-text">
          {s.previewError}
        </p>
      ) : problems.payload ? (
        <p className="muted">The payload is not valid JSON, so nothing is signed.</p>
      ) : problems.secret || problems.custom ? (
        <p className="muted">
          Enter the secret{problems.custom ? ' and a valid signing scheme' : ''} to see the signed headers.
        </p>
      ) : !s.preview ? (
        <p className="muted">Signing…</p>
      ) : (
        <>
          <HeadersTable headers={Object.entries(s.preview.headers)} label="Headers to be sent" />
          <p className="muted small">
            Signed at {formatTime(new Date(s.preview.signedAt * 1000).toISOString(), { ms: false })} over{' '}
            <code>{s.preview.computed.signedContent}</code> ({s.preview.computed.signedContentLength} bytes,{' '}
            {s.preview.computed.algorithm}).
            {tolerance
              ? ` Receivers accept it for ${Math.round(tolerance / 60)} min; Send and Copy sign afresh.`
              : ' Send and Copy sign afresh.'}
          </p>
        </>
      )}
    </section>
  );
}
