import type { AppEventMessage } from '../../../shared/api/events';
import { fail, type Result } from '../../../shared/api/result';
import type { Bridge } from './bridge';
import { takeSseEvents } from './sse-frames';

const TOKEN_KEY = 'hookbench.token';
const RETRY_MS = [500, 1000, 2000, 5000];

/**
 * The per-run token, taken once from the URL Hookbench printed (`?token=…`)
 * into localStorage and removed from the address bar and history.
 * Storage is scoped to this origin (scheme, host and port), unlike a cookie,
 * which the browser would send to every port of 127.0.0.1; localStorage rather
 * than sessionStorage so a new tab of the UI works too until Hookbench restarts.
 */
export function takeToken(win: Pick<Window, 'location' | 'history' | 'localStorage'>): string | null {
  const url = new URL(win.location.href);
  const given = url.searchParams.get('token');
  if (given) {
    try {
      win.localStorage.setItem(TOKEN_KEY, given);
    } catch {
      // storage disabled: the token lives in memory for this page only
    }
    url.searchParams.delete('token');
    win.history.replaceState(win.history.state, '', url.pathname + url.search + url.hash);
    return given;
  }
  try {
    return win.localStorage.getItem(TOKEN_KEY);
  } catch {
    return null;
  }
}

const LOST_TOKEN = 'This page has no access token. Open the URL Hookbench printed at start (it ends with ?token=…).';
const OPEN_PRINTED_URL = 'open the “Hookbench UI” URL that hookbench serve printed (it ends with ?token=…)';
/** For the status bar: why the page is not connected when retrying cannot help. */
export const NO_TOKEN_STATUS = `No access token: ${OPEN_PRINTED_URL}.`;
export const BAD_TOKEN_STATUS = `Access token refused (Hookbench restarted?): ${OPEN_PRINTED_URL}.`;

/**
 * In a browser (headless mode): the contract over POST /rpc/<method>, events
 * over a streamed GET /events, both with `Authorization: Bearer <token>`. No
 * cookie: nothing the browser would attach by itself to a request to another port.
 */
export function createHttpBridge(base = '', token: string | null = takeToken(window)): Bridge {
  const listeners = new Set<(m: AppEventMessage) => void>();
  const connectionListeners = new Set<(c: boolean, locked: string | null) => void>();
  const auth: Record<string, string> = token ? { Authorization: `Bearer ${token}` } : {};
  let streaming = false;
  let connected = false;
  // without a valid token nothing will ever connect: say so instead of "reconnecting"
  let locked: string | null = token ? null : NO_TOKEN_STATUS;

  const setConnected = (value: boolean, why: string | null = null) => {
    if (value === connected && why === locked) return;
    connected = value;
    locked = why;
    connectionListeners.forEach((l) => l(value, why));
  };

  async function readStream(body: ReadableStream<Uint8Array>): Promise<void> {
    const reader = body.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      const { events, rest } = takeSseEvents(buffer + decoder.decode(value, { stream: true }));
      buffer = rest;
      for (const data of events) {
        let message: AppEventMessage;
        try {
          message = JSON.parse(data) as AppEventMessage;
        } catch {
          continue;
        }
        listeners.forEach((l) => l(message));
      }
    }
  }

  /** One stream for the page's life, reopened after a break with a growing pause. */
  async function stream(): Promise<void> {
    for (let failures = 0; ; failures++) {
      try {
        const res = await fetch(`${base}/events`, { headers: auth, cache: 'no-store', credentials: 'omit' });
        // the token is wrong for this run of Hookbench: only the new URL helps, so stop asking
        if (res.status === 401) return setConnected(false, BAD_TOKEN_STATUS);
        if (res.ok && res.body) {
          failures = 0;
          setConnected(true);
          await readStream(res.body);
        }
      } catch {
        // the server went away or the network broke: retry below
      }
      setConnected(false);
      await new Promise((r) => setTimeout(r, RETRY_MS[Math.min(failures, RETRY_MS.length - 1)]));
    }
  }

  function ensureStream() {
    if (streaming || !token) return;
    streaming = true;
    void stream();
  }

  return {
    kind: 'browser',
    async call(name, input) {
      if (!token) return fail('forbidden', LOST_TOKEN);
      let response: Response;
      try {
        response = await fetch(`${base}/rpc/${encodeURIComponent(name)}`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', ...auth },
          body: input === undefined ? '' : JSON.stringify(input),
          credentials: 'omit',
        });
      } catch (err) {
        return fail(
          'unavailable',
          `Hookbench is not reachable (${(err as Error).message}). Is the server still running?`,
        );
      }
      if (response.status === 401)
        return fail('forbidden', 'This page’s access token is not valid (Hookbench restarted?). ' + LOST_TOKEN);
      try {
        return (await response.json()) as Result<never>;
      } catch {
        return fail('internal', `Hookbench answered ${response.status} without a readable body.`);
      }
    },
    subscribe(listener) {
      listeners.add(listener);
      ensureStream();
      return () => listeners.delete(listener);
    },
    onConnection(listener) {
      connectionListeners.add(listener);
      ensureStream();
      listener(connected, locked);
      return () => connectionListeners.delete(listener);
    },
  };
}
