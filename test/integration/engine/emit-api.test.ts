import { afterEach, describe, expect, it } from 'vitest';
import { samplePayload } from '../../../shared/catalog';
import { createSubscriptionInput } from '../../../shared/api/methods/subscriptions';
import { AppFailure } from '../../../shared/api/result';
import type { TransactionPolicy } from '../../../shared/model/subscription';
import { openHarness, type Harness } from '../../support/delivery-harness';
import { startWebhookServer, waitUntil, type WebhookServer } from '../../support/webhook-server';

let h: Harness | undefined;
const servers: WebhookServer[] = [];
afterEach(async () => {
  await h?.close();
  h = undefined;
  await Promise.all(servers.splice(0).map((s) => s.close()));
});
async function serve(status: number, body = '') {
  const s = await startWebhookServer((_q, res) => res.writeHead(status).end(body));
  servers.push(s);
  return s;
}
async function rejected(p: Promise<unknown>): Promise<AppFailure> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppFailure);
  return err as AppFailure;
}
const faPayload = samplePayload('fusionauth', 'user.create').body;

describe('FusionAuth transactions', () => {
  const cases: [TransactionPolicy, number, boolean][] = [
    ['None', 0, true],
    ['Any', 1, true],
    ['Any', 0, false],
    ['SimpleMajority', 2, true],
    ['SimpleMajority', 1, false],
    ['SuperMajority', 2, true],
    ['SuperMajority', 1, false],
    ['AbsoluteMajority', 3, true],
    ['AbsoluteMajority', 2, false],
  ];
  for (const [policy, ok, expected] of cases) {
    it(`${policy} with ${ok}/3 webhooks answering 2xx → the API call ${expected ? 'succeeds' : 'fails with 504'}`, async () => {
      h = await openHarness();
      const good = await serve(200);
      const bad = await serve(500);
      for (let i = 0; i < 3; i++) {
        await h.create({
          name: `fa${i}`,
          url: i < ok ? good.url : bad.url,
          profile: 'fusionauth',
          transactionPolicy: policy,
          retry: { mode: 'custom', delaysMs: [20], maxAttempts: 2, jitter: 0 },
        });
      }
      const res = await h.emit({ provider: 'fusionauth', event: 'user.create', payload: faPayload });
      expect(res.deliveries).toHaveLength(3);
      if (policy === 'None') {
        expect(res.transaction).toBeNull();
      } else {
        expect(res.transaction).toMatchObject({
          policy,
          succeeded: ok,
          webhooks: 3,
          succeededCall: expected,
          error: expected ? null : { status: 504, code: '[WebhookTransactionException]' },
        });
      }
      const failedIds = res.deliveries.filter((d) => !d.firstAttempt?.ok).map((d) => d.deliveryId);
      for (const id of failedIds) await h.settled(id);
      // Failed webhooks are retried only when the transaction succeeded.
      const attempts = await Promise.all(failedIds.map(async (id) => (await h!.delivery(id)).delivery.attempts));
      expect(attempts).toEqual(attempts.map(() => (expected ? 2 : 1)));
    });
  }
  it('a *.complete event never fails the call', async () => {
    h = await openHarness();
    const bad = await serve(500);
    await h.create({
      name: 'fa',
      url: bad.url,
      profile: 'fusionauth',
      transactionPolicy: 'AbsoluteMajority',
      events: ['user.create.complete'],
    });
    const res = await h.emit({ provider: 'fusionauth', event: 'user.create.complete', payload: faPayload });
    expect(res.transaction).toMatchObject({ transactional: false, succeededCall: true });
  });
});

