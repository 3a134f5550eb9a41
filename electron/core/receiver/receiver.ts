import { createServer, type Server } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Dispatcher } from 'undici';
import { AppFailure } from '../../../shared/api/result';
import type { Inbox } from '../../../shared/model/inbox';
import type { Clock } from '../clock';
import type { EventBus } from '../events';
import type { HookbenchCredentials } from '../http/credentials';
import type { Logger } from '../log';
import type { ExchangeStore } from '../store/port';
import { localHostNames } from './forward-guard';
import { handleRequest, type HandlerDeps } from './handle-request';
import type { InboxPorts, InboxService } from './inbox-service';
import { RulePicker } from './rule-picker';

export const DEFAULT_RECEIVER_PORT = 7781;
/**
 * Open connections the receiver keeps across its ports. Each costs a file
 * descriptor, and the process shares its limit with the app port, the store
 * and outgoing deliveries: past this, new connections are closed at once so a
 * flood of slow senders cannot take the app port down with the receiver.
 */
export const DEFAULT_RECEIVER_MAX_CONNECTIONS = 256;

export interface ReceiverOptions {
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  clock: Clock;
  log: Logger;
  events: EventBus;
  /** Hookbench's own tokens and API keys, never stored or forwarded. */
  credentials: HookbenchCredentials;
  /** Drives failure rates; tests pass a seeded one. */
  random?: () => number;
  /** For forwarding; tests may pass an undici MockAgent. */
  dispatcher?: Dispatcher;
  /** Slow senders are cut off: whole header block within this many ms… */
  headersTimeoutMs?: number;
  /** …and the whole request (headers and body) within this many. */
  requestTimeoutMs?: number;
  /** Open connections across the receiver's ports (default DEFAULT_RECEIVER_MAX_CONNECTIONS). */
  maxConnections?: number;
  /** Serve HTTPS with this certificate and key (`serve --tls-cert/--tls-key`), on every receiver port. */
  tls?: { cert: string; key: string };
  /** Where providers reach the receiver (`serve --public-receiver-url`): the inbox URLs the UI shows. */
  publicUrl?: URL | null;
  /** Otherwise the public URL's scheme and host (`serve --public-url`) on the receiver's own ports. */
  publicHost?: URL | null;
}

function urlHost(host: string): string {
  if (host === '0.0.0.0' || host === '::') return '127.0.0.1';
  return host.includes(':') ? `[${host}]` : host;
}

/**
 * The inbound door: its own HTTP server (never the control API's), plus one
 * server per inbox that has a dedicated port. Knows nothing of the API; the
 * InboxService tells it which inbox a slug or port belongs to.
 */
export class Receiver implements InboxPorts {
  private main: Server | null = null;
  private dedicated = new Map<number, Server>();
  private deps: HandlerDeps | null = null;
  private readonly picker: RulePicker;
  private readonly host: string;
  private readonly load = { connections: 0, awaiting: 0 };
  private refused = 0;

  constructor(private readonly opts: ReceiverOptions) {
    this.host = opts.host ?? '127.0.0.1';
    this.picker = new RulePicker(opts.random);
  }

  get port(): number | null {
    return this.main ? (this.main.address() as AddressInfo).port : null;
  }

  private get scheme(): string {
    return this.opts.tls ? 'https' : 'http';
  }

  /** The receiver's own address, for this machine. */
  url(): string | null {
    const port = this.port;
    return port === null ? null : `${this.scheme}://${urlHost(this.host)}:${port}`;
  }

  /** An inbox's URLs as a provider elsewhere is told them: on the public address when there is one. */
  urls(inbox: Inbox): { url: string | null; portUrl: string | null } {
    if (this.port === null) return { url: null, portUrl: null };
    const host = this.opts.publicHost;
    // URL.hostname keeps an IPv6 address's brackets.
    const onHost = host ? `${this.opts.tls ? 'https' : host.protocol.slice(0, -1)}://${host.hostname}` : null;
    const base = this.opts.publicUrl?.origin ?? (onHost ? `${onHost}:${this.port}` : this.url()!);
    const portUrl =
      inbox.port !== null && this.dedicated.has(inbox.port)
        ? `${onHost ?? `${this.scheme}://${urlHost(this.host)}`}:${inbox.port}/`
        : null;
    return { url: `${base}/in/${inbox.slug}`, portUrl };
  }

