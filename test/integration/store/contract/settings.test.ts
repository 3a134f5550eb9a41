import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import type { SettingsChange, Storage } from '../../../../electron/core/store/port';
import type { InboxRecord, SubscriptionRecord } from '../../../../electron/core/store/settings/records';
import { adapters, type AdapterHarness, teamAdapters, useNodes } from '../../../support/storage-adapters';

const subscription = (id: string, secret: string): SubscriptionRecord => ({
  id,
  name: `Sub ${id}`,
  description: '',
  url: 'https://example.test/hooks',
  enabled: true,
  disabledReason: null,
  events: 'all',
  tenantIds: [],
  global: false,
  applicationIds: [],
  headers: JSON.stringify({}),
  basicAuthUsername: null,
  connectTimeoutMs: 2000,
  readTimeoutMs: 10_000,
  caCertificatePem: null,
  profile: 'standard-webhooks',
  custom: null,
  fusionAuthKey: null,
  secretHint: 'whsec_••••',
  retry: { mode: 'profile' },
  transactionPolicy: 'None',
  createdAt: '2025-01-01T00:00:00.000Z',
  updatedAt: '2025-01-01T00:00:00.000Z',
  secret: JSON.stringify({ secrets: [secret] }),
});

const inbox = (id: string, secrets: string[]): InboxRecord => ({
  id,
  name: id,
  slug: id,
  port: null,
  verification: { profile: 'stripe', keys: [], custom: null, toleranceSeconds: null, rejectInvalid: false },
  responseRule: { status: 200, headers: [], body: '', delayMs: 0 } as unknown as InboxRecord['responseRule'],
  forwarding: null,
  bodyCapBytes: 1024,
  createdAt: '2025-01-01T00:00:00.000Z',
  updatedAt: '2025-01-01T00:00:00.000Z',
  secrets,
});

/** What the store holds at rest, as text: settings.json, or the setting table's rows. */
async function atRest(harness: AdapterHarness): Promise<string> {
  const raw = harness.raw();
  if ('dataDir' in raw) return readFileSync(join(raw.dataDir, 'settings.json'), 'utf8');
  const c = new pg.Client({ connectionString: raw.url });
  await c.connect();
  try {
    return JSON.stringify((await c.query('SELECT collection, id, record FROM setting')).rows);
  } finally {
    await c.end();
  }
}

describe.each(adapters)('settings contract: %s', (_name, make) => {
  const ctx = useNodes(make, { node: {} });

  it('keeps typed records, sealed at rest, plain in memory, redacted for display', async () => {
    const s = ctx.node.settings;
    await s.subscriptions.upsert(subscription('sub_1', 'whsec_topsecretvalue1'));
    await s.inboxes.upsert(inbox('in_1', ['first-secret-value', 'second-secret-value']));
    await s.flush();
    const rest = await atRest(ctx.harness);
    for (const plain of ['whsec_topsecretvalue1', 'first-secret-value', 'second-secret-value'])
      expect(rest).not.toContain(plain);
    expect(rest).toMatch(/hb1:aesgcm:/);
    const sub = s.subscriptions.get('sub_1')!;
    expect(JSON.parse(sub.secret!)).toEqual({ secrets: ['whsec_topsecretvalue1'] });
    expect(s.inboxes.get('in_1')!.secrets).toEqual(['first-secret-value', 'second-secret-value']);
    expect(JSON.stringify(s.subscriptions.listRedacted())).not.toContain('whsec_topsecretvalue1');
    expect(JSON.stringify(s.inboxes.listRedacted())).not.toContain('first-secret-value');
    // The hot path: the same frozen object until the record is written again.
    const peeked = s.subscriptions.peek('sub_1')!;
    expect(Object.isFrozen(peeked)).toBe(true);
    expect(s.subscriptions.peek('sub_1')).toBe(peeked);
    await s.subscriptions.upsert({ ...sub, name: 'Renamed' });
    expect(s.subscriptions.peek('sub_1')).not.toBe(peeked);
    expect(s.subscriptions.peek('sub_1')!.name).toBe('Renamed');
    expect(s.subscriptions.list().map((r) => r.id)).toEqual(['sub_1']);
    expect(await s.subscriptions.remove('sub_1')).toBe(true);
    expect(await s.subscriptions.remove('sub_1')).toBe(false);
    expect(s.subscriptions.get('sub_1')).toBeUndefined();
  });

  it('keeps collections, their order, preferences and FusionAuth extras across a restart', async () => {
    const s = ctx.node.settings;
    for (const id of ['b', 'a', 'c']) await s.subscriptions.upsert(subscription(id, `whsec_secret_${id}_0123456789`));
    await s.subscriptions.upsert({ ...subscription('b', 'whsec_secret_b_changed_0123'), name: 'B2' });
    await s.apiKeys.upsert({
      id: 'k1',
      name: 'ci',
      hint: 'wxyz',
      keyHash: 'ab'.repeat(32),
      createdAt: 'x',
      lastUsedAt: null,
    });
    await s.fusionAuthExtras.upsert({
      id: 'b',
      eventsEnabled: { 'user.create': true },
      data: { n: 1 },
      signatureConfiguration: { enabled: true, signingKeyId: 'k' },
    });
    const prefs = await s.preferences.update({ theme: 'dark', retention: { maxAgeDays: 7, maxRows: 1000 } });
    expect(prefs).toMatchObject({ theme: 'dark', retention: { maxAgeDays: 7, maxRows: 1000 }, durability: 'normal' });
    await ctx.node.close();
    ctx.node = await ctx.harness.open();
    const t = ctx.node.settings;
    expect(t.subscriptions.list().map((r) => [r.id, r.name])).toEqual([
      ['b', 'B2'],
      ['a', 'Sub a'],
      ['c', 'Sub c'],
    ]);
    expect(JSON.parse(t.subscriptions.get('b')!.secret!)).toEqual({ secrets: ['whsec_secret_b_changed_0123'] });
    expect(t.apiKeys.get('k1')).toMatchObject({ name: 'ci', keyHash: 'ab'.repeat(32) });
    expect(t.fusionAuthExtras.get('b')).toEqual({
      id: 'b',
      eventsEnabled: { 'user.create': true },
      data: { n: 1 },
      signatureConfiguration: { enabled: true, signingKeyId: 'k' },
    });
    expect(t.preferences.get()).toMatchObject({ theme: 'dark', retention: { maxAgeDays: 7, maxRows: 1000 } });
    expect((await ctx.node.exchanges.info()).retention).toEqual({ maxAgeDays: 7, maxRows: 1000 });
  });
});