describe('bad input', () => {
  it('invalid subscription fields come back as field errors', () => {
    const r = createSubscriptionInput.safeParse({
      name: '',
      url: 'ftp://x',
      connectTimeoutMs: 5,
      readTimeoutMs: 10_000_000,
      profile: 'logto',
      events: ['User.Created', 'user.nope'],
      caCertificatePem: 'hello',
    });
    expect(r.success).toBe(false);
    const paths = r.error!.issues.map((i) => i.path.join('.'));
    expect(paths).toEqual(
      expect.arrayContaining(['name', 'url', 'connectTimeoutMs', 'readTimeoutMs', 'events.1', 'caCertificatePem']),
    );
  });
  it('a PEM-shaped certificate that does not parse is refused by the core', async () => {
    h = await openHarness();
    const err = await rejected(
      h.create({
        name: 'x',
        url: 'http://127.0.0.1:1/',
        caCertificatePem: '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n',
      }),
    );
    expect(err.fieldErrors).toHaveProperty('caCertificatePem');
  });
  it('an unknown event or a payload that is not JSON is refused and nothing is sent or logged', async () => {
    h = await openHarness();
    const s = await serve(200);
    const { subscription } = await h.create({ name: 'x', url: s.url });
    const unknown = await rejected(h.emit({ provider: 'standard-webhooks', event: 'user.exploded', payload: '{}' }));
    expect(unknown.code).toBe('invalid_input');
    expect(unknown.fieldErrors).toHaveProperty('event');
    const notJson = await rejected(
      h.emit({
        provider: 'standard-webhooks',
        event: 'user.created',
        payload: '{"a":',
        target: { kind: 'subscription', id: subscription.id },
      }),
    );
    expect(notJson.message).toMatch(/not valid JSON.*nothing was sent/);
    expect(notJson.fieldErrors).toHaveProperty('payload');
    expect(s.received).toHaveLength(0);
    expect((await h.stores.exchanges.query({})).items).toHaveLength(0);
  });
});

