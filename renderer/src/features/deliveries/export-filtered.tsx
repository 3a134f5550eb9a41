import { useEffect, useState } from 'react';
import { buildExport, download, EXPORT_LIMIT, type ExportFormat } from '../../stores/log-export';
import { useLogStore } from '../../stores/log-store';
import { useStatusStore } from '../../stores/status-store';
import { receiverBase } from './detail-actions';
import { formatCount } from './format';

/** Export of everything the filter matches (up to EXPORT_LIMIT, newest first), as HAR or Hookbench JSON. */
export function ExportFiltered() {
  const total = useLogStore((s) => s.facets?.total ?? null);
  const [busy, setBusy] = useState<number | null>(null);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const applied = useLogStore((s) => s.applied);
  // a message about the previous filter's file would read as if it were about this one
  useEffect(() => setMessage(null), [applied]);

  async function run(format: ExportFormat) {
    setBusy(0);
    setMessage(null);
    const filter = useLogStore.getState().applied;
    const result = await buildExport(
      { filter },
      format,
      { version: useStatusStore.getState().status?.version ?? 'unknown', receiverBase: receiverBase() },
      setBusy,
    );
    setBusy(null);
    if (!result.ok) return setMessage({ ok: false, text: result.message });
    download(result.file);
    setMessage({
      ok: true,
      text: result.file.capped
        ? `Saved the newest ${formatCount(result.file.count)} exchanges to ${result.file.name}; for more, run "hookbench export" with the same filter.`
        : `Saved ${formatCount(result.file.count)} ${result.file.count === 1 ? 'exchange' : 'exchanges'} to ${result.file.name}.`,
    });
  }

  const disabled = busy !== null || total === 0;
  const over = total !== null && total > EXPORT_LIMIT;
  return (
    <div className="export-filtered">
      <span className="muted small">Export {over ? `newest ${formatCount(EXPORT_LIMIT)}` : 'filtered'}:</span>
      <button type="button" aria-label="Export filtered as HAR" disabled={disabled} onClick={() => void run('har')}>
        HAR
      </button>
      <button type="button" aria-label="Export filtered as JSON" disabled={disabled} onClick={() => void run('json')}>
        JSON
      </button>
      <span
        role="status"
        aria-live="polite"
        className={message && !message.ok ? 'error-text small' : 'muted small'}
        data-testid="export-status"
      >
        {busy !== null ? `Reading ${formatCount(busy)} exchanges…` : (message?.text ?? '')}
      </span>
    </div>
  );
}
