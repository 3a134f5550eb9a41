import { describe, expect, it } from 'vitest';
import { takeToken } from '../../../renderer/src/bridge/http-bridge';
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