  /**
   * Binds the receiver port and every dedicated inbox port; returns notices for
   * the status bar. The default port being taken is not fatal (another copy may
   * run): a free port is used instead. An explicitly chosen port must be had.
   */
  /** `seal` keeps the original values of masked credential headers (the settings' SecretBox). */
  async start(exchanges: ExchangeStore, inboxes: InboxService, seal: (plain: string) => string): Promise<string[]> {
    const notices: string[] = [];
    this.deps = {
      exchanges,
      inboxes,
      seal,
      localNames: localHostNames(this.host),
      picker: this.picker,
      clock: this.opts.clock,
      log: this.opts.log,
      events: this.opts.events,
      credentials: this.opts.credentials,
      dispatcher: this.opts.dispatcher,
      load: this.load,
    };
    try {
      this.main = await this.listen(this.opts.port ?? DEFAULT_RECEIVER_PORT, null);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EADDRINUSE' || this.opts.port !== undefined) {
        this.deps = null;
        throw err;
      }
      this.main = await this.listen(0, null);
      // Logged, not a notice: the status's listening list shows the address actually used.
      this.opts.log.warn(
        `receiver: port ${DEFAULT_RECEIVER_PORT} is in use; inboxes are at ${this.url()}/in/<slug> for this run`,
      );
    }
    for (const inbox of inboxes.list()) {
      if (inbox.port === null) continue;
      try {
        await this.claim(inbox.port);
      } catch (err) {
        notices.push(`Inbox "${inbox.name}" keeps only its /in/ URL: ${(err as Error).message}`);
      }
    }
    return notices;
  }

  async claim(port: number): Promise<void> {
    if (!this.deps || this.dedicated.has(port)) return;
    if (port === this.port)
      throw new AppFailure('conflict', `Port ${port} is the receiver's own port; inboxes on it live at /in/<slug>.`, {
        port: ['the receiver port'],
      });
    try {
      this.dedicated.set(port, await this.listen(port, port));
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EADDRINUSE' || code === 'EACCES')
        throw new AppFailure(
          'conflict',
          `Port ${port} cannot be used (${code === 'EACCES' ? 'not permitted' : 'already in use'}).`,
          { port: [code === 'EACCES' ? 'not permitted' : 'already in use'] },
        );
      throw err;
    }
  }

  async release(port: number): Promise<void> {
    const server = this.dedicated.get(port);
    if (!server) return;
    this.dedicated.delete(port);
    await closeServer(server);
  }

  async stop(): Promise<void> {
    const servers = [...this.dedicated.values(), ...(this.main ? [this.main] : [])];
    this.dedicated.clear();
    this.main = null;
    this.deps = null;
    await Promise.all(servers.map(closeServer));
  }

  private listen(port: number, dedicatedPort: number | null): Promise<Server> {
    const options = {
      headersTimeout: this.opts.headersTimeoutMs ?? 10_000,
      requestTimeout: this.opts.requestTimeoutMs ?? 120_000,
      // Node checks both timeouts on this interval (30 s by default), which would stretch a 10 s limit to 40.
      connectionsCheckingInterval: Math.min(1000, this.opts.headersTimeoutMs ?? 1000),
    };
    const server: Server = this.opts.tls ? createTlsServer({ ...options, ...this.opts.tls }) : createServer(options);
    const onRequest = (req: Parameters<typeof handleRequest>[1], res: Parameters<typeof handleRequest>[2]) => {
      const deps = this.deps;
      if (!deps) {
        res
          .writeHead(503, { 'content-type': 'application/json', connection: 'close' })
          .end('{"error":"the receiver is stopping"}');
        return;
      }
      handleRequest(deps, req, res, dedicatedPort).catch((err: unknown) => {
        this.opts.log.error('receiver: request failed', (err as Error).message);
        if (!res.headersSent)
          res
            .writeHead(500, { 'content-type': 'application/json', connection: 'close' })
            .end('{"error":"internal error"}');
        else res.destroy();
      });
    };
    const max = this.opts.maxConnections ?? DEFAULT_RECEIVER_MAX_CONNECTIONS;
    server.on('connection', (socket) => {
      if (this.load.connections >= max) {
        this.refused++;
        if (this.refused === 1 || this.refused % 1000 === 0)
          this.opts.log.warn(`receiver: ${max} connections open; refused ${this.refused} more so far`);
        socket.destroy();
        return;
      }
      this.load.connections++;
      socket.once('close', () => this.load.connections--);
    });
    server.on('request', onRequest);
    // Expect: 100-continue is answered by the handler once it knows the body fits.
    server.on('checkContinue', onRequest);
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, this.host, () => {
        server.off('error', reject);
        resolve(server);
      });
    });
  }
}

/** Hanging and slow answers would keep close() waiting forever: cut every connection. */
function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
