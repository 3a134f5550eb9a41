import type { IncomingMessage, ServerResponse } from 'node:http';
import type { MockResponse } from '../../../shared/model/inbox';
import type { HeaderList } from '../../../shared/model/exchange';
import { HEADER_NAME } from '../../../shared/validate/custom-hmac';
import { HEADER_VALUE } from '../../../shared/validate/http-header';

/** What the receiver sends back: a mock answer (maybe a fault) or a forward target's response. */
export interface Answer {
  status: number;
  headers: HeaderList;
  body: Uint8Array;
  delayMs: number;
  fault: MockResponse['fault'];
  slowByteIntervalMs: number;
}

const NEVER_SENT =
  /^(content-length|transfer-encoding|connection|keep-alive|upgrade|trailer|proxy-connection|access-control-.*)$/i;

/**
 * Rules are checked when saved; a rule from an older or hand-edited settings
 * file may still hold a header no HTTP stack can write. It is left out, so the
 * answer sent and the answer recorded are the same one.
 */
function writable(headers: HeaderList): HeaderList {
  return headers.filter(
    ([name, value]) =>
      typeof name === 'string' && typeof value === 'string' && HEADER_NAME.test(name) && HEADER_VALUE.test(value),
  );
}

export function mockAnswer(r: MockResponse): Answer {
  const status = Number.isInteger(r.status) && r.status >= 200 && r.status <= 599 ? r.status : 200;
  return {
    status,
    headers: writable(Array.isArray(r.headers) ? r.headers : []),
    body: Buffer.from(typeof r.body === 'string' ? r.body : '', 'utf8'),
    delayMs: r.delayMs,
    fault: r.fault,
    slowByteIntervalMs: r.slowByteIntervalMs,
  };
}

export function plainAnswer(status: number, body: unknown, extra: HeaderList = []): Answer {
  return {
    status,
    headers: [['content-type', 'application/json'], ...extra],
    body: Buffer.from(JSON.stringify(body)),
    delayMs: 0,
    fault: null,
    slowByteIntervalMs: 0,
  };
}

/** Waits unless the client goes away first; resolves false when it did. */
function wait(ms: number, res: ServerResponse): Promise<boolean> {
  if (ms <= 0) return Promise.resolve(!res.destroyed);
  return new Promise((resolve) => {
    const done = (alive: boolean) => {
      clearTimeout(timer);
      res.off('close', onClose);
      resolve(alive);
    };
    const onClose = () => done(false);
    const timer = setTimeout(() => done(true), ms);
    res.once('close', onClose);
  });
}

/**
 * Sends an answer, or misbehaves as told. Headers that would break framing or
 * grant CORS are dropped here as a last line (rules refuse them already, and a
 * forward target's CORS headers must not reach a browser through us either).
 */
export async function sendAnswer(req: IncomingMessage, res: ServerResponse, answer: Answer): Promise<void> {
  if (!(await wait(answer.delayMs, res))) return;
  const socket = req.socket;
  switch (answer.fault) {
    case 'hang':
      // Never answer; the socket stays open until the client gives up or the receiver stops.
      return;
    case 'close':
      socket.end();
      return;
    case 'reset':
      socket.resetAndDestroy();
      return;
  }
  const headers: string[] = [];
  for (const [name, value] of answer.headers) if (!NEVER_SENT.test(name)) headers.push(name, value);
  headers.push('content-length', String(answer.body.byteLength));
  res.writeHead(answer.status, headers);
  if (answer.fault !== 'slow' || answer.body.byteLength === 0) {
    res.end(answer.body);
    return;
  }
  res.flushHeaders();
  for (let i = 0; i < answer.body.byteLength; i++) {
    if (!(await wait(answer.slowByteIntervalMs, res))) return;
    res.write(answer.body.subarray(i, i + 1));
  }
  res.end();
}
