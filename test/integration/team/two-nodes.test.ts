import { Webhook } from 'standardwebhooks';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { EmitResult } from '../../../shared/model/subscription';
import type { ExchangePage } from '../../../shared/model/exchange';
import type { InboxView } from '../../../shared/model/inbox';
import { createTestDatabase, type TestDatabase } from '../../support/postgres-db';
import { startTeamNode, teamKey, type TeamNode } from '../../support/team-nodes';
import { startWebhookServer, waitUntil, type WebhookServer } from '../../support/webhook-server';

/**
 * Team mode with real `hookbench serve` processes on one PostgreSQL database:
 * the schedule survives a node being killed, captures and settings made on one
 * node are live on the other.
 */
describe('two hookbench serve nodes on one database', () => {
  let db: TestDatabase;
  const key = teamKey();
  const nodes: TeamNode[] = [];
  const servers: WebhookServer[] = [];

  beforeAll(async () => {
    db = await createTestDatabase('team');
  });
  afterEach(async () => {
    for (const n of nodes.splice(0)) await n.stop('SIGKILL').catch(() => undefined);
    for (const s of servers.splice(0)) await s.close();
  });
  afterAll(async () => {
    await db.drop();
  });

  const node = async (args: string[] = []) => {
    const n = await startTeamNode(db.url, key, args);
    nodes.push(n);
    return n;
  };

  /** An endpoint that refuses each delivery's first request (503) and takes the later ones; `seen` counts them per webhook-id. */
  const refusingFirstAttempts = async () => {
    const seen = new Map<string, number>();
    const server = await startWebhookServer((req, res) => {
      const id = String(req.headers['webhook-id']);
      const n = (seen.get(id) ?? 0) + 1;
      seen.set(id, n);
      res.writeHead(n === 1 ? 503 : 200).end();
    });
    servers.push(server);
    return { server, seen };
  };

  it('node A is SIGKILLed with retries scheduled: node B sends every one, none twice', async () => {
    const { server, seen } = await refusingFirstAttempts();
    const a = await node(['--lease-ms', '1500']);
    const b = await node(['--lease-ms', '1500']);
    const { subscription } = await a.rpc<{ subscription: { id: string } }>('createSubscription', {
      name: 'flaky',
      url: server.url,
      retry: { mode: 'custom', delaysMs: [3000], maxAttempts: 3, jitter: 0 },
    });
    const ids: string[] = [];
    for (let i = 0; i < 20; i++) {
      const r = await a.rpc<EmitResult>('emit', {
        provider: 'standard-webhooks',
        event: 'user.created',
        payload: JSON.stringify({ type: 'user.created', n: i }),
        target: { kind: 'subscription', id: subscription.id },
      });
      ids.push(r.deliveries[0]!.deliveryId);
    }
    const retrying = async () =>
      (await b.rpc<ExchangePage>('queryExchanges', { kind: 'delivery', outcome: 'retrying', limit: 100 })).items.length;
    await waitUntil(async () => (await retrying()) === 20, 'every first attempt to fail on A');
    const beforeKill = server.received.length;
    expect(beforeKill).toBe(20);
    await a.stop('SIGKILL');
    nodes.splice(nodes.indexOf(a), 1);

    await waitUntil(
      async () =>
        (await b.rpc<ExchangePage>('queryExchanges', { kind: 'delivery', outcome: 'succeeded', limit: 100 })).items
          .length === 20,
      'node B to finish every retry',
      30_000,
    );
    // Each delivery: one refused first attempt on A, one successful retry on B; nothing was in flight at the kill.
    expect(server.received).toHaveLength(40);
    expect([...seen.values()]).toEqual(ids.map(() => 2));
    for (const id of ids.slice(0, 3)) {
      const detail = await b.rpc<{ delivery: { attempts: number; outcome: string } }>('getExchange', { id });
      expect(detail.delivery).toMatchObject({ attempts: 2, outcome: 'succeeded' });
    }
  });

  it('a retry cancelled on node B is not sent by node A, which holds it', async () => {
    const { server, seen } = await refusingFirstAttempts();
    const a = await node();
    const b = await node();
    const { subscription } = await a.rpc<{ subscription: { id: string } }>('createSubscription', {
      name: 'cancel me',
      url: server.url,
      retry: { mode: 'custom', delaysMs: [2000], maxAttempts: 2, jitter: 0 },
    });
    const emit = async (n: number) => {
      const r = await a.rpc<EmitResult>('emit', {
        provider: 'standard-webhooks',
        event: 'user.created',
        payload: JSON.stringify({ type: 'user.created', n }),
        target: { kind: 'subscription', id: subscription.id },
        wait: true,
      });
      return { deliveryId: r.deliveries[0]!.deliveryId, messageId: r.eventId };
    };
    const cancelled = [await emit(1), await emit(2), await emit(3)];
    // Emitted last, so due last: once its retry arrives, the others' due times have passed on node A.
    const sentinel = await emit(4);
    for (const d of cancelled)
      expect(await b.rpc<{ cancelled: boolean }>('cancelDelivery', { id: d.deliveryId })).toEqual({ cancelled: true });
    await waitUntil(() => seen.get(sentinel.messageId) === 2, 'the uncancelled retry', 10_000);
    for (const d of cancelled) {
      expect(seen.get(d.messageId)).toBe(1);
      expect(await a.rpc('getExchange', { id: d.deliveryId })).toMatchObject({
        delivery: { outcome: 'cancelled', attempts: 1, nextAttemptAt: null },
      });
    }
  });

  it('a capture posted to node B reaches node A’s live events within a second', async () => {
    const a = await node();
    const b = await node();
    const inbox = await a.rpc<InboxView>('createInbox', { name: 'shared inbox' });
    // B serves the inbox once it has heard of it.
    await waitUntil(
      async () => (await b.rpc<InboxView[]>('listInboxes', {})).some((i) => i.id === inbox.id),
      'node B to know the inbox',
      5_000,
    );
    const stream = a.events();
    try {
      await stream.connected;
      const sent = Date.now();
      const res = await fetch(`${b.receiverUrl}/in/${inbox.slug}`, { method: 'POST', body: '{"hello":"team"}' });
      expect(res.status).toBe(200);
      await waitUntil(() => stream.messages.some((m) => m.name === 'capture.received'), 'the capture on node A', 5_000);
      const arrived = Date.now() - sent;
      const event = stream.messages.find((m) => m.name === 'capture.received')!;
      expect(event.payload).toMatchObject({ inboxId: inbox.id, inboxName: 'shared inbox', method: 'POST', size: 16 });
      expect(arrived).toBeLessThan(1000);
    } finally {
      stream.close();
    }
  });

  it('a subscription created on node A is used by node B, secret and all', async () => {
    const server = await startWebhookServer();
    servers.push(server);
    const a = await node();
    const b = await node();
    const stream = b.events();
    await stream.connected;
    const { subscription, issued } = await a.rpc<{ subscription: { id: string }; issued: { secret: string } }>(
      'createSubscription',
      { name: 'made on A', url: server.url, profile: 'standard-webhooks' },
    );
    // B's open pages hear of it as they would of their own node's change.
    await waitUntil(
      () =>
        stream.messages.some(
          (m) =>
            m.name === 'subscription.changed' &&
            (m.payload as { id: string; change: string }).id === subscription.id &&
            (m.payload as { change: string }).change === 'created',
        ),
      "node B's event stream to announce the subscription",
      5_000,
    );
    stream.close();
    await waitUntil(
      async () => (await b.rpc<{ id: string }[]>('listSubscriptions', {})).some((s) => s.id === subscription.id),
      'node B to know the subscription',
      5_000,
    );
    await b.rpc<EmitResult>('emit', {
      provider: 'standard-webhooks',
      event: 'user.created',
      payload: '{"type":"user.created","from":"B"}',
      target: { kind: 'subscription', id: subscription.id },
      wait: true,
    });
    const [got] = await server.waitFor(1);
    const headers = Object.fromEntries(
      Object.entries(got!.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(',') : String(v)]),
    );
    // Signed by B with the secret A issued: the shared key opened what A sealed.
    expect(() => new Webhook(issued.secret).verify(got!.body.toString(), headers)).not.toThrow();
  });

  it('answers /healthz always and /readyz only while the database answers, with nothing else', async () => {
    const own = await createTestDatabase('ready');
    const n = await startTeamNode(own.url, key);
    nodes.push(n);
    const get = (path: string) => fetch(`${n.proc.origin}${path}`, { headers: { Host: 'lb.internal:8080' } });
    expect(await (await get('/healthz')).json()).toEqual({ status: 'ok' });
    const ready = await get('/readyz');
    expect([ready.status, await ready.json()]).toEqual([200, { status: 'ready' }]);
    await own.drop();
    const gone = await get('/readyz');
    expect([gone.status, await gone.json()]).toEqual([503, { status: 'not ready' }]);
    expect((await get('/healthz')).status).toBe(200);
  });
});
