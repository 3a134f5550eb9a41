import { useEffect, useState } from 'react';
import { ExportMenu } from '../../components/exchange/export-menu';
import { formatCount } from '../../components/exchange/exchange-format';
import { buildExport, download, EXPORT_LIMIT, type ExportFormat } from '../../stores/exchange/exchange-export';
import { useExchangeStore } from '../../stores/exchange/exchange-store';
import { receiverBase, useStatusStore } from '../../stores/status-store';

/** Export of everything the filter matches (up to EXPORT_LIMIT, newest first), in any of the CLI's formats. */
export function ExportFiltered() {
  const total = useExchangeStore((s) => s.facets?.total ?? null);
  const applied = useExchangeStore((s) => s.applied);
  const [busy, setBusy] = useState<number | null>(null);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  // a message about the previous filter's file would read as if it were about this one
  useEffect(() => setMessage(null), [applied]);

  async function run(format: ExportFormat) {
    setBusy(0);
    setMessage(null);
    const result = await buildExport(
      { filter: useExchangeStore.getState().applied },
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

  const over = total !== null && total > EXPORT_LIMIT;
  return (
    <div className="export-filtered">
      <ExportMenu
        label={over ? `Export newest ${formatCount(EXPORT_LIMIT)}` : 'Export filtered'}
        itemLabel={(f) => `Export filtered as ${f}`}
        disabled={busy !== null || total === 0}
        onPick={(f) => void run(f)}
      />
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
