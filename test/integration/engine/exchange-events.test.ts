import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import type { Core } from '../../../electron/core';
import type { AppEventMessage } from '../../../shared/api/events';
import type { ExchangeDetail, ExchangeSummary } from '../../../shared/model/exchange';
import type { CaptureSummary, InboxView } from '../../../shared/model/inbox';
import type { DeliveryChange, SubscriptionChange, SubscriptionWithSecret } from '../../../shared/model/subscription';
import { useCorePerTest } from '../../support/core-per-test';
import { send, unwrap } from '../../support/receiver-harness';
import { waitUntil } from '../../support/webhook-server';

const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';

const { start, webhookServer } = useCorePerTest('hb-exchange-events-');

async function started(): Promise<{ c: Core; seen: AppEventMessage[] }> {
  const c = await start();
  const seen: AppEventMessage[] = [];
  c.events.subscribe((m) => seen.push(m));
  return { c, seen };
}

const changes = (seen: AppEventMessage[], id: string) =>
  seen
    .filter((m) => m.name === 'delivery.updated' && (m.payload as DeliveryChange).id === id)
    .map((m) => m.payload as DeliveryChange);

/** A Standard Webhooks subscription to `url` taking every event. */
async function subscribe(c: Core, url: string, extra: Record<string, unknown> = {}): Promise<string> {
  const created = unwrap(
    await c.api.createSubscription({ name: 'app', url, profile: 'standard-webhooks', events: 'all', ...extra }),
  ) as SubscriptionWithSecret;
  return created.subscription.id;
}

/** user.created to one subscription. */
const emitTo = (c: Core, subscriptionId: string, o: { payload?: string; wait?: boolean } = {}) =>
  c.api.emit({
    provider: 'standard-webhooks',
    event: 'user.created',
    payload: o.payload ?? '{"type":"user.created"}',
    target: { kind: 'subscription', id: subscriptionId },
    ...(o.wait ? { wait: true } : {}),
  });

async function page(c: Core, filter: Record<string, unknown> = {}): Promise<ExchangeSummary[]> {
  return unwrap(await c.api.queryExchanges({ limit: 50, ...filter })).items;
}