/** Settings written on one node, used by another: PostgreSQL only (SQLite is one node). */
describe.each(teamAdapters)('settings across nodes: %s', (_name, make) => {
  const ctx = useNodes(make, { a: { nodeId: 'node-a' }, b: { nodeId: 'node-b' } });

  const changeOn = (s: Storage, want: SettingsChange) =>
    new Promise<number>((resolve) => {
      const started = Date.now();
      const stop = s.settings.onExternalChange((change) => {
        if (change !== want) return;
        stop();
        resolve(Date.now() - started);
      });
    });

  it('hands a subscription created on one node to the other within a second, and its removal', async () => {
    const seen = changeOn(ctx.b, 'subscriptions');
    await ctx.a.settings.subscriptions.upsert(subscription('sub_x', 'whsec_shared_secret_value'));
    expect(await seen).toBeLessThan(1000);
    expect(JSON.parse(ctx.b.settings.subscriptions.get('sub_x')!.secret!)).toEqual({
      secrets: ['whsec_shared_secret_value'],
    });
    const gone = changeOn(ctx.b, 'subscriptions');
    await ctx.a.settings.subscriptions.remove('sub_x');
    await gone;
    expect(ctx.b.settings.subscriptions.get('sub_x')).toBeUndefined();
    const prefs = changeOn(ctx.a, 'preferences');
    await ctx.b.settings.preferences.update({ bodyCapBytes: 4096 });
    await prefs;
    expect(ctx.a.settings.preferences.get().bodyCapBytes).toBe(4096);
  });

  it('never loses a change committed out of order with another node’s', async () => {
    const raw = ctx.harness.raw() as { url: string };
    const slow = new pg.Client({ connectionString: raw.url });
    await slow.connect();
    try {
      // A writer that began first but commits last (a slow transaction on a third node).
      await slow.query('BEGIN');
      await slow.query(
        `INSERT INTO setting (collection, id, record, updated_at) VALUES ('inboxes', 'in_late', $1, 0)`,
        [JSON.stringify(inbox('in_late', []))],
      );
      await slow.query(`INSERT INTO exchange_commit (node, at, settings) VALUES ('node-c', 0, ARRAY['inboxes'])`);
      const subs = changeOn(ctx.a, 'subscriptions');
      await ctx.b.settings.subscriptions.upsert(subscription('sub_y', 'whsec_another_secret_value'));
      await subs;
      expect(ctx.a.settings.inboxes.get('in_late')).toBeUndefined();
      const inboxes = changeOn(ctx.a, 'inboxes');
      await slow.query('COMMIT');
      await inboxes;
      expect(ctx.a.settings.inboxes.get('in_late')).toMatchObject({ id: 'in_late' });
    } finally {
      await slow.end();
    }
  });
});
