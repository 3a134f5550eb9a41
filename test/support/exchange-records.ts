import type { NewCapture, NewDelivery } from '../../shared/model/exchange';

/** Realistic-looking records for store tests, the crash writer and the bench. */
export function makeDelivery(i: number, over: Partial<NewDelivery> & { timeMs?: number } = {}): NewDelivery {
  const { timeMs, ...rest } = over;
  const createdAt = new Date(timeMs ?? Date.UTC(2025, 0, 1) + i * 1000).toISOString();
  const body = JSON.stringify({
    id: `evt_${i}`,
    type: 'invoice.paid',
    data: { customer: { email: `user${i}@example.com`, name: `Customer ${i}` }, amount: 1000 + i },
  });
  return {
    id: `dlv_${i}`,
    createdAt,
    eventType: 'invoice.paid',
    eventId: `evt_${i}`,
    subscriptionId: 'sub_a',
    profile: 'stripe',
    targetUrl: 'https://example.test/hooks',
    request: {
      method: 'POST',
      url: 'https://example.test/hooks',
      headers: [
        ['content-type', 'application/json'],
        ['stripe-signature', `t=1,v1=sig${i}`],
      ],
      body,
    },
    ...rest,
  };
}

export function makeCapture(i: number, over: Partial<NewCapture> & { timeMs?: number } = {}): NewCapture {
  const { timeMs, ...rest } = over;
  return {
    id: `cap_${i}`,
    inboxId: 'inbox_a',
    receivedAt: new Date(timeMs ?? Date.UTC(2025, 0, 1) + i * 1000).toISOString(),
    method: 'POST',
    path: '/in/inbox_a',
    query: '',
    headers: [
      ['content-type', 'application/json'],
      ['x-trace', `trace-${i}`],
    ],
    body: JSON.stringify({ hello: 'world', n: i }),
    remoteAddress: '127.0.0.1',
    eventType: 'ping',
    eventId: null,
    outcome: 'succeeded',
    verification: { ok: true },
    response: { status: 200 },
    forward: null,
    rejectedReason: null,
    durationMs: 1,
    ...rest,
  };
}
