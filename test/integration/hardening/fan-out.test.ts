import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmitResult } from '../../../shared/model/subscription';
import { startCoreServer, type RunningCore } from '../../support/core-server';
import { unwrap } from '../../support/receiver-harness';
import { startWebhookServer, type WebhookServer } from '../../support/webhook-server';
import { tempDir } from '../../support/temp';
import { createCore } from '../../../electron/core/index';

const PAYLOAD = JSON.stringify({ type: 'user.created', timestamp: '2024-01-01T00:00:00Z', data: { id: 'u1' } });

/**
 * Class 2 of issue 13: a subscription whose stored secret cannot sign (saved
 * before secrets were checked) no longer turns a fan-out into a failure, and
 * the healthy subscription's delivery is sent at once, never left pending.
 */
describe('fan-out with a subscription saved before secrets were checked', () => {
  const tmp = tempDir('hb-fanout-');
  let endpoint: WebhookServer;
  let hb: RunningCore;
  let key: string;
  let goodId: string;
  const notices: string[] = [];

  beforeAll(async () => {
    endpoint = await startWebhookServer();
    // An old data dir: one healthy subscription, then a hand-edited (plain, malformed) secret on another.
    const dataDir = join(tmp.dir, 'data');
    const old = createCore({ dataDir, receiverPort: 0 });
    await old.start();
    goodId = unwrap(
      await old.api.createSubscription({ name: 'Healthy', url: `${endpoint.url}/good`, events: ['user.created'] }),
    ).subscription.id;
    unwrap(await old.api.createSubscription({ name: 'Old one', url: `${endpoint.url}/bad`, events: ['user.created'] }));
    await old.stop();
    const file = join(dataDir, 'settings.json');
    const doc = JSON.parse(readFileSync(file, 'utf8'));
    doc.subscriptions[1].secret = 'whsec_bad!!';
    doc.subscriptions[1].secretHint = 'whsec_••••';
    writeFileSync(file, JSON.stringify(doc));

    hb = await startCoreServer({ dataDir, receiverPort: 0 });
    hb.core.events.subscribe(
      (m) => m.name === 'status.changed' && notices.push(...(m.payload as { notices: string[] }).notices),
    );
    key = unwrap(await hb.core.api.createApiKey({ name: 'k' })).key;
  });
  afterAll(async () => {
    await hb?.close();
    await endpoint?.close();
    tmp.cleanup();
  });

  const emit = (body: object) =>
    fetch(`${hb.base}/api/v1/emit`, {
      method: 'POST',
      headers: { Authorization: key, 'Content-Type': 'application/json' },
      body: JSON.stringify({ provider: 'standard-webhooks', event: 'user.created', payload: PAYLOAD, ...body }),
    });

  it('the start names the subscription whose secret does not fit, and the hand-edited secret is sealed', async () => {
    const status = unwrap(await hb.core.api.getStatus(undefined));
    expect(status.notices.join('\n')).toMatch(
      /Subscription "Old one" \(.+\): its secret does not fit standard-webhooks/,
    );
    expect(status.notices.join('\n')).not.toContain('whsec_bad!!');
    expect(readFileSync(join(hb.dataDir, 'settings.json'), 'utf8')).not.toContain('whsec_bad!!');
  });

  it('REST emit answers 200, delivers to the healthy one at once and lists the refused one by name and field', async () => {
    const before = endpoint.received.length;
    const res = await emit({});
    expect(res.status).toBe(200);
    const result = (await res.json()) as EmitResult;
    expect(result.deliveries.map((d) => d.subscriptionId)).toEqual([goodId]);
    expect(result.refused).toEqual([
      expect.objectContaining({ name: 'Old one', url: `${endpoint.url}/bad`, field: 'secret' }),
    ]);
    expect(result.refused[0]!.message).toMatch(/not valid base64/);
    expect(JSON.stringify(result)).not.toContain('whsec_bad!!');
    // Delivered without a restart, and nothing is left pending.
    const got = await endpoint.waitFor(before + 1);
    expect(got.at(-1)!.path).toMatch(/\/good$/);
    await expect
      .poll(async () => {
        const page = unwrap(await hb.core.api.queryExchanges({ kind: 'delivery' }));
        return page.items.map((i) => i.outcome);
      })
      .toEqual(['succeeded']);
  });

  it('a waited emit gives the first attempt of the sent one and the refusal of the other', async () => {
    const res = await emit({ wait: true });
    const result = (await res.json()) as EmitResult;
    expect(res.status).toBe(200);
    expect(result.deliveries[0]!.firstAttempt).toMatchObject({ ok: true, status: 200 });
    expect(result.refused.map((r) => r.name)).toEqual(['Old one']);
    // The attempt is recorded by the next group commit: until then the row still says pending, then never again.
    await expect.poll(async () => unwrap(await hb.core.api.queryExchanges({ outcome: 'pending' })).items).toEqual([]);
  });

  it('when nothing could be sent, the answer is 422 naming the subscription and the field', async () => {
    const bad = unwrap(await hb.core.api.listSubscriptions(undefined)).find((s) => s.name === 'Old one')!;
    const res = await emit({ target: { kind: 'subscription', id: bad.id } });
    expect(res.status).toBe(422);
    const body = (await res.json()) as { error: { code: string; message: string; fieldErrors: object } };
    expect(body.error.code).toBe('failed');
    expect(body.error.message).toMatch(/Nothing was sent\. "Old one"/);
    expect(body.error.fieldErrors).toHaveProperty([`subscriptions.${bad.id}.secret`]);
  });

  it('regenerating the secret makes it deliver again', async () => {
    const bad = unwrap(await hb.core.api.listSubscriptions(undefined)).find((s) => s.name === 'Old one')!;
    unwrap(await hb.core.api.regenerateSecret({ id: bad.id }));
    const result = (await (await emit({ wait: true })).json()) as EmitResult;
    expect(result.refused).toEqual([]);
    expect(result.deliveries).toHaveLength(2);
  });
});

