import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo, BlockList } from 'node:net';
import { randomBytes } from 'node:crypto';
import type { Core } from '../core/index';
import { allowedHosts, carriesLegacyCookie, checkHostAndOrigin, LEGACY_TOKEN_COOKIE } from '../core/http/request-guard';
import { clientAddress, clientScheme, isLoopbackAddress, isTrusted } from '../core/http/client-address';
import { securityHeaders, sendJson, sendText } from '../core/http/http-util';
import { guarded } from '../core/http/guarded';
import type { RequestContext } from '../core/rest/index';
import type { TlsFiles } from '../core/http/tls-files';
import { createAuthRoutes } from './auth-routes';
import { createDoorAuth } from './door-auth';
import { healthRoute } from './health-route';
import { handleRpc, rpcErrorAnswer } from './rpc-route';
import { serveStatic } from './static-files';
import { streamEvents } from './sse';

/** A route that authenticates on its own (e.g. API keys for /api/…); answers true when it handled the request. */
export type ExtraRoute = (req: IncomingMessage, res: ServerResponse, url: URL, ctx: RequestContext) => Promise<boolean>;

export interface ControlServerOptions {
  core: Core;
  host?: string;
  port?: number;
  rendererDir: string;
  token?: string;
  extraRoutes?: ExtraRoute[];
  /** Serve HTTPS with this certificate and key. */
  tls?: TlsFiles;
  /** Reverse proxies whose X-Forwarded-For/-Proto are believed; other non-local peers are refused when set without TLS. */
  trustProxy?: BlockList | null;
  /** The address people use (--public-url): allowed as Host and Origin. */
  publicUrl?: URL;
}

export interface ControlServer {
  server: Server;
  port: number;
  token: string;
  /** The URL to open: carries the token once; the page then keeps it in its own storage. */
  url: string;
  /** The same address without the token (what a team is told to open: they sign in). */
  baseUrl: string;
  close(): Promise<void>;
}

/**
 * The HTTP door of headless mode (and of the desktop app, for the REST APIs
 * and the CLI): the built UI, the contract at /rpc/<method>, core events at
 * /events (SSE), sign-in at /auth/…, and the REST routes. Every call carries
 * who makes it: the per-run token (the local owner, sent as a bearer header,
 * never a cookie) or a signed-in user's session (cookie + CSRF header).
 * Host and Origin checks, CSP and the other security headers on every answer.
 */
export async function startControlServer(opts: ControlServerOptions): Promise<ControlServer> {
  const host = opts.host ?? '127.0.0.1';
  const token = opts.token ?? randomBytes(24).toString('base64url');
  const trust = opts.trustProxy ?? null;
  const auth = createDoorAuth(opts.core, token);
  const handleAuth = createAuthRoutes(opts.core, auth);
  let hosts = new Set<string>();

  const onRequest = (req: IncomingMessage, res: ServerResponse) => {
    handle(req, res).catch((err) => {
      opts.core.log.error('control server request failed', err);
      if (!res.headersSent)
        sendJson(res, 500, {
          ok: false,
          error: { code: 'internal', message: 'Internal error; details are in the log.' },
        });
      else res.destroy();
    });
  };
  const server: Server = opts.tls
    ? createTlsServer({ cert: opts.tls.cert, key: opts.tls.key }, onRequest)
    : createServer(onRequest);

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    securityHeaders(res);
    const secure = clientScheme(req, trust) === 'https';
    if (secure) res.setHeader('Strict-Transport-Security', 'max-age=31536000');
    // Health probes come with whatever Host the prober uses, from wherever it runs; they answer one word and read nothing.
    if (await healthRoute(opts.core, req, res, (req.url ?? '').split('?')[0]!)) return;
    // Behind a proxy without TLS of our own, only the proxy (and this machine) may talk to us: anyone else
    // would be sending passwords and sessions in clear text past it.
    if (
      trust &&
      !opts.tls &&
      !isTrusted(trust, req.socket.remoteAddress) &&
      !isLoopbackAddress(req.socket.remoteAddress)
    )
      return sendText(res, 403, 'Reach Hookbench through its reverse proxy.');
    const guard = checkHostAndOrigin(req, hosts);
    if (!guard.ok) return sendText(res, guard.status, guard.reason);
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://localhost');
    } catch {
      return sendText(res, 400, 'The request target is not a path Hookbench can read.');
    }
    const ctx: RequestContext = { address: clientAddress(req, trust) };

    for (const route of opts.extraRoutes ?? []) if (await route(req, res, url, ctx)) return;

    // A browser that kept the cookie of an older Hookbench sends it to every port of this host: have it dropped.
    if (carriesLegacyCookie(req))
      res.appendHeader('Set-Cookie', `${LEGACY_TOKEN_COOKIE}=; Max-Age=0; Path=/; HttpOnly; SameSite=Strict`);
    if (url.pathname.startsWith('/auth/'))
      return handleAuth({ req, res, path: url.pathname, address: ctx.address, secure });
    const api = url.pathname.startsWith('/rpc/') || url.pathname === '/events';
    if (api) {
      const caller = await auth.caller(req, 'rpc', ctx.address);
      if (!caller) return unauthorized(res, await auth.accountsExist());
      if (url.pathname === '/events') {
        if (req.method !== 'GET') return sendText(res, 405, 'Method not allowed.');
        // A session can end while its stream is open (signed out elsewhere, account disabled): checked each heartbeat.
        return streamEvents(
          req,
          res,
          opts.core.events,
          async () => (await auth.caller(req, 'rpc', ctx.address)) !== null,
        );
      }
      // A session's calls must come from our page: its Origin (a cookie alone never authorises a call).
      if (caller.kind === 'user' && !req.headers.origin)
        return sendJson(res, 403, {
          ok: false,
          error: {
            code: 'forbidden',
            message: 'Calls with a session come from the Hookbench page (no Origin was sent).',
          },
        });
      return guarded(res, opts.core.log, rpcErrorAnswer, () =>
        handleRpc(req, res, url.pathname.slice(5), (name, input) => opts.core.call(name, input, caller)),
      );
    }
    if (url.pathname === '/api' || url.pathname.startsWith('/api/'))
      return sendText(res, 404, `No API route ${req.method} ${url.pathname}; see /api/v1/openapi.json.`);
    if (req.method !== 'GET' && req.method !== 'HEAD') return sendText(res, 405, 'Method not allowed.');
    // The built UI holds no data and no credential: it is served to anyone this door lets in (right Host, no
    // foreign Origin). The page signs in, or takes the token from its URL, and sends it as a header.
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
  hosts = allowedHosts(host, port, opts.publicUrl);
  opts.core.credentials.addToken(token);
  const shownHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  const baseUrl = opts.publicUrl
    ? opts.publicUrl.origin + '/'
    : `${opts.tls ? 'https' : 'http'}://${shownHost}:${port}/`;
  opts.core.setListening('ui', baseUrl);

  return {
    server,
    port,
    token,
    url: `${baseUrl}?token=${token}`,
    baseUrl,
    close: () =>
      new Promise<void>((resolve) => {
        opts.core.setListening('ui', null);
        opts.core.credentials.removeToken(token);
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function unauthorized(res: ServerResponse, accounts: boolean): void {
  sendJson(res, 401, {
    ok: false,
    error: {
      code: 'forbidden',
      message: accounts
        ? 'Sign in first: this page has no session, or it ended (signed out, expired, or the account was disabled).'
        : 'Missing or wrong token. Open the URL Hookbench printed at start (it ends with ?token=…).',
      signIn: accounts,
    },
  });
}
