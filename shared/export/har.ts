import type { Attempt, BodyView, Capture, Delivery, ExchangeDetail, HeaderList } from '../model/exchange';

/** HAR 1.2 (the format browser dev tools open), with Hookbench's record kept in `_hookbench` for a lossless import. */
export interface HarEntry {
  startedDateTime: string;
  time: number;
  request: {
    method: string;
    url: string;
    httpVersion: string;
    cookies: never[];
    headers: { name: string; value: string }[];
    queryString: { name: string; value: string }[];
    headersSize: -1;
    bodySize: number;
    postData?: { mimeType: string; text: string; _encoding?: 'base64' };
  };
  response: {
    status: number;
    statusText: string;
    httpVersion: string;
    cookies: never[];
    headers: { name: string; value: string }[];
    content: { size: number; mimeType: string; text?: string; encoding?: 'base64' };
    redirectURL: string;
    headersSize: -1;
    bodySize: number;
    _error?: string;
  };
  cache: Record<string, never>;
  timings: { send: number; wait: number; receive: number };
  comment?: string;
  /** The whole exchange on its first entry; later attempts point back to it. */
  _hookbench?: { exchange: ExchangeDetail } | { ref: string; attempt: number };
}

export interface Har {
  log: { version: '1.2'; creator: { name: string; version: string }; entries: HarEntry[] };
}

const harHeaders = (h: HeaderList) => h.map(([name, value]) => ({ name, value }));
const header = (h: HeaderList, name: string) => h.find(([n]) => n.toLowerCase() === name)?.[1];

function queryOf(url: string): { name: string; value: string }[] {
  try {
    return [...new URL(url).searchParams].map(([name, value]) => ({ name, value }));
  } catch {
    return [];
  }
}

function postData(body: BodyView, headers: HeaderList): HarEntry['request']['postData'] | undefined {
  if (body.size === 0) return undefined;
  const mimeType = header(headers, 'content-type') ?? 'application/octet-stream';
  return body.isText ? { mimeType, text: body.text ?? '' } : { mimeType, text: body.base64 ?? '', _encoding: 'base64' };
}

function content(body: BodyView | null, headers: HeaderList): HarEntry['response']['content'] {
  const mimeType = header(headers, 'content-type') ?? 'application/octet-stream';
  if (!body || body.size === 0) return { size: 0, mimeType };
  return body.isText
    ? { size: body.size, mimeType, text: body.text ?? '' }
    : { size: body.size, mimeType, text: body.base64 ?? '', encoding: 'base64' };
}

const noResponse = (error: string | null): HarEntry['response'] => ({
  status: 0,
  statusText: '',
  httpVersion: 'HTTP/1.1',
  cookies: [],
  headers: [],
  content: { size: 0, mimeType: 'x-unknown' },
  redirectURL: '',
  headersSize: -1,
  bodySize: -1,
  ...(error ? { _error: error } : {}),
});

function attemptEntry(d: Delivery, a: Attempt): HarEntry {
  const total = a.timings?.totalMs ?? 0;
  const wait = a.timings?.firstByteMs ?? total;
  return {
    startedDateTime: a.startedAt,
    time: total,
    request: {
      method: d.request.method,
      url: d.targetUrl,
      httpVersion: 'HTTP/1.1',
      cookies: [],
      headers: harHeaders(a.request.headers),
      queryString: queryOf(d.targetUrl),
      headersSize: -1,
      bodySize: a.request.body.size,
      postData: postData(a.request.body, a.request.headers),
    },
    response: a.response
      ? {
          status: a.response.status,
          statusText: '',
          httpVersion: 'HTTP/1.1',
          cookies: [],
          headers: harHeaders(a.response.headers),
          content: content(a.response.body, a.response.headers),
          redirectURL: header(a.response.headers, 'location') ?? '',
          headersSize: -1,
          bodySize: a.response.body.size,
        }
      : noResponse(a.error),
    cache: {},
    timings: { send: 0, wait, receive: Math.max(0, total - wait) },
    comment: `delivery ${d.id}, attempt ${a.n}: ${d.eventType}`,
  };
}

function deliveryEntries(e: Extract<ExchangeDetail, { kind: 'delivery' }>): HarEntry[] {
  const d = e.delivery;
  const entries = e.attempts.map((a) => attemptEntry(d, a));
  if (entries.length === 0) {
    // queued and never sent: still worth seeing, as the request it will send
    entries.push(
      attemptEntry(d, {
        deliveryId: d.id,
        n: 0,
        startedAt: d.createdAt,
        request: { headers: d.request.headers, body: d.request.body },
        response: null,
        timings: null,
        error: null,
      }),
    );
  }
  entries.forEach((entry, i) => (entry._hookbench = i === 0 ? { exchange: e } : { ref: d.id, attempt: i + 1 }));
  return entries;
}

function captureEntry(e: Extract<ExchangeDetail, { kind: 'capture' }>, receiverBase: string): HarEntry {
  const c: Capture = e.capture;
  const url = `${receiverBase}${c.path}${c.query ? (c.query.startsWith('?') ? c.query : `?${c.query}`) : ''}`;
  const resHeaders = c.response?.headers ?? [];
  return {
    startedDateTime: c.receivedAt,
    time: c.durationMs ?? 0,
    request: {
      method: c.method,
      url,
      httpVersion: 'HTTP/1.1',
      cookies: [],
      headers: harHeaders(c.headers),
      queryString: queryOf(url),
      headersSize: -1,
      bodySize: c.body.size,
      postData: postData(c.body, c.headers),
    },
    response: c.response
      ? {
          status: c.response.status,
          statusText: '',
          httpVersion: 'HTTP/1.1',
          cookies: [],
          headers: harHeaders(resHeaders),
          content: c.response.body
            ? {
                size: c.response.body.length,
                mimeType: header(resHeaders, 'content-type') ?? 'text/plain',
                text: c.response.body,
              }
            : { size: 0, mimeType: 'x-unknown' },
          redirectURL: '',
          headersSize: -1,
          bodySize: c.response.body?.length ?? 0,
        }
      : noResponse(c.rejectedReason),
    cache: {},
    timings: { send: 0, wait: c.durationMs ?? 0, receive: 0 },
    comment: `capture ${c.id} in inbox ${c.inboxId}`,
    _hookbench: { exchange: e },
  };
}

export function toHar(exchanges: ExchangeDetail[], creatorVersion: string, receiverBase = 'http://127.0.0.1'): Har {
  const entries = exchanges.flatMap((e) =>
    e.kind === 'delivery' ? deliveryEntries(e) : [captureEntry(e, receiverBase)],
  );
  return { log: { version: '1.2', creator: { name: 'Hookbench', version: creatorVersion }, entries } };
}