describe('secrets are checked when saved, per profile, with a message naming the field', () => {
  let hb: RunningCore;
  beforeAll(async () => {
    hb = await startCoreServer({ receiverPort: 0 });
  });
  afterAll(() => hb.close());

  it('refuses whsec_bad!! and a 5-character Logto key for subscriptions and inboxes alike', async () => {
    const cases = [
      { profile: 'standard-webhooks', secret: 'whsec_bad!!', message: /not valid base64/ },
      { profile: 'logto', secret: 'abcde', message: /Logto signing key is 32 letters and digits \(this one is 5/ },
      { profile: 'stripe', secret: 'sk_live_123', message: /does not start with whsec_/ },
      { profile: 'github', secret: 'token\n', message: /spaces or a line break/ },
    ] as const;
    for (const c of cases) {
      const sub = await hb.core.api.createSubscription({
        name: c.profile,
        url: 'http://127.0.0.1:9/',
        profile: c.profile,
        secret: c.secret,
      });
      expect(sub.ok).toBe(false);
      if (!sub.ok) {
        expect(sub.error.code).toBe('invalid_input');
        expect(sub.error.fieldErrors?.secret?.[0]).toMatch(c.message);
      }
      const inbox = await hb.core.api.createInbox({
        name: `in-${c.profile}`,
        verification: { profile: c.profile, secrets: [c.secret] },
      });
      expect(inbox.ok).toBe(false);
      if (!inbox.ok) expect(inbox.error.fieldErrors?.['verification.secrets.0']?.[0]).toMatch(c.message);
    }
  });

  it('a profile change keeps a secret only if it fits the new profile', async () => {
    const created = unwrap(await hb.core.api.createSubscription({ name: 'switch', url: 'http://127.0.0.1:9/' }));
    const id = created.subscription.id;
    const refused = await hb.core.api.updateSubscription({ id, profile: 'logto' });
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.error.fieldErrors?.secret?.[0]).toMatch(/does not fit logto/);
    const switched = await hb.core.api.updateSubscription({ id, profile: 'logto', secret: 'a'.repeat(32) });
    expect(switched.ok).toBe(true);
  });
});
