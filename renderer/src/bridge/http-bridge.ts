import type { AppEventMessage } from '../../../shared/api/events';
import { fail, type Result } from '../../../shared/api/result';
import type { User } from '../../../shared/model/account';
import type { AuthApi, AuthState, Bridge } from './bridge';
import { PageCredentials, takeToken } from './page-credentials';
import { takeSseEvents } from './sse-frames';

export { takeToken } from './page-credentials';

const RETRY_MS = [500, 1000, 2000, 5000];

const LOST_TOKEN = 'This page has no access token. Open the URL Hookbench printed at start (it ends with ?token=…).';
const SESSION_ENDED = 'Your session ended (signed out, expired, or the account was disabled). Sign in again.';
const OPEN_PRINTED_URL = 'open the “Hookbench UI” URL that hookbench serve printed (it ends with ?token=…)';
/** For the status bar: why the page is not connected when retrying cannot help. */
export const NO_TOKEN_STATUS = `No access token: ${OPEN_PRINTED_URL}.`;
export const BAD_TOKEN_STATUS = `Access token refused (Hookbench restarted?): ${OPEN_PRINTED_URL}.`;

type Refusal = {
  ok: false;
  error: {
    code: string;
    message: string;
    signIn?: boolean;
    fieldErrors?: Record<string, string[]>;
    retryAfterSeconds?: number;
  };
};

/**
 * In a browser (headless mode): the contract over POST /rpc/<method>, events
 * over a streamed GET /events, sign-in at /auth/…. The page proves itself with
 * the local owner's token as a bearer header, or — once people sign in — with
 * the session cookie (HttpOnly, sent by the browser to this origin only) plus
 * the session's CSRF token as a header. Nothing it sends by itself to another
 * port or site is enough to call Hookbench.
 */
export function createHttpBridge(base = '', token: string | null = takeToken(window)): Bridge {
  const credentials = new PageCredentials(typeof window === 'undefined' ? null : window, token);
  const listeners = new Set<(m: AppEventMessage) => void>();
  const connectionListeners = new Set<(c: boolean, locked: string | null) => void>();
  const endedListeners = new Set<() => void>();
  let streaming = false;
  let connected = false;
  // without a token or a session nothing will ever connect: say so instead of "reconnecting"
  let locked: string | null = credentials.any ? null : NO_TOKEN_STATUS;

  const setConnected = (value: boolean, why: string | null = null) => {
    if (value === connected && why === locked) return;
    connected = value;
    locked = why;
    connectionListeners.forEach((l) => l(value, why));
  };

  /** The server refused this page's proof: a session ends (sign in again), a token is stale (open the new URL). */
  function refused(): void {
    if (credentials.session) {
      credentials.signedOut();
      endedListeners.forEach((l) => l());
      setConnected(false, null);
    } else setConnected(false, BAD_TOKEN_STATUS);
  }

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

  /** One stream for the page's life, reopened after a break with a growing pause (and with the credentials of then). */
  async function stream(): Promise<void> {
    for (let failures = 0; ; failures++) {
      try {
        const res = await fetch(`${base}/events`, {
          headers: credentials.headers(),
          cache: 'no-store',
          credentials: 'same-origin',
        });
        // retrying with the same proof cannot help: stop until a sign-in gives a new one
        if (res.status === 401) {
          streaming = false;
          return refused();
        }
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
    if (streaming || !credentials.any) return;
    streaming = true;
    void stream();
  }

  async function post(path: string, body: unknown): Promise<Response> {
    return fetch(`${base}${path}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...credentials.headers() },
      body: body === undefined ? '' : JSON.stringify(body),
      credentials: 'same-origin',
    });
  }

  const auth: AuthApi = {
    async state() {
      try {
        const res = await fetch(`${base}/auth/state`, { headers: credentials.headers(), credentials: 'same-origin' });
        return (await res.json()) as Result<AuthState>;
      } catch (err) {
        return fail(
          'unavailable',
          `Hookbench is not reachable (${(err as Error).message}). Is the server still running?`,
        );
      }
    },
    async signIn(email, password) {
      let res: Response;
      try {
        res = await post('/auth/sign-in', { email, password });
      } catch (err) {
        return { ok: false, message: `Hookbench is not reachable (${(err as Error).message}).` };
      }
      const body = (await res.json().catch(() => null)) as
        { ok: true; value: { user: User; csrf: string } } | Refusal | null;
      if (body?.ok) {
        credentials.signedIn(body.value.csrf);
        ensureStream();
        return { ok: true, user: body.value.user };
      }
      const error = body?.error;
      const fields = error?.fieldErrors ?? {};
      return {
        ok: false,
        message: error?.message ?? `Hookbench answered ${res.status}.`,
        ...(fields.email ? { field: 'email' as const } : fields.password ? { field: 'password' as const } : {}),
        ...(error?.retryAfterSeconds ? { retryAfterSeconds: error.retryAfterSeconds } : {}),
      };
    },
    async signOut() {
      try {
        await post('/auth/sign-out', undefined);
      } finally {
        credentials.signedOut();
      }
    },
    onSessionEnded(listener) {
      endedListeners.add(listener);
      return () => endedListeners.delete(listener);
    },
    noAccessReason: () => (credentials.any ? BAD_TOKEN_STATUS : NO_TOKEN_STATUS),
  };

  return {
    kind: 'browser',
    auth,
    async call(name, input) {
      if (!credentials.any) return fail('forbidden', LOST_TOKEN);
      let response: Response;
      try {
        response = await post(`/rpc/${encodeURIComponent(name)}`, input);
      } catch (err) {
        return fail(
          'unavailable',
          `Hookbench is not reachable (${(err as Error).message}). Is the server still running?`,
        );
      }
      if (response.status === 401) {
        const refusal = (await response.json().catch(() => null)) as Refusal | null;
        if (refusal?.error.signIn) {
          endedListeners.forEach((l) => l());
          return fail('forbidden', SESSION_ENDED);
        }
        return fail('forbidden', 'This page’s access token is not valid (Hookbench restarted?). ' + LOST_TOKEN);
      }
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
