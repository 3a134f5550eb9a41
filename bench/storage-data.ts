import type { ExchangeWrite } from '../electron/core/store/port';
import type { DeliveryOutcome, ExchangeFilter, Outcome } from '../shared/model/exchange';

/**
 * The storage benches' log: `rows` exchanges over two months, shaped like
 * Hookbench's traffic (a quarter captures, ~1 KiB JSON bodies, 30 event types,
 * 20 subscriptions, 5 inboxes, realistic outcomes). Deterministic: each call
 * starts the same PRNG, so every run and both stores see the same rows.
 */
export function storageData(rows: number) {
  const T0 = Date.UTC(2025, 0, 1);
  const SPAN_MS = 60 * 86_400_000;
  let seed = 42;
  const rand = () => ((seed = (Math.imul(seed ^ (seed >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) | 0) >>> 0) / 2 ** 32;
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)]!;
  const eventTypes = Array.from(
    { length: 30 },
    (_, i) =>
      `${pick(['invoice', 'customer', 'charge', 'order', 'user'])}.${['created', 'updated', 'paid', 'failed', 'deleted', 'refunded'][i % 6]}`,
  );
  const subs = Array.from({ length: 20 }, (_, i) => `sub_${i}`);
  const inboxes = Array.from({ length: 5 }, (_, i) => `inbox_${i}`);
  const words =
    'alpha bravo charlie delta echo foxtrot golf hotel india juliet kilo lima mike november oscar papa'.split(' ');

  /** About 1 KiB of JSON shaped like a provider's event payload. */
  function body(i: number, type: string): string {
    const items = Array.from({ length: 6 }, (_, k) => ({
      sku: `SKU-${(i * 7 + k) % 9973}`,
      qty: 1 + ((i + k) % 5),
      price: 100 + ((i * 13 + k) % 9000),
      note: `${pick(words)} ${pick(words)}`,
    }));
    return JSON.stringify({
      id: `evt_${i.toString(36)}`,
      type,
      created: T0 + i,
      livemode: false,
      data: {
        object: {
          customer: { id: `cus_${i % 50_000}`, email: `user${i}@example.com`, name: `${pick(words)} ${pick(words)}` },
          currency: 'usd',
          items,
          metadata: { order: `ord_${i}`, region: pick(['eu', 'us', 'ap']) },
        },
      },
    });
  }

  function outcomeAndStatus(kind: 'delivery' | 'capture'): [Outcome, number | null] {
    const r = rand();
    if (kind === 'capture') return r < 0.9 ? ['succeeded', 200] : r < 0.97 ? ['failed', 401] : ['rejected', 413];
    if (r < 0.8) return ['succeeded', pick([200, 200, 201, 204])];
    if (r < 0.88) return ['failed', pick([500, 502, 404, 400, null])];
    if (r < 0.95) return ['retrying', pick([503, null])];
    return r < 0.98 ? ['pending', null] : ['cancelled', null];
  }

  /** Exchange `i`: a capture, or a delivery and (unless pending) its first attempt. */
  function record(i: number, timeMs = T0 + Math.floor((i * SPAN_MS) / rows)): ExchangeWrite[] {
    const at = new Date(timeMs).toISOString();
    const type = pick(eventTypes);
    const headers: [string, string][] = [
      ['content-type', 'application/json'],
      ['user-agent', 'Hookbench/0.1'],
      ['webhook-id', `msg_${i.toString(36)}`],
    ];
    if (rand() < 0.25) {
      const [outcome, status] = outcomeAndStatus('capture');
      return [
        {
          type: 'capture',
          capture: {
            id: `cap_${i}`,
            inboxId: pick(inboxes),
            receivedAt: at,
            method: 'POST',
            path: '/in/x',
            query: '',
            headers,
            body: body(i, type),
            remoteAddress: '127.0.0.1',
            eventType: type,
            eventId: `evt_${i}`,
            outcome,
            verification: { ok: outcome === 'succeeded' },
            response: { status: status! },
            forward: null,
            rejectedReason: outcome === 'rejected' ? '413 body too large' : null,
            durationMs: 1,
          },
        },
      ];
    }
    const [outcome, status] = outcomeAndStatus('delivery') as [DeliveryOutcome, number | null];
    const payload = body(i, type);
    const writes: ExchangeWrite[] = [
      {
        type: 'delivery',
        delivery: {
          id: `dlv_${i}`,
          createdAt: at,
          eventType: type,
          eventId: `evt_${i}`,
          subscriptionId: pick(subs),
          profile: 'standard-webhooks',
          targetUrl: 'https://example.test/hooks',
          request: { method: 'POST', url: 'https://example.test/hooks', headers, body: payload },
        },
      },
    ];
    if (outcome !== 'pending') {
      writes.push({
        type: 'attempt',
        attempt: {
          deliveryId: `dlv_${i}`,
          n: 1,
          startedAt: at,
          request: { headers, body: payload },
          response: status ? { status, headers: [['content-type', 'text/plain']], body: 'ok' } : null,
          timings: { connectMs: 1, firstByteMs: 4, totalMs: 5 },
          error: status ? null : 'ECONNREFUSED',
        },
        update: { outcome, lastStatus: status },
      });
    }
    return writes;
  }

  /** The filters both stores are timed with, by name. */
  const filters: [string, ExchangeFilter][] = [
    ['kind', { kind: 'capture' }],
    ['subscription', { subscriptionId: 'sub_7' }],
    ['inbox', { inboxId: 'inbox_2' }],
    ['event type', { eventType: eventTypes[3] }],
    ['outcome', { outcome: 'failed' }],
    ['status', { status: 502 }],
    ['status class', { statusClass: '5xx' }],
    ['time range', { from: new Date(T0 + SPAN_MS / 3).toISOString(), to: new Date(T0 + SPAN_MS / 2).toISOString() }],
    ['combined', { kind: 'delivery', outcome: 'failed', statusClass: '5xx' }],
  ];

  return { T0, SPAN_MS, rand, eventTypes, words, filters, record };
}