describe('live events carry the list row', () => {
  it('a delivery is announced when it is queued, then on every change, each time with its whole row', async () => {
    const { c, seen } = await started();
    const server = await webhookServer((_q, res) => res.end('{"ok":true}'));
    const subscriptionId = await subscribe(c, server.url);
    const emitted = unwrap(await emitTo(c, subscriptionId));
    const id = emitted.deliveries[0]!.deliveryId;
    await waitUntil(() => changes(seen, id).some((ch) => ch.outcome === 'succeeded'), 'delivery succeeded');
    const [queued, ...rest] = changes(seen, id);
    expect(queued).toMatchObject({ outcome: 'pending', attempts: 0 });
    // the queued row is exactly what a page read back shows for it at that moment, bar the outcome
    expect(queued!.row).toMatchObject({
      id,
      kind: 'delivery',
      eventType: 'user.created',
      sourceId: subscriptionId,
      target: server.url,
      method: 'POST',
      outcome: 'pending',
      status: null,
      attempts: 0,
      size: '{"type":"user.created"}'.length,
      verdict: null,
      replayOf: null,
    });
    const done = rest.at(-1)!;
    const [stored] = await page(c);
    expect(done.row).toEqual({ ...stored, durationMs: done.row.durationMs });
    expect(stored).toMatchObject({ outcome: 'succeeded', status: 200, attempts: 1 });
  });

  it('a waited send shows its row before a slow answer, and its outcome once the answer came', async () => {
    const { c, seen } = await started();
    let answer: (() => void) | undefined;
    const server = await webhookServer((_q, res) => {
      answer = () => res.end('{"ok":true}');
    });
    const subscriptionId = await subscribe(c, server.url);
    const emitting = emitTo(c, subscriptionId, { wait: true });
    // Held back for the answer for a moment only: a list shows the queued row while the endpoint thinks.
    await waitUntil(() => answer !== undefined, 'the request to arrive');
    await waitUntil(async () => (await page(c)).length === 1, 'the queued row');
    const [queued] = await page(c);
    expect(queued).toMatchObject({ outcome: 'pending', attempts: 0 });
    expect(changes(seen, queued!.id).map((ch) => ch.outcome)).toEqual(['pending']);
    answer!();
    const emitted = unwrap(await emitting);
    expect(emitted.deliveries[0]).toMatchObject({ deliveryId: queued!.id, firstAttempt: { status: 200, ok: true } });
    // The row was committed before the answer; the attempt's record follows it.
    await waitUntil(async () => (await page(c))[0]?.outcome === 'succeeded', 'the attempt recorded');
    expect((await page(c))[0]).toMatchObject({ id: queued!.id, attempts: 1, status: 200 });
    expect(changes(seen, queued!.id).map((ch) => ch.outcome)).toEqual(['pending', 'succeeded']);
  });

  it('a waited send to a quick endpoint is written with its outcome, announced queued and then done', async () => {
    const { c, seen } = await started();
    const server = await webhookServer((_q, res) => res.end('{"ok":true}'));
    const subscriptionId = await subscribe(c, server.url);
    const emitted = unwrap(await emitTo(c, subscriptionId, { wait: true }));
    const id = emitted.deliveries[0]!.deliveryId;
    // Acknowledged means committed: the row is there (with its outcome when the answer came within the hold).
    expect((await page(c)).map((r) => r.id)).toEqual([id]);
    await waitUntil(() => changes(seen, id).length === 2, 'both announcements');
    expect((await page(c))[0]).toMatchObject({ id, outcome: 'succeeded', attempts: 1, status: 200 });
    expect(changes(seen, id).map((ch) => ch.outcome)).toEqual(['pending', 'succeeded']);
    const detail = unwrap(await c.api.getExchange({ id }));
    expect(detail).toMatchObject({ kind: 'delivery', attempts: [{ n: 1, response: { status: 200 } }] });
  });

  it("a capture's event carries its row with the verdict, as the page reads it back", async () => {
    const { c, seen } = await started();
    const inbox = unwrap(
      await c.api.createInbox({ name: 'app', verification: { profile: 'standard-webhooks', secrets: [SECRET] } }),
    ) as InboxView;
    const body = '{"type":"user.created"}';
    const at = new Date();
    await send(inbox.url!, {
      headers: {
        'content-type': 'application/json',
        'webhook-id': 'msg_1',
        'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
        'webhook-signature': new Webhook(SECRET).sign('msg_1', at, body),
      },
      body,
    });
    await send(inbox.url!, { body });
    await waitUntil(() => seen.filter((m) => m.name === 'capture.received').length === 2, 'two captures');
    const rows = seen.filter((m) => m.name === 'capture.received').map((m) => (m.payload as CaptureSummary).row);
    expect(rows.map((r) => r.verdict)).toEqual(['valid', 'invalid']);
    const stored = await page(c, { kind: 'capture', inboxId: inbox.id });
    expect(stored.reverse()).toEqual(rows);
  });
});

