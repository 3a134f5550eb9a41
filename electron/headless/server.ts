import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import type { Core } from '../core/index';
import {
  allowedHosts,
  carriesLegacyCookie,
  checkHostAndOrigin,
  hasValidToken,
  LEGACY_TOKEN_COOKIE,
} from '../core/http/request-guard';
import { securityHeaders, sendJson, sendText } from '../core/http/http-util';
import { guarded } from '../core/http/guarded';
import { healthRoute } from './health-route';
import { handleRpc, rpcErrorAnswer } from './rpc-route';
import { serveStatic } from './static-files';
import { streamEvents } from './sse';

/** A route that authenticates on its own (e.g. API keys for /api/…); answers true when it handled the request. */
export type ExtraRoute = (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<boolean>;

export interface ControlServerOptions {
  core: Core;
  host?: string;
  port?: number;
  rendererDir: string;
  token?: string;
  extraRoutes?: ExtraRoute[];
}

export interface ControlServer {
  server: Server;
  port: number;
  token: string;
  /** The URL to open: carries the token once; the page then keeps it in its own sessionStorage. */
  url: string;
  close(): Promise<void>;
}

/**
 * Headless mode's HTTP door: the built UI, the contract at /rpc/<method>, and
 * core events at /events (SSE). Loopback by default, a per-run token sent as a
 * bearer header (never a cookie), Host and Origin checks, CSP on every answer.
 */
export async function startControlServer(opts: ControlServerOptions): Promise<ControlServer> {
  const host = opts.host ?? '127.0.0.1';
  const token = opts.token ?? randomBytes(24).toString('base64url');
  let hosts = new Set<string>();

  const server = createServer((req, res) => {
    handle(req, res).catch((err) => {
      opts.core.log.error('control server request failed', err);
      if (!res.headersSent)
        sendJson(res, 500, {
          ok: false,
          error: { code: 'internal', message: 'Internal error; details are in the log.' },
        });
      else res.destroy();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    securityHeaders(res);
    // Health probes come with whatever Host the prober uses; they answer one word and read nothing.
    if (await healthRoute(opts.core, req, res, (req.url ?? '').split('?')[0]!)) return;
    const guard = checkHostAndOrigin(req, hosts);
    if (!guard.ok) return sendText(res, guard.status, guard.reason);
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://localhost');
    } catch {
      return sendText(res, 400, 'The request target is not a path Hookbench can read.');
    }

    for (const route of opts.extraRoutes ?? []) if (await route(req, res, url)) return;

    // A browser that kept the cookie of an older Hookbench sends it to every port of this host: have it dropped.
    if (carriesLegacyCookie(req))
      res.setHeader('Set-Cookie', `${LEGACY_TOKEN_COOKIE}=; Max-Age=0; Path=/; HttpOnly; SameSite=Strict`);
    const api = url.pathname.startsWith('/rpc/') || url.pathname === '/events';
    if (api && !hasValidToken(req, token)) {
      return sendJson(res, 401, {
        ok: false,
        error: {
          code: 'forbidden',
          message: 'Missing or wrong token. Open the URL Hookbench printed at start (it ends with ?token=…).',
        },
      });
    }
    if (url.pathname.startsWith('/rpc/'))
      return guarded(res, opts.core.log, rpcErrorAnswer, () =>
        handleRpc(req, res, url.pathname.slice(5), opts.core.call),
      );
    if (url.pathname === '/events') {
      if (req.method !== 'GET') return sendText(res, 405, 'Method not allowed.');
      return streamEvents(req, res, opts.core.events);
    }
    if (url.pathname === '/api' || url.pathname.startsWith('/api/'))
      return sendText(res, 404, `No API route ${req.method} ${url.pathname}; see /api/v1/openapi.json.`);
    if (req.method !== 'GET' && req.method !== 'HEAD') return sendText(res, 405, 'Method not allowed.');
    // The built UI holds no data and no credential: it is served to anyone this door lets in (right Host, no
    // foreign Origin). The page takes the token from its URL into sessionStorage and sends it as a header.
    return serveStatic(opts.rendererDir, url.pathname, res);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  hosts = allowedHosts(host, port);
  opts.core.credentials.addToken(token);
  const shownHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  const url = `http://${shownHost}:${port}/?token=${token}`;
  opts.core.setListening('ui', `http://${shownHost}:${port}/`);

  return {
    server,
    port,
    token,
    url,
    close: () =>
      new Promise<void>((resolve) => {
        opts.core.setListening('ui', null);
        opts.core.credentials.removeToken(token);
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