describe('secrets, test sends, replay, health', () => {
  it('returns the secret once, then only a masked hint; regeneration issues a new one', async () => {
    h = await openHarness();
    const { subscription, issued } = await h.create({ name: 'x', url: 'http://127.0.0.1:9/' });
    expect(issued.secret).toMatch(/^whsec_/);
    expect(JSON.stringify(h.system.subscriptions.list())).not.toContain(issued.secret!);
    expect(subscription.secretHint).toBe(`whsec_••••••${issued.secret!.slice(-4)}`);
    const again = await h.system.subscriptions.regenerate(subscription.id, 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw');
    expect(again.issued.secret).toBe('whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw');
    expect(h.system.subscriptions.material(subscription.id).secrets).toEqual([
      'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
    ]);
  });

  it('test sends report status and body per event and are not logged', async () => {
    h = await openHarness();
    const s = await serve(422, 'nope');
    const { subscription } = await h.create({
      name: 'x',
      url: s.url,
      profile: 'logto',
      events: ['User.Created', 'PostSignIn'],
    });
    const results = await h.system.emitter.testSend(subscription.id, ['User.Created', 'PostSignIn']);
    expect(results).toEqual([
      expect.objectContaining({ event: 'User.Created', ok: false, status: 422, body: 'nope' }),
      expect.objectContaining({ event: 'PostSignIn', ok: false, status: 422, body: 'nope' }),
    ]);
    expect(s.received).toHaveLength(2);
    expect((await h.stores.exchanges.query({})).items).toHaveLength(0);
  });

  it('replays a delivery with a fresh signature, with an edited body, and to another URL', async () => {
    h = await openHarness();
    const s = await serve(200);
    const other = await serve(200);
    const { subscription, issued } = await h.create({ name: 'x', url: s.url });
    const body = samplePayload('standard-webhooks', 'user.created').body;
    const first = await h.emit({
      provider: 'standard-webhooks',
      event: 'user.created',
      payload: body,
      target: { kind: 'subscription', id: subscription.id },
      wait: true,
    });
    const origId = first.deliveries[0]!.deliveryId;
    const again = await import('../../../electron/core/engine/replay').then((m) =>
      m.replay(
        { id: origId, target: { kind: 'original' }, wait: true },
        { exchanges: h!.stores.exchanges, subscriptions: h!.system.subscriptions, emitter: h!.system.emitter },
      ),
    );
    expect(again.deliveries[0]!.deliveryId).not.toBe(origId);
    expect(again.eventId).toBe(first.eventId);
    const edited = await import('../../../electron/core/engine/replay').then((m) =>
      m.replay(
        {
          id: origId,
          body: '{"edited":true}',
          target: {
            kind: 'url',
            url: other.url,
            secret: issued.secret!,
            headers: {},
            connectTimeoutMs: 1000,
            readTimeoutMs: 1000,
          },
          wait: true,
        },
        { exchanges: h!.stores.exchanges, subscriptions: h!.system.subscriptions, emitter: h!.system.emitter },
      ),
    );
    expect(edited.eventId).not.toBe(first.eventId);
    const [got] = await other.waitFor(1);
    expect(got!.body.toString()).toBe('{"edited":true}');
    expect(s.received).toHaveLength(2);
    expect((await h.stores.exchanges.query({ kind: 'delivery' })).items).toHaveLength(3);
  });

  it('health: 24 h totals, success rate, latency percentiles, consecutive failures, hourly buckets', async () => {
    h = await openHarness();
    let fail = false;
    const s = await startWebhookServer((_q, res) => res.writeHead(fail ? 500 : 200).end());
    servers.push(s);
    const { subscription } = await h.create({
      name: 'x',
      url: s.url,
      retry: { mode: 'custom', delaysMs: [], maxAttempts: 1, jitter: 0 },
    });
    const send = () =>
      h!.emit({
        provider: 'standard-webhooks',
        event: 'user.created',
        payload: '{"type":"user.created"}',
        target: { kind: 'subscription', id: subscription.id },
        wait: true,
      });
    for (let i = 0; i < 3; i++) await send();
    fail = true;
    await send();
    await send();
    await waitUntil(
      async () => (await h!.stores.exchanges.query({ outcome: 'failed' })).items.length === 2,
      'two failures',
    );
    const health = await h.stores.exchanges.health(subscription.id, Date.now());
    expect(health).toMatchObject({
      totalRequests: 5,
      totalAttempts: 5,
      succeeded: 3,
      failed: 2,
      successRate: 0.6,
      consecutiveFailures: 2,
      lastOutcome: { outcome: 'failed', status: 500 },
    });
    expect(health.latencyP50Ms).toBeGreaterThan(0);
    expect(health.latencyP95Ms!).toBeGreaterThanOrEqual(health.latencyP50Ms!);
    expect(health.hourly).toHaveLength(24);
    expect(health.hourly[23]).toMatchObject({ succeeded: 3, failed: 2 });
  });

  it('negative options: dropped signature header, duplicate message id, batch out of order', async () => {
    h = await openHarness();
    const s = await serve(200);
    const { subscription } = await h.create({ name: 'x', url: s.url });
    const target = { kind: 'subscription' as const, id: subscription.id };
    await h.emit({
      provider: 'standard-webhooks',
      event: 'user.created',
      payload: '{"n":0}',
      target,
      negative: { dropSignatureHeader: true, duplicate: true },
    });
    await s.waitFor(2);
    expect(s.received.map((r) => r.headers['webhook-signature'])).toEqual([undefined, undefined]);
    expect(s.received[0]!.headers['webhook-id']).toBe(s.received[1]!.headers['webhook-id']);
    await h.emit({
      provider: 'standard-webhooks',
      batch: [1, 2, 3].map((n) => ({ event: 'user.created', payload: `{"n":${n}}` })),
      target,
      negative: { outOfOrder: true },
    });
    await s.waitFor(5);
    expect(s.received.slice(2).map((r) => r.body.toString())).toEqual(['{"n":3}', '{"n":2}', '{"n":1}']);
  });
});
