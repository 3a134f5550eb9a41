import { request, type Dispatcher } from 'undici';
import type { ForwardingConfig, ForwardResult } from '../../../shared/model/inbox';
import type { HeaderList } from '../../../shared/model/exchange';
import { isCredentialHeader } from '../../../shared/security/credential-headers';

/** Hop-by-hop headers (RFC 9110 §7.6.1) and what undici computes itself for the new connection. */
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'proxy-authenticate',
  'proxy-authorization',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'host',
  'content-length',
  'expect',
]);
/** Stored beside the capture; the sender still gets the whole body. */
const RECORDED_BODY_LIMIT = 256 * 1024;
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

export interface ForwardOutcome {
  result: ForwardResult;
  /** The full response, to answer the sender with; null when the target gave none. */
  response: { status: number; headers: HeaderList; body: Buffer } | null;
}

/** `.`, `..` and their percent-encoded spellings (`%2e%2e`, `.%2E`): what a URL parser resolves as dot segments. */
const dotSegment = (segment: string): '.' | '..' | null => {
  const plain = segment.replace(/%2e/gi, '.');
  return plain === '.' || plain === '..' ? plain : null;
};

/**
 * The capture's sub-path and query appended to the target (`/in/x/a?b=1` →
 * `<target>/a?b=1`), resolved inside the target's path: dot segments (raw,
 * percent-encoded, or behind a backslash, which URL parsers read as a slash)
 * can climb no higher than the configured base.
 */
export function forwardUrl(target: string, subPath: string, query: string): string {
  const url = new URL(target);
  if (subPath && subPath !== '/') {
    const segments: string[] = [];
    for (const segment of subPath.split(/[/\\]/).slice(1)) {
      const dot = dotSegment(segment);
      if (dot === '..') segments.pop();
      else if (dot === null) segments.push(segment);
    }
    const base = url.pathname.replace(/\/$/, '');
    url.pathname = `${base}/${segments.join('/')}`;
    if (url.pathname !== base && !url.pathname.startsWith(`${base}/`)) url.pathname = base || '/';
  }
  if (query) url.search = url.search ? `${url.search}&${query}` : `?${query}`;
  return url.toString();
}

/**
 * What goes on to the target: no hop-by-hop headers, no Proxy-* header, no
 * cookie (webhook senders have none; a browser's belong to other sites), and
 * no Authorization or API-key header unless the inbox forwards credentials.
 */
export function forwardHeaders(
  headers: HeaderList,
  opts: { credentials: boolean } = { credentials: false },
): HeaderList {
  const named = new Set<string>();
  for (const [name, value] of headers)
    if (name.toLowerCase() === 'connection') for (const n of value.split(',')) named.add(n.trim().toLowerCase());
  return headers.filter(([name]) => {
    const lower = name.toLowerCase();
    if (HOP_BY_HOP.has(lower) || named.has(lower) || lower.startsWith('proxy-')) return false;
    if (lower === 'cookie' || lower === 'set-cookie') return false;
    return opts.credentials || !isCredentialHeader(lower);
  });
}

function recordBody(body: Buffer): Pick<ForwardResult, 'body' | 'bodyEncoding' | 'size' | 'truncated'> {
  const kept = body.subarray(0, RECORDED_BODY_LIMIT);
  const truncated = kept.byteLength < body.byteLength;
  if (body.byteLength === 0) return { body: null, bodyEncoding: 'utf8', size: 0, truncated: false };
  try {
    return { body: strictUtf8.decode(kept), bodyEncoding: 'utf8', size: body.byteLength, truncated };
  } catch {
    return { body: kept.toString('base64'), bodyEncoding: 'base64', size: body.byteLength, truncated };
  }
}

function describe(err: unknown, timeoutMs: number): string {
  const e = err as { name?: string; code?: string; message?: string; cause?: { code?: string; message?: string } };
  if (e.name === 'TimeoutError' || e.code === 'UND_ERR_ABORTED') return `no answer within ${timeoutMs} ms`;
  const code = e.code ?? e.cause?.code;
  return code ? `${code}: ${e.message ?? e.cause?.message ?? ''}`.trim() : (e.message ?? String(err));
}

/** Sends the capture on, as received (bytes and header order), and reads the target's whole answer. */
export async function forward(
  config: ForwardingConfig,
  req: { method: string; subPath: string; query: string; headers: HeaderList; body: Buffer },
  dispatcher?: Dispatcher,
): Promise<ForwardOutcome> {
  const url = forwardUrl(config.url, req.subPath, req.query);
  const started = performance.now();
  const headers = forwardHeaders(req.headers, { credentials: config.forwardCredentials }).flat();
  try {
    const res = await request(url, {
      method: req.method as Dispatcher.HttpMethod,
      headers,
      body: req.body.byteLength || !['GET', 'HEAD'].includes(req.method) ? req.body : undefined,
      signal: AbortSignal.timeout(config.timeoutMs),
      ...(dispatcher ? { dispatcher } : {}),
    });
    const body = Buffer.from(await res.body.arrayBuffer());
    const resHeaders: HeaderList = [];
    for (const [name, value] of Object.entries(res.headers)) {
      if (value === undefined) continue;
      for (const v of Array.isArray(value) ? value : [value]) resHeaders.push([name, v]);
    }
    const result: ForwardResult = {
      url,
      status: res.statusCode,
      headers: resHeaders,
      ...recordBody(body),
      durationMs: Math.round(performance.now() - started),
      error: null,
    };
    return { result, response: { status: res.statusCode, headers: resHeaders, body } };
  } catch (err) {
    const result: ForwardResult = {
      url,
      status: null,
      headers: [],
      body: null,
      bodyEncoding: 'utf8',
      size: 0,
      truncated: false,
      durationMs: Math.round(performance.now() - started),
      error: describe(err, config.timeoutMs),
    };
    return { result, response: null };
  }
}
