import type { IncomingMessage } from 'node:http';

/**
 * The session cookie. Over HTTPS (TLS here, or a trusted proxy that says the
 * client used https) it is `__Host-hookbench_session`: the prefix makes the
 * browser refuse it unless it is Secure, host-only and Path=/. On plain HTTP
 * (loopback only: anything else refuses to start) it cannot be Secure, so it
 * is `hookbench_session`. Both are HttpOnly and SameSite=Strict; neither is
 * enough alone (see Sessions: the CSRF header is the other half).
 */
export const SESSION_COOKIE = 'hookbench_session';
export const SECURE_SESSION_COOKIE = '__Host-hookbench_session';
/** The page's half of a session, sent with every call. */
export const CSRF_HEADER = 'x-hookbench-csrf';

export function cookieValues(req: Pick<IncomingMessage, 'headers'>): Map<string, string> {
  const values = new Map<string, string>();
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const name = part.slice(0, eq).trim();
    if (!values.has(name)) values.set(name, part.slice(eq + 1).trim());
  }
  return values;
}

/** The session token the request carries (either cookie name), or null. */
export function readSessionCookie(req: Pick<IncomingMessage, 'headers'>): string | null {
  const values = cookieValues(req);
  return values.get(SECURE_SESSION_COOKIE) || values.get(SESSION_COOKIE) || null;
}

export function readCsrf(req: Pick<IncomingMessage, 'headers'>): string | null {
  const v = req.headers[CSRF_HEADER];
  return typeof v === 'string' && v.length > 0 && v.length <= 200 ? v : null;
}

export function sessionCookie(token: string, secure: boolean, maxAgeSeconds: number): string {
  const name = secure ? SECURE_SESSION_COOKIE : SESSION_COOKIE;
  return `${name}=${token}; Path=/; Max-Age=${Math.max(0, Math.floor(maxAgeSeconds))}; HttpOnly; SameSite=Strict${secure ? '; Secure' : ''}`;
}

/** Both names, so a switch between HTTP and HTTPS leaves nothing behind. */
export function clearedSessionCookies(secure: boolean): string[] {
  return [
    `${SESSION_COOKIE}=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict`,
    ...(secure ? [`${SECURE_SESSION_COOKIE}=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict; Secure`] : []),
  ];
}
