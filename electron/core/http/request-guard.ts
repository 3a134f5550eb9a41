import type { IncomingMessage } from 'node:http';
import { networkInterfaces } from 'node:os';
import { timingSafeEqual } from 'node:crypto';

/**
 * Host names a browser may legitimately use to reach us. Checking Host defeats
 * DNS rebinding: a hostile page's own host name resolving to 127.0.0.1 still
 * sends that foreign name in Host.
 */
export function allowedHosts(bindHost: string, port: number, publicUrl?: URL): Set<string> {
  const names = new Set(['127.0.0.1', 'localhost', '[::1]']);
  if (bindHost === '0.0.0.0' || bindHost === '::') {
    for (const list of Object.values(networkInterfaces())) {
      for (const nic of list ?? []) names.add(nic.family === 'IPv6' ? `[${nic.address}]` : nic.address);
    }
  } else {
    names.add(bindHost.includes(':') && !bindHost.startsWith('[') ? `[${bindHost}]` : bindHost);
  }
  const hosts = new Set([...names].map((n) => `${n}:${port}`));
  // --public-url: the name people (and a reverse proxy) use, with its port, or without it when it is the default.
  if (publicUrl) {
    const defaultPort = publicUrl.protocol === 'https:' ? '443' : '80';
    const p = publicUrl.port || defaultPort;
    hosts.add(`${publicUrl.hostname.toLowerCase()}:${p}`);
    if (p === defaultPort) hosts.add(publicUrl.hostname.toLowerCase());
  }
  return hosts;
}

export type GuardVerdict = { ok: true } | { ok: false; status: number; reason: string };

export function checkHostAndOrigin(req: IncomingMessage, hosts: Set<string>): GuardVerdict {
  const host = (req.headers.host ?? '').toLowerCase();
  if (!hosts.has(host))
    return { ok: false, status: 403, reason: `Host "${host}" is not allowed; open the URL Hookbench printed.` };
  const origin = req.headers.origin;
  if (origin !== undefined && origin !== 'null') {
    let originHost = '';
    try {
      const u = new URL(origin);
      // URL drops a default port from host; the allowed set holds both forms for the public URL's default port.
      originHost = u.protocol === 'http:' || u.protocol === 'https:' ? u.host.toLowerCase() : '';
    } catch {
      originHost = '';
    }
    if (!hosts.has(originHost)) return { ok: false, status: 403, reason: 'Cross-origin requests are not allowed.' };
  } else if (origin === 'null') {
    return { ok: false, status: 403, reason: 'Requests from opaque origins are not allowed.' };
  }
  if (req.headers['sec-fetch-site'] === 'cross-site')
    return { ok: false, status: 403, reason: 'Cross-site requests are not allowed.' };
  return { ok: true };
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * The per-run token travels only as `Authorization: Bearer <token>`: the page
 * keeps it in its own (port-scoped) sessionStorage and scripts read it from
 * instance.json. Never a cookie — browsers send cookies to every port of a
 * host, so a cookie would hand the token to any other local listener.
 */
export function hasValidToken(req: IncomingMessage, token: string): boolean {
  const auth = req.headers.authorization;
  return auth !== undefined && auth.startsWith('Bearer ') && sameSecret(auth.slice(7).trim(), token);
}

/** Before 0.2 the token lived in this cookie; a browser that still holds one is told to drop it. */
export const LEGACY_TOKEN_COOKIE = 'hookbench_token';

export function carriesLegacyCookie(req: IncomingMessage): boolean {
  return (req.headers.cookie ?? '').split(';').some((part) => part.trim().startsWith(`${LEGACY_TOKEN_COOKIE}=`));
}
