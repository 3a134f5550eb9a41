import type { BodyView, HeaderList } from '../model/exchange';

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
