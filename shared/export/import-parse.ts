import type { BodyView, ExchangeDetail, HeaderList } from '../model/exchange';
import { EXPORT_FORMAT, isExchangeDetail } from './exchange-file';
import type { Har, HarEntry } from './har';

export type ImportFormat = 'hookbench-json' | 'ndjson' | 'har';

export interface ParsedImport {
  format: ImportFormat;
  exchanges: ExchangeDetail[];
  /** Lines or entries that could not be read, with why; the rest still imports. */
  problems: string[];
}

export class ImportFormatError extends Error {}

const utf8Size = (text: string) => new TextEncoder().encode(text).byteLength;
const base64Size = (b64: string) => Math.floor((b64.replace(/=+$/, '').length * 3) / 4);

function textBody(text: string | undefined, encoding?: string): BodyView {
  if (!text) return { isText: true, text: '', base64: null, size: 0, truncated: false };
  if (encoding === 'base64')
    return { isText: false, text: null, base64: text, size: base64Size(text), truncated: false };
  return { isText: true, text, base64: null, size: utf8Size(text), truncated: false };
}

const headerList = (list: { name: string; value: string }[] | undefined): HeaderList =>
  (list ?? []).map((h) => [String(h.name), String(h.value)]);

/** A HAR entry recorded by another tool becomes a delivery with one attempt: a request sent and what came back. */
function foreignEntry(entry: HarEntry, id: string): ExchangeDetail {
  const req = entry.request;
  const res = entry.response;
  const reqBody = textBody(req.postData?.text, req.postData?._encoding);
  const status = res && res.status > 0 ? res.status : null;
  const resBody = textBody(res?.content?.text, res?.content?.encoding);
  const headers = headerList(req.headers);
  return {
    kind: 'delivery',
    delivery: {
      id,
      createdAt: new Date(entry.startedDateTime).toISOString(),
      eventType: 'imported',
      eventId: id,
      subscriptionId: '',
      profile: null,
      targetUrl: req.url,
      outcome: status !== null && status >= 200 && status < 300 ? 'succeeded' : 'failed',
      lastStatus: status,
      attempts: 1,
      nextAttemptAt: null,
      durationMs: Math.round(entry.time ?? 0),
      request: { method: req.method, url: req.url, headers, body: reqBody },
      replayOf: null,
    },
    replays: [],
    attempts: [
      {
        deliveryId: id,
        n: 1,
        startedAt: new Date(entry.startedDateTime).toISOString(),
        request: { headers, body: reqBody },
        response: status !== null ? { status, headers: headerList(res.headers), body: resBody } : null,
        timings: { connectMs: null, firstByteMs: entry.timings?.wait ?? null, totalMs: Math.round(entry.time ?? 0) },
        error: res?._error ?? null,
      },
    ],
  };
}

function fromHar(har: Har, newId: () => string): ParsedImport {
  const exchanges: ExchangeDetail[] = [];
  const problems: string[] = [];
  har.log.entries.forEach((entry, i) => {
    const mark = entry._hookbench;
    if (mark && 'ref' in mark) return; // a later attempt of an exchange carried whole by its first entry
    if (mark && 'exchange' in mark) {
      if (isExchangeDetail(mark.exchange)) exchanges.push(mark.exchange);
      else problems.push(`entry ${i + 1}: its _hookbench record is damaged`);
      return;
    }
    if (!entry.request?.url || !entry.request?.method || Number.isNaN(Date.parse(entry.startedDateTime))) {
      problems.push(`entry ${i + 1}: no request method, URL or start time`);
      return;
    }
    exchanges.push(foreignEntry(entry, newId()));
  });
  return { format: 'har', exchanges, problems };
}

/**
 * Reads what `export` writes (Hookbench JSON, NDJSON, HAR) and HAR files from
 * other tools. Damaged parts are listed, never silently dropped.
 */
export function parseImport(text: string, newId: () => string = () => globalThis.crypto.randomUUID()): ParsedImport {
  const trimmed = text.trim();
  if (!trimmed) throw new ImportFormatError('The file is empty.');
  let doc: unknown;
  try {
    doc = JSON.parse(trimmed);
  } catch {
    doc = undefined;
  }
  if (doc !== undefined && typeof doc === 'object' && doc !== null && !Array.isArray(doc)) {
    const d = doc as Record<string, unknown>;
    if (d.format === EXPORT_FORMAT && Array.isArray(d.exchanges)) {
      const problems: string[] = [];
      const exchanges = d.exchanges.filter(
        (e, i) => isExchangeDetail(e) || (problems.push(`exchange ${i + 1} is not a Hookbench record`), false),
      ) as ExchangeDetail[];
      return { format: 'hookbench-json', exchanges, problems };
    }
    const log = d.log as { entries?: unknown } | undefined;
    if (log && Array.isArray(log.entries)) return fromHar(doc as Har, newId);
    if (isExchangeDetail(doc)) return { format: 'ndjson', exchanges: [doc], problems: [] };
    throw new ImportFormatError(
      'This JSON is neither a Hookbench export nor a HAR file (no "format": "hookbench-export" and no log.entries).',
    );
  }
  const exchanges: ExchangeDetail[] = [];
  const problems: string[] = [];
  trimmed.split('\n').forEach((line, i) => {
    if (!line.trim()) return;
    try {
      const value = JSON.parse(line);
      if (isExchangeDetail(value)) exchanges.push(value);
      else problems.push(`line ${i + 1}: not a Hookbench exchange`);
    } catch (err) {
      problems.push(`line ${i + 1}: not JSON (${(err as Error).message})`);
    }
  });
  if (exchanges.length === 0)
    throw new ImportFormatError(
      `Nothing to import: expected Hookbench JSON, NDJSON or HAR. ${problems.slice(0, 3).join('; ')}`,
    );
  return { format: 'ndjson', exchanges, problems };
}
