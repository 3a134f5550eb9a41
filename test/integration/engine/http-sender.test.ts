import { createServer, type Server } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { HttpSender } from '../../../electron/core/engine/http-sender';
import { startWebhookServer, tlsFixture, type WebhookServer } from '../../support/webhook-server';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((c) => c()));
});

async function server(...args: Parameters<typeof startWebhookServer>): Promise<WebhookServer> {
  const s = await startWebhookServer(...args);
  cleanups.push(() => s.close());
  return s;
}
function sender(bodyCapBytes?: number): HttpSender {
  const s = new HttpSender(bodyCapBytes ? { bodyCapBytes } : {});
  cleanups.push(() => s.close());
  return s;
}
const base = {
  headers: [['content-type', 'application/json']] as [string, string][],
  body: Buffer.from('{"a":1}'),
  connectTimeoutMs: 2000,
  deadlineMs: 3000,
};

describe('HttpSender against real servers', () => {
  it('posts the body and headers in order and reports status, body and timings', async () => {
    const s = await server((_q, res) => res.writeHead(201, { 'x-reply': 'yes' }).end('created'));
    const r = await sender().send({
      ...base,
      url: s.url,
      headers: [
        ['content-type', 'application/json'],
        ['x-one', '1'],
        ['x-two', '2'],
      ],
    });
    expect(r.error).toBeNull();
    expect(r.response?.status).toBe(201);
    expect(Buffer.from(r.response!.body).toString()).toBe('created');
    expect(r.response!.headers).toContainEqual(['x-reply', 'yes']);
    const [got] = await s.waitFor(1);
    expect(got!.method).toBe('POST');
    expect(got!.body.toString()).toBe('{"a":1}');
    expect(
      got!.rawHeaders
        .filter((_, i) => i % 2 === 0)
        .filter((n) => n !== 'host' && n !== 'connection' && n !== 'content-length'),
    ).toEqual(['content-type', 'x-one', 'x-two']);
    expect(r.timings.connectMs).not.toBeNull();
    expect(r.timings.firstByteMs!).toBeGreaterThanOrEqual(r.timings.connectMs!);
    expect(r.timings.totalMs!).toBeGreaterThanOrEqual(r.timings.firstByteMs!);
  });

  it('does not follow a redirect: the 3xx is the answer', async () => {
    const s = await server((q, res) =>
      q.path === '/hook' ? res.writeHead(302, { location: '/elsewhere' }).end() : res.end('followed'),
    );
    const r = await sender().send({ ...base, url: s.url });
    expect(r.response?.status).toBe(302);
    expect(s.received).toHaveLength(1);
  });

  it('keeps the response body up to the cap and counts the rest', async () => {
    const s = await server((_q, res) => res.end('x'.repeat(5000)));
    const r = await sender(1000).send({ ...base, url: s.url });
    expect(r.response!.body.length).toBe(1000);
    expect(r.response!.size).toBe(5000);
    expect(r.response!.truncated).toBe(true);
  });

  it('stops a server that never answers at the deadline', async () => {
    const s = await server(() => undefined);
    const t0 = performance.now();
    const r = await sender().send({ ...base, url: s.url, deadlineMs: 400 });
    const took = performance.now() - t0;
    expect(r.response).toBeNull();
    expect(r.error).toMatch(/timed out.*400 ms/);
    expect(took).toBeGreaterThanOrEqual(390);
    expect(took).toBeLessThan(2000);
  });

  it('stops a server trickling one byte per second at the deadline, though every gap is short', async () => {
    const timers: NodeJS.Timeout[] = [];
    const s = await server((_q, res) => {
      res.writeHead(200, { 'content-length': '100' });
      timers.push(setInterval(() => res.write('.'), 1000));
    });
    cleanups.push(async () => timers.forEach(clearInterval));
    const t0 = performance.now();
    const r = await sender().send({ ...base, url: s.url, deadlineMs: 1500 });
    const took = performance.now() - t0;
    expect(r.error).toMatch(/timed out/);
    expect(r.response?.status).toBe(200); // headers arrived; the body never completed
    expect(took).toBeLessThan(3000);
  });

  it('reports connection refused', async () => {
    const probe: Server = createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
    const port = (probe.address() as AddressInfo).port;
    await new Promise((r) => probe.close(r));
    const r = await sender().send({ ...base, url: `http://127.0.0.1:${port}/hook` });
    expect(r.response).toBeNull();
    expect(r.error).toMatch(/connection refused/);
  });

  it('fails on a self-signed certificate without its CA and succeeds with it', async () => {
    const s = await server((_q, res) => res.end('secure'), { tls: true });
    const without = await sender().send({ ...base, url: s.url });
    expect(without.response).toBeNull();
    expect(without.error).toMatch(/TLS certificate not trusted/);
    const withCa = await sender().send({ ...base, url: s.url, caCertificatePem: tlsFixture.cert });
    expect(withCa.error).toBeNull();
    expect(withCa.response?.status).toBe(200);
  });
});