describe('replays are linked to their original both ways', () => {
  it('the replay names its original; the original lists its replays and shows how the newest went', async () => {
    const { c, seen } = await started();
    let failing = true;
    const server = await webhookServer((_q, res) => {
      res.statusCode = failing ? 500 : 200;
      res.end();
    });
    const subscriptionId = await subscribe(c, server.url, {
      retry: { mode: 'custom', delaysMs: [], maxAttempts: 1, jitter: 0 },
    });
    const sent = unwrap(await emitTo(c, subscriptionId, { payload: '{}', wait: true }));
    const original = sent.deliveries[0]!.deliveryId;
    failing = false;
    const replayed = unwrap(await c.api.replay({ id: original, wait: true }));
    const replay = replayed.deliveries[0]!.deliveryId;
    // a waited send answers once the attempt is known; the event follows its commit
    await waitUntil(() => changes(seen, replay).some((ch) => ch.outcome === 'succeeded'), 'replay recorded');

    const rows = await page(c);
    const byId = new Map(rows.map((r) => [r.id, r]));
    expect(byId.get(replay)).toMatchObject({ replayOf: original, outcome: 'succeeded', replay: null });
    expect(byId.get(original)).toMatchObject({
      outcome: 'failed',
      replayOf: null,
      replay: { id: replay, outcome: 'succeeded' },
    });
    const detail = unwrap(await c.api.getExchange({ id: original })) as ExchangeDetail;
    expect(detail.replays).toEqual([{ id: replay, outcome: 'succeeded' }]);
    const again = unwrap(await c.api.getExchange({ id: replay })) as ExchangeDetail;
    expect(again.kind === 'delivery' && again.delivery.replayOf).toBe(original);
  });
});

describe('subscription.changed', () => {
  it('is sent for every change, so every door (CLI, REST, another window) shows it live', async () => {
    const { c, seen } = await started();
    const { subscription } = unwrap(
      await c.api.createSubscription({ name: 'a', url: 'http://127.0.0.1:9/x', profile: 'fief', events: 'all' }),
    ) as SubscriptionWithSecret;
    const id = subscription.id;
    unwrap(await c.api.updateSubscription({ id, name: 'b' }));
    unwrap(await c.api.setSubscriptionEnabled({ id, enabled: false }));
    unwrap(await c.api.regenerateSecret({ id }));
    unwrap(await c.api.deleteSubscription({ id }));
    const seenChanges = seen
      .filter((m) => m.name === 'subscription.changed')
      .map((m) => (m.payload as SubscriptionChange).change);
    expect(seenChanges).toEqual(['created', 'updated', 'updated', 'updated', 'deleted']);
  });
});

describe('sign and verify with stored material', () => {
  it("signs with a subscription's secret and verifies with an inbox's, without either leaving the core", async () => {
    const { c } = await started();
    const { subscription, issued } = unwrap(
      await c.api.createSubscription({
        name: 'a',
        url: 'http://127.0.0.1:9/x',
        profile: 'standard-webhooks',
        events: 'all',
        secret: SECRET,
      }),
    ) as SubscriptionWithSecret;
    const inbox = unwrap(
      await c.api.createInbox({ name: 'in', verification: { profile: 'standard-webhooks', secrets: [SECRET] } }),
    ) as InboxView;
    const nowSeconds = Math.floor(Date.now() / 1000);
    const signed = unwrap(
      await c.api.sign({
        provider: 'standard-webhooks',
        body: '{"a":1}',
        id: 'msg_x',
        timestamp: nowSeconds,
        using: { subscriptionId: subscription.id },
      }),
    );
    // the receiver's own library accepts it with the secret issued at creation
    expect(new Webhook(issued.secret!).verify('{"a":1}', signed.headers)).toEqual({ a: 1 });
    const verified = unwrap(
      await c.api.verify({
        provider: 'standard-webhooks',
        headers: signed.headers,
        body: '{"a":1}',
        now: nowSeconds,
        using: { inboxId: inbox.id },
      }),
    );
    expect(verified.valid).toBe(true);
    expect(JSON.stringify([signed, verified])).not.toContain(SECRET);

    const wrongProfile = await c.api.sign({ provider: 'stripe', body: '{}', using: { inboxId: inbox.id } });
    expect(wrongProfile).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', fieldErrors: { provider: [expect.any(String)] } },
    });
    const unknown = await c.api.verify({ provider: 'stripe', headers: {}, body: '{}', using: { inboxId: 'inb_nope' } });
    expect(unknown).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });
});
