import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import {
  BAD_TOKEN_STATUS,
  createHttpBridge,
  NO_TOKEN_STATUS,
  takeToken,
} from '../../../renderer/src/bridge/http-bridge';
import { takeSseEvents } from '../../../renderer/src/bridge/sse-frames';

function fakeWindow(href: string, stored: Record<string, string> = {}) {
  const storage = new Map(Object.entries(stored));
  const win = {
    location: { href } as Location,
    history: {
      state: null,
      replaceState: (_s: unknown, _t: string, url: string) => void (win.location.href = new URL(url, href).href),
    } as unknown as History,
    localStorage: {
      getItem: (k: string) => storage.get(k) ?? null,
      setItem: (k: string, v: string) => void storage.set(k, v),
    } as Storage,
  };
  return { win, storage };
}

describe('the browser bridge keeps its token in the page, never in a cookie', () => {
  it('takes the token from the printed URL into localStorage and drops it from the address', () => {
    const { win, storage } = fakeWindow('http://127.0.0.1:7780/?token=abc123#/deliveries');
    expect(takeToken(win)).toBe('abc123');
    expect(win.location.href).toBe('http://127.0.0.1:7780/#/deliveries');
    expect(storage.get('hookbench.token')).toBe('abc123');
  });

  it('finds it again after a reload, and has none in a fresh tab', () => {
    expect(takeToken(fakeWindow('http://127.0.0.1:7780/', { 'hookbench.token': 'abc123' }).win)).toBe('abc123');
    expect(takeToken(fakeWindow('http://127.0.0.1:7780/').win)).toBeNull();
  });
});

describe('takeSseEvents', () => {
  it('returns the data of each complete event and keeps the unfinished rest', () => {
    const { events, rest } = takeSseEvents(': connected\n\ndata: {"a":1}\n\ndata: {"b"');
    expect(events).toEqual(['{"a":1}']);
    expect(rest).toBe('data: {"b"');
    expect(takeSseEvents(rest + ':2}\n\n: ping\n\n').events).toEqual(['{"b":2}']);
  });

  it('joins multi-line data and reads CRLF framing', () => {
    expect(takeSseEvents('data: a\r\ndata: b\r\n\r\n').events).toEqual(['a\nb']);
  });
});

describe('the browser bridge without a valid token', () => {
  /** A Hookbench stand-in that refuses every token, counting the event streams asked for. */
  async function refusingServer() {
    const asked: string[] = [];
    const server = createServer((req, res) => {
      asked.push(`${req.url} ${req.headers.authorization ?? '-'}`);
      res.writeHead(401, { 'content-type': 'application/json' }).end('{"ok":false}');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return { base, asked, close: () => new Promise((r) => server.close(r)) };
  }

  it('says a token is needed at once, and asks the server nothing', async () => {
    const server = await refusingServer();
    const states: [boolean, string | null][] = [];
    createHttpBridge(server.base, null).onConnection((c, locked) => states.push([c, locked]));
    expect(states).toEqual([[false, NO_TOKEN_STATUS]]);
    expect(NO_TOKEN_STATUS).toMatch(/hookbench serve printed \(it ends with \?token=…\)/);
    await new Promise((r) => setTimeout(r, 700));
    expect(server.asked).toEqual([]);
    await server.close();
  });

  it('stops asking for events once the token is refused, and says why instead of "reconnecting"', async () => {
    const server = await refusingServer();
    const states: [boolean, string | null][] = [];
    createHttpBridge(server.base, 'stale').onConnection((c, locked) => states.push([c, locked]));
    await expect.poll(() => states.at(-1)).toEqual([false, BAD_TOKEN_STATUS]);
    // the bridge would retry after 500 ms, then 1 s: give it longer than the first pause
    await new Promise((r) => setTimeout(r, 900));
    expect(server.asked).toEqual(['/events Bearer stale']);
    await server.close();
  });
});

describe('the browser bridge with a session that ends', () => {
  it('stops asking for events when the session is refused, and says to sign in again (no token message)', async () => {
    const asked: string[] = [];
    const server = createServer((req, res) => {
      asked.push(`${req.method} ${req.url} ${req.headers['x-hookbench-csrf'] ?? '-'}`);
      if (req.url === '/auth/sign-in') {
        req.resume();
        req.on('end', () =>
          res
            .writeHead(200, { 'content-type': 'application/json' })
            .end(JSON.stringify({ ok: true, value: { user: { email: 'sam@example.org' }, csrf: 'csrf-1' } })),
        );
        return;
      }
      res.writeHead(401, { 'content-type': 'application/json' }).end('{"ok":false}');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const bridge = createHttpBridge(`http://127.0.0.1:${(server.address() as AddressInfo).port}`, null);
    const states: [boolean, string | null][] = [];
    let ended = 0;
    bridge.onConnection((c, locked) => states.push([c, locked]));
    bridge.auth!.onSessionEnded(() => void ended++);
    expect(states).toEqual([[false, NO_TOKEN_STATUS]]);
    expect(await bridge.auth!.signIn('sam@example.org', 'a passphrase here')).toMatchObject({ ok: true });
    await expect.poll(() => ended).toBe(1);
    expect(states.at(-1)).toEqual([false, null]);
    await new Promise((r) => setTimeout(r, 900));
    expect(asked).toEqual(['POST /auth/sign-in -', 'GET /events csrf-1']);
    await new Promise((r) => server.close(r));
  });
});
