import { afterEach, describe, expect, it } from 'vitest';
import { samplePayload } from '../../../shared/catalog';
import { header, openHarness, type Harness } from '../../support/delivery-harness';
import {
  startWebhookServer,
  tlsFixture,
  waitUntil,
  type Reply,
  type WebhookServer,
} from '../../support/webhook-server';

let h: Harness | undefined;
const servers: WebhookServer[] = [];
afterEach(async () => {
  await h?.close();
  h = undefined;
  await Promise.all(servers.splice(0).map((s) => s.close()));
});
async function serve(reply?: Reply, opts?: { tls?: boolean }) {
  const s = await startWebhookServer(reply, opts);
  servers.push(s);
  return s;
}
const payload = samplePayload('standard-webhooks', 'user.created').body;
const fast = (delaysMs: number[], maxAttempts: number) => ({
  mode: 'custom' as const,
  delaysMs,
  maxAttempts,
  jitter: 0,
});

async function emitTo(url: string, extra: Record<string, unknown> = {}) {
  h ??= await openHarness();
  const { subscription } = await h.create({ name: 't', url, ...extra });
  const res = await h!.emit({
    provider: 'standard-webhooks',
    event: 'user.created',
    payload,
    target: { kind: 'subscription', id: subscription.id },
  });
  return { sub: subscription, id: res.deliveries[0]!.deliveryId };
}

