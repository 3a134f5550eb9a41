import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AddressInfo, Socket } from 'node:net';

export interface ReceivedRequest {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  rawHeaders: string[];
  body: Buffer;
  at: number;
}

export type Reply = (req: ReceivedRequest, res: ServerResponse, index: number) => void;

export interface WebhookServer {
  url: string;
  port: number;
  received: ReceivedRequest[];
  /** Resolves once at least `n` requests arrived (no sleeps: tests wait on this). */
  waitFor(n: number, timeoutMs?: number): Promise<ReceivedRequest[]>;
  close(): Promise<void>;
}

export const tlsFixture = {
  cert: readFileSync(join(import.meta.dirname, '..', 'fixtures', 'tls', 'test-only-localhost.crt'), 'utf8'),
  key: readFileSync(join(import.meta.dirname, '..', 'fixtures', 'tls', 'test-only-localhost.key'), 'utf8'),
};

/** A real local endpoint on port 0 that records what arrives and answers via `reply`. */
export async function startWebhookServer(
  reply: Reply = (_q, res) => res.end('ok'),
  opts: { tls?: boolean } = {},
): Promise<WebhookServer> {
  const received: ReceivedRequest[] = [];
  const waiters: (() => void)[] = [];
  const sockets = new Set<Socket>();
  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const rec: ReceivedRequest = {
        method: req.method!,
        path: req.url!,
        headers: req.headers,
        rawHeaders: req.rawHeaders,
        body: Buffer.concat(chunks),
        at: Date.now(),
      };
      received.push(rec);
      waiters.splice(0).forEach((w) => w());
      reply(rec, res, received.length - 1);
    });
  };
  const server: Server = opts.tls
    ? createHttpsServer({ cert: tlsFixture.cert, key: tlsFixture.key }, handle)
    : createHttpServer(handle);
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `${opts.tls ? 'https' : 'http'}://127.0.0.1:${port}/hook`,
    port,
    received,
    waitFor(n, timeoutMs = 20_000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`expected ${n} requests, got ${received.length}`)), timeoutMs);
        const check = () => {
          if (received.length >= n) {
            clearTimeout(timer);
            resolve(received);
          } else waiters.push(check);
        };
        check();
      });
    },
    close: () =>
      new Promise((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Polls a condition on the event loop (no fixed sleeps); fails with `what` after the timeout. */
export async function waitUntil(
  cond: () => boolean | Promise<boolean>,
  what: string,
  timeoutMs = 20_000,
): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}
