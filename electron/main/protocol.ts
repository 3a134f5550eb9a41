import type { Protocol } from 'electron';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { CONTENT_SECURITY_POLICY } from '../../shared/security/csp';

/** The renderer is served from app://hookbench/ rather than file://, so it has a real origin and a CSP header. */
export const APP_SCHEME = 'app';
export const APP_HOST = 'hookbench';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

const TYPES: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ttf': 'font/ttf',
  '.woff2': 'font/woff2',
};

/** WHATWG URL gives "null" as the origin of non-special schemes like app:, so build it from the parts. */
export function originOf(raw: string): string | null {
  try {
    const url = new URL(raw);
    return `${url.protocol}//${url.host}`;
  } catch {
    return null;
  }
}

export const privilegedScheme = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true },
};

/** Maps an app:// URL to a file inside rendererDir; anything outside (or unknown) gets index.html or 404. */
export async function resolveAppRequest(rendererDir: string, requestUrl: string): Promise<Response> {
  const url = new URL(requestUrl);
  if (url.host !== APP_HOST) return new Response('Not found', { status: 404 });
  const base = resolve(rendererDir);
  let decoded: string;
  try {
    decoded = decodeURIComponent(url.pathname);
  } catch {
    return new Response('Bad request: the path holds a malformed percent-escape.', { status: 400 });
  }
  const rel = normalize(decoded).replace(/^([/\\])+/, '');
  let file = resolve(join(base, rel || 'index.html'));
  if (file !== base && !file.startsWith(base + sep)) return new Response('Forbidden', { status: 403 });
  let body = await readFile(file).catch(() => null);
  if (!body && !extname(file)) {
    file = join(base, 'index.html');
    body = await readFile(file).catch(() => null);
  }
  if (!body) return new Response('Not found', { status: 404 });
  return new Response(new Uint8Array(body), {
    headers: {
      'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream',
      'Content-Security-Policy': CONTENT_SECURITY_POLICY,
      'X-Content-Type-Options': 'nosniff',
    },
  });
}

export function registerAppProtocol(protocol: Pick<Protocol, 'handle'>, rendererDir: string): void {
  protocol.handle(APP_SCHEME, (request) => resolveAppRequest(rendererDir, request.url));
}