describe('delivery outcomes against real servers', () => {
  it('5xx is retried on the schedule, then fails: one delivery, N attempts, same webhook-id on every attempt', async () => {
    h = await openHarness();
    const s = await serve((_q, res) => res.writeHead(503).end('down'));
    const { id } = await emitTo(s.url, { retry: fast([150, 300], 3) });
    const { delivery, attempts } = await h!.settled(id);
    expect(delivery.outcome).toBe('failed');
    expect(delivery.attempts).toBe(3);
    expect(attempts.map((a) => a.response?.status)).toEqual([503, 503, 503]);
    expect(s.received).toHaveLength(3);
    const ids = new Set(s.received.map((r) => r.headers['webhook-id']));
    expect(ids.size).toBe(1);
    const gaps = [s.received[1]!.at - s.received[0]!.at, s.received[2]!.at - s.received[1]!.at];
    expect(gaps[0]).toBeGreaterThanOrEqual(140);
    expect(gaps[1]).toBeGreaterThanOrEqual(290);
    expect(attempts[2]!.response!.body.text).toBe('down');
  });

  it('4xx fails without retry', async () => {
    const s = await serve((_q, res) => res.writeHead(400).end('bad'));
    const { id } = await emitTo(s.url, { retry: fast([10], 5) });
    const { delivery } = await h!.settled(id);
    expect(delivery.outcome).toBe('failed');
    expect(delivery.attempts).toBe(1);
    expect(s.received).toHaveLength(1);
  });

  it('429 with Retry-After waits as asked, then succeeds', async () => {
    const s = await serve((_q, res, i) => (i === 0 ? res.writeHead(429, { 'retry-after': '1' }).end() : res.end('ok')));
    const { id } = await emitTo(s.url, { retry: fast([10], 3) });
    const { delivery } = await h!.settled(id);
    expect(delivery.outcome).toBe('succeeded');
    expect(delivery.attempts).toBe(2);
    expect(s.received[1]!.at - s.received[0]!.at).toBeGreaterThanOrEqual(990);
  });

  it('410 disables the subscription (Standard Webhooks) and later events skip it', async () => {
    const s = await serve((_q, res) => res.writeHead(410).end());
    const { sub, id } = await emitTo(s.url, { retry: fast([10], 3) });
    expect((await h!.settled(id)).delivery.outcome).toBe('failed');
    const after = h!.system.subscriptions.get(sub.id);
    expect(after.enabled).toBe(false);
    expect(after.disabledReason).toMatch(/410/);
    const next = await h!.emit({ provider: 'standard-webhooks', event: 'user.created', payload });
    expect(next.deliveries).toHaveLength(0);
  });

  it('3xx is a failure and the redirect is not followed', async () => {
    const s = await serve((q, res) =>
      q.path === '/hook' ? res.writeHead(307, { location: '/other' }).end() : res.end(),
    );
    const { id } = await emitTo(s.url, { retry: fast([10], 3) });
    const { delivery, attempts } = await h!.settled(id);
    expect(delivery.outcome).toBe('failed');
    expect(attempts[0]!.error).toBeNull();
    expect(s.received.map((r) => r.path)).toEqual(['/hook']);
  });

  it('a server that never answers stops at the deadline (connect + read timeout) and is retried', async () => {
    const s = await serve(() => undefined);
    const { id } = await emitTo(s.url, { connectTimeoutMs: 100, readTimeoutMs: 300, retry: fast([10], 2) });
    const { delivery, attempts } = await h!.settled(id);
    expect(delivery.outcome).toBe('failed');
    expect(attempts).toHaveLength(2);
    for (const a of attempts) {
      expect(a.error).toMatch(/timed out/);
      expect(a.timings!.totalMs!).toBeLessThan(1500);
    }
  });

  it('connection refused is recorded and retried', async () => {
    const s = await serve();
    const url = s.url;
    await s.close();
    servers.splice(0);
    const { id } = await emitTo(url, { retry: fast([10], 2) });
    const { delivery, attempts } = await h!.settled(id);
    expect(delivery.outcome).toBe('failed');
    expect(attempts.map((a) => a.error)).toEqual([expect.stringMatching(/refused/), expect.stringMatching(/refused/)]);
  });

  it('a self-signed HTTPS endpoint fails without its CA and succeeds with it', async () => {
    const s = await serve((_q, res) => res.end('tls ok'), { tls: true });
    const without = await emitTo(s.url, { retry: fast([10], 1) });
    const a = await h!.settled(without.id);
    expect(a.delivery.outcome).toBe('failed');
    expect(a.attempts[0]!.error).toMatch(/TLS certificate not trusted/);
    const withCa = await emitTo(s.url, { caCertificatePem: tlsFixture.cert, retry: fast([10], 1) });
    const b = await h!.settled(withCa.id);
    expect(b.delivery.outcome).toBe('succeeded');
    expect(b.attempts[0]!.response!.body.text).toBe('tls ok');
  });

  it('basic auth and custom headers arrive; custom headers cannot override the signature; the log masks the password', async () => {
    const s = await serve();
    const { id } = await emitTo(s.url, {
      basicAuth: { username: 'hook', password: 'p@ss' },
      headers: { 'X-Tenant': 'acme', 'webhook-signature': 'forged' },
    });
    const { delivery, attempts } = await h!.settled(id);
    expect(delivery.outcome).toBe('succeeded');
    const [got] = await s.waitFor(1);
    expect(got!.headers.authorization).toBe(`Basic ${Buffer.from('hook:p@ss').toString('base64')}`);
    expect(got!.headers['x-tenant']).toBe('acme');
    expect(got!.headers['webhook-signature']).toMatch(/^v1,/);
    expect(header(attempts[0]!.request.headers, 'authorization')).toBe('Basic ••••••');
    expect(JSON.stringify(delivery)).not.toContain('p@ss');
  });

  it('a pending retry can be cancelled', async () => {
    const s = await serve((_q, res) => res.writeHead(500).end());
    const { id } = await emitTo(s.url, { retry: fast([60_000], 3) });
    await waitUntil(async () => (await h!.delivery(id)).delivery.outcome === 'retrying', 'first attempt');
    expect(await h!.system.engine.cancel(id)).toBe(true);
    const { delivery } = await h!.settled(id);
    expect(delivery.outcome).toBe('cancelled');
    expect(delivery.nextAttemptAt).toBeNull();
    expect(s.received).toHaveLength(1);
  });
});
