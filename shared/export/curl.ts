import type { BodyView, ExchangeDetail, HeaderList } from '../model/exchange';

/** POSIX shell single-quoting: safe for any text, including quotes and newlines. */
export function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

// curl computes these itself; copying them would break the replayed request.
const SKIP = new Set(['content-length', 'host', 'connection', 'transfer-encoding']);

export interface CurlRequest {
  method: string;
  url: string;
  headers: HeaderList;
  body: BodyView | string | null;
}

/**
 * A curl command that resends the exact bytes: text bodies inline, binary ones
 * decoded from base64 on the fly, so a signature over the raw body still verifies.
 */
export function toCurl(req: CurlRequest): string {
  const parts = ['curl', '-sS', '-X', req.method.toUpperCase(), shellQuote(req.url)];
  for (const [name, value] of req.headers) {
    if (!SKIP.has(name.toLowerCase())) parts.push('-H', shellQuote(`${name}: ${value}`));
  }
  const body = req.body;
  if (typeof body === 'string') {
    if (body.length) parts.push('--data-binary', shellQuote(body));
    return parts.join(' ');
  }
  if (!body || body.size === 0) return parts.join(' ');
  if (body.isText && body.text !== null) {
    parts.push('--data-binary', shellQuote(body.text));
    return parts.join(' ') + (body.truncated ? `  # body truncated in the log: ${body.size} bytes originally` : '');
  }
  parts.push('--data-binary', '@-');
  return `printf %s ${shellQuote(body.base64 ?? '')} | base64 -d | ${parts.join(' ')}`;
}

/**
 * One exchange as a commented curl command with the signature it carried: a
 * delivery as first sent, a capture sent again to `captureBase` (the receiver,
 * or your app) with its path and query.
 */
export function exchangeCurl(e: ExchangeDetail, captureBase: string): string {
  if (e.kind === 'delivery')
    return `# delivery ${e.delivery.id} (${e.delivery.eventType})\n${toCurl({ ...e.delivery.request, url: e.delivery.targetUrl })}`;
  const c = e.capture;
  const query = c.query ? `?${c.query.replace(/^\?/, '')}` : '';
  return `# capture ${c.id} (inbox ${c.inboxId})\n${toCurl({ method: c.method, url: `${captureBase}${c.path}${query}`, headers: c.headers, body: c.body })}`;
}
