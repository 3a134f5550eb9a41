import { afterAll, beforeAll, expect, it } from 'vitest';
import { samplePayload } from '../../../shared/catalog';
import type { CaptureResponse } from '../../../shared/model/inbox';
import type { VerifyResult } from '../../../shared/model/signing';
import { bodyBytes, startReceiver, unwrap, type ReceiverHarness } from '../../support/receiver-harness';

let hb: ReceiverHarness;
beforeAll(async () => {
  hb = await startReceiver();
});
afterAll(() => hb.close());

it('a sequence rule ("first 2 with 503, then 200") drives the engine through its retries to success, every attempt verified', async () => {
  const created = unwrap(
    await hb.core.api.createSubscription({
      name: 'to my inbox',
      url: 'http://127.0.0.1:9/placeholder',
      profile: 'standard-webhooks',
      retry: { mode: 'custom', delaysMs: [30, 30, 30], maxAttempts: 4, jitter: 0 },
    }),
  );
  const secret = created.issued.secret!;
  const inbox = await hb.createInbox({
    name: 'retry target',
    verification: { profile: 'standard-webhooks', secrets: [secret] },
    responseRule: { status: 200, body: 'ok', sequence: [{ count: 2, status: 503 }] },
  });
  unwrap(await hb.core.api.updateSubscription({ id: created.subscription.id, url: inbox.url! }));

  const payload = samplePayload('standard-webhooks', 'user.created').body;
  const emitted = unwrap(
    await hb.core.api.emit({
      provider: 'standard-webhooks',
      event: 'user.created',
      payload,
      target: { kind: 'subscription', id: created.subscription.id },
    }),
  );
  const deliveryId = emitted.deliveries[0]!.deliveryId;

  await expect
    .poll(
      async () => {
        const found = await hb.core.storage()!.exchanges.getExchange(deliveryId);
        return found?.kind === 'delivery' ? found.delivery.outcome : null;
      },
      { timeout: 10_000, interval: 20 },
    )
    .toBe('succeeded');
  const detail = await hb.core.storage()!.exchanges.getExchange(deliveryId);
  if (detail?.kind !== 'delivery') throw new Error('no delivery');
  expect(detail.attempts.map((a) => a.response?.status)).toEqual([503, 503, 200]);

  const captures = await hb.capturesOf(inbox.id);
  expect(captures.map((c) => (c.response as CaptureResponse).status)).toEqual([503, 503, 200]);
  expect(captures.map((c) => (c.response as CaptureResponse).source)).toEqual(['sequence', 'sequence', 'rule']);
  expect(captures.every((c) => (c.verification as VerifyResult).valid)).toBe(true);
  expect(captures.every((c) => bodyBytes(c.body).toString() === payload)).toBe(true);
  expect(new Set(captures.map((c) => c.eventId)).size).toBe(1);
});
