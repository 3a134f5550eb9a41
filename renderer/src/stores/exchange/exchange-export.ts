import { exchangeCurl } from '../../../../shared/export/curl';
import { toExportDocument, toNdjsonLines } from '../../../../shared/export/exchange-file';
import { toHar } from '../../../../shared/export/har';
import type { ExchangeDetail, ExchangeFilter } from '../../../../shared/model/exchange';
import type { MethodInput } from '../../../../shared/api/contract';
import { bridge } from '../../bridge/bridge';

/** The CLI's formats (`hookbench export --format`): HAR for other tools, Hookbench JSON/NDJSON to import again, curl to resend. */
export const exportFormats = [
  { id: 'har', label: 'HAR', ext: 'har', mime: 'application/json' },
  { id: 'json', label: 'JSON', ext: 'json', mime: 'application/json' },
  { id: 'ndjson', label: 'NDJSON', ext: 'ndjson', mime: 'application/x-ndjson' },
  { id: 'curl', label: 'curl', ext: 'sh', mime: 'text/x-shellscript' },
] as const;
export type ExportFormat = (typeof exportFormats)[number]['id'];

/**
 * A browser export holds every exchange in memory twice (records, then text),
 * so it stops here; the CLI (`hookbench export`) streams any size.
 */
export const EXPORT_LIMIT = 5000;

export interface ExportFile {
  name: string;
  text: string;
  mime: string;
  count: number;
  /** True when the filter matched more than EXPORT_LIMIT exchanges. */
  capped: boolean;
}

export type ExportResult = { ok: true; file: ExportFile } | { ok: false; message: string };

async function collect(
  selection: { ids: string[] } | { filter: ExchangeFilter },
  onProgress?: (n: number) => void,
): Promise<{ exchanges: ExchangeDetail[]; capped: boolean } | string> {
  const exchanges: ExchangeDetail[] = [];
  let cursor: string | null = null;
  for (;;) {
    const input: MethodInput<'exportExchanges'> =
      'ids' in selection
        ? { ids: selection.ids, limit: 500 }
        : { ...selection.filter, limit: 100, ...(cursor ? { cursor } : {}) };
    const result = await bridge().call('exportExchanges', input);
    if (!result.ok) return result.error.message;
    exchanges.push(...result.value.exchanges);
    onProgress?.(exchanges.length);
    cursor = result.value.nextCursor;
    if ('ids' in selection || !cursor) return { exchanges, capped: false };
    if (exchanges.length >= EXPORT_LIMIT) return { exchanges: exchanges.slice(0, EXPORT_LIMIT), capped: true };
  }
}

function stamp(now: Date): string {
  return now
    .toISOString()
    .replace(/[:]/g, '-')
    .replace(/\.\d+Z$/, 'Z');
}

/** A capture's curl goes to the receiver it reached (or to your app, when the receiver is not running). */
export const curlFor = (d: ExchangeDetail, receiverBase: string | undefined): string =>
  exchangeCurl(d, receiverBase ?? 'http://localhost:3000');

function render(format: ExportFormat, exchanges: ExchangeDetail[], now: Date, meta: ExportMeta): string {
  switch (format) {
    case 'har':
      return JSON.stringify(toHar(exchanges, meta.version, meta.receiverBase), null, 2);
    case 'json':
      return JSON.stringify(toExportDocument(exchanges, now.toISOString()), null, 2);
    case 'ndjson':
      return toNdjsonLines(exchanges);
    case 'curl':
      return `#!/bin/sh\n# ${exchanges.length} exchanges from Hookbench, newest first, signed as they were then.\n\n${exchanges
        .map((e) => curlFor(e, meta.receiverBase))
        .join('\n\n')}\n`;
  }
}

export interface ExportMeta {
  version: string;
  receiverBase?: string;
}

/** One exchange (by id) or the filtered set, in any export format, as text ready to download. */
export async function buildExport(
  selection: { ids: string[] } | { filter: ExchangeFilter },
  format: ExportFormat,
  meta: ExportMeta,
  onProgress?: (n: number) => void,
): Promise<ExportResult> {
  const got = await collect(selection, onProgress);
  if (typeof got === 'string') return { ok: false, message: got };
  if (got.exchanges.length === 0) return { ok: false, message: 'Nothing to export: no exchange matches.' };
  const now = new Date();
  const base =
    'ids' in selection && selection.ids.length === 1
      ? `hookbench-${selection.ids[0]}`
      : `hookbench-exchanges-${stamp(now)}`;
  const spec = exportFormats.find((f) => f.id === format)!;
  return {
    ok: true,
    file: {
      name: `${base}.${spec.ext}`,
      text: render(format, got.exchanges, now, meta),
      mime: spec.mime,
      count: got.exchanges.length,
      capped: got.capped,
    },
  };
}

/** Saves text through a Blob link: a download in a browser, the save dialog in Electron. */
export function download(file: ExportFile): void {
  const url = URL.createObjectURL(new Blob([file.text], { type: file.mime }));
  const a = document.createElement('a');
  a.href = url;
  a.download = file.name;
  a.style.display = 'none';
  document.body.appendChild(a);
  a.click();
  a.remove();
  // the download has its own reference by now; free ours on the next turn
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
