import { asOwner } from '../../support/owner';
import { describe, expect, it } from 'vitest';
import type { AppEventMessage } from '../../../shared/api/events';
import { useCorePerTest } from '../../support/core-per-test';
import { waitUntil } from '../../support/webhook-server';

const { start: started, webhookServer } = useCorePerTest('hb-core-engine-');

describe('subscriptions and delivery through the contract', () => {
  it('field errors for bad subscription input', async () => {
    const c = await started();
    const r = await asOwner(c)('createSubscription', {
      name: 'x',
      url: 'not a url',
      readTimeoutMs: 1,
      profile: 'fief',
      events: ['user.created', 'nope'],
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('invalid_input');
    expect(Object.keys(r.error.fieldErrors!)).toEqual(expect.arrayContaining(['url', 'readTimeoutMs', 'events.1']));
  });

  it('create → emit → delivery.updated events → health; the secret never comes back', async () => {
    const c = await started();
    const server = await webhookServer();
    const seen: AppEventMessage[] = [];
    c.events.subscribe((m) => seen.push(m));
    const created = await asOwner(c)('createSubscription', {
      name: 'app',
      url: server.url,
      profile: 'logto',
      events: ['User.Created'],
    });
    expect(created.ok).toBe(true);
    if (!created.ok) return;
    const { subscription, issued } = created.value as { subscription: { id: string }; issued: { secret: string } };
    const listed = await asOwner(c)('listSubscriptions', {});
    expect(JSON.stringify(listed)).not.toContain(issued.secret);
    const emitted = await asOwner(c)('emit', {
      provider: 'logto',
      event: 'User.Created',
      payload: '{"event":"User.Created"}',
    });
    expect(emitted).toMatchObject({ ok: true, value: { deliveries: [{ subscriptionId: subscription.id }] } });
    await waitUntil(
      () =>
        seen.some((m) => m.name === 'delivery.updated' && (m.payload as { outcome: string }).outcome === 'succeeded'),
      'delivery.updated succeeded',
    );
    const health = await asOwner(c)('subscriptionHealth', { id: subscription.id });
    expect(health).toMatchObject({ ok: true, value: { totalRequests: 1, succeeded: 1, successRate: 1 } });
    const deleted = await asOwner(c)('deleteSubscription', { id: subscription.id });
    expect(deleted).toMatchObject({ ok: true, value: { deleted: true } });
  });
});
