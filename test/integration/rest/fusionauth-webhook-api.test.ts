import { FusionAuthClient } from '@fusionauth/typescript-client';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCoreServer, type RunningCore } from '../../support/core-server';

/** The official FusionAuth client drives our /api/webhook exactly as it drives FusionAuth. */
describe('FusionAuth-compatible /api/webhook, driven by @fusionauth/typescript-client', () => {
  let hb: RunningCore;
  let client: FusionAuthClient;
  let badClient: FusionAuthClient;

  /** The client throws its ClientResponse for non-2xx answers. */
  const failure = async (p: Promise<unknown>) => {
    try {
      await p;
    } catch (err) {
      return err as {
        statusCode: number;
        exception?: { fieldErrors?: Record<string, { code: string; message: string }[]> };
      };
    }
    throw new Error('expected the call to fail');
  };

  beforeAll(async () => {
    hb = await startCoreServer({ receiverPort: 0 });
    const key = await hb.core.api.createApiKey({ name: 'fusionauth-client' });
    if (!key.ok) throw new Error(key.error.message);
    client = new FusionAuthClient(key.value.key, hb.base);
    badClient = new FusionAuthClient('not-a-key', hb.base);
  });
  afterAll(() => hb.close());

  const webhook = {
    url: 'http://localhost:3000/fusionauth',
    connectTimeout: 1000,
    readTimeout: 2000,
    description: 'local app',
    eventsEnabled: { 'user.create': true, 'user.delete': false } as Record<string, boolean>,
    global: false,
    tenantIds: ['00000000-0000-0000-0000-000000000001'],
    headers: { 'X-Env': 'dev' },
    httpAuthenticationUsername: 'hook',
    httpAuthenticationPassword: 's3cret',
    data: { owner: 'qa' },
    signatureConfiguration: { enabled: true },
  };

  it('creates with and without an id, and retrieves one and all', async () => {
    const generated = await client.createWebhook(undefined as never, { webhook: webhook as never });
    expect(generated.statusCode).toBe(200);
    const id = generated.response.webhook!.id!;
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    const givenId = randomUUID();
    const given = await client.createWebhook(givenId, { webhook: { ...webhook, description: 'second' } as never });
    expect(given.response.webhook!.id).toBe(givenId);

    const one = await client.retrieveWebhook(id);
    expect(one.response.webhook).toMatchObject({
      id,
      url: webhook.url,
      connectTimeout: 1000,
      readTimeout: 2000,
      description: 'local app',
      global: false,
      eventsEnabled: { 'user.create': true, 'user.delete': false },
      tenantIds: webhook.tenantIds,
      headers: { 'X-Env': 'dev' },
      httpAuthenticationUsername: 'hook',
      data: { owner: 'qa' },
      signatureConfiguration: { enabled: true },
    });
    expect(JSON.stringify(one.response)).not.toContain('s3cret');
    const all = await client.retrieveWebhooks();
    expect(all.response.webhooks!.map((w) => w.id).sort()).toEqual([id, givenId].sort());

    // the same subscriptions every other door sees
    const subs = await hb.core.api.listSubscriptions(undefined);
    expect(subs.ok && subs.value.map((s) => [s.id, s.profile])).toEqual(
      expect.arrayContaining([
        [id, 'fusionauth'],
        [givenId, 'fusionauth'],
      ]),
    );
  });

  it('updates (PUT), patches, searches and deletes', async () => {
    const id = (await client.createWebhook(undefined as never, { webhook: webhook as never })).response.webhook!.id!;
    const put = await client.updateWebhook(id, {
      webhook: { ...webhook, url: 'http://localhost:4000/new', eventsEnabled: { 'user.update': true } } as never,
    });
    expect(put.response.webhook).toMatchObject({
      url: 'http://localhost:4000/new',
      eventsEnabled: { 'user.update': true },
    });
    const patched = await client.patchWebhook(id, { webhook: { description: 'patched', readTimeout: 5000 } as never });
    expect(patched.response.webhook).toMatchObject({
      description: 'patched',
      readTimeout: 5000,
      url: 'http://localhost:4000/new',
      data: { owner: 'qa' },
    });

    const found = await client.searchWebhooks({ search: { description: 'patch', numberOfResults: 10, startRow: 0 } });
    expect(found.response.total).toBe(1);
    expect(found.response.webhooks![0]!.id).toBe(id);
    const byUrl = await client.searchWebhooks({ search: { url: 'localhost:4000' } });
    expect(byUrl.response.webhooks!.map((w) => w.id)).toEqual([id]);

    const deleted = await client.deleteWebhook(id);
    expect(deleted.statusCode).toBe(200);
    expect((await failure(client.retrieveWebhook(id))).statusCode).toBe(404);
  });

  it('answers missing required fields with 400 and FusionAuth field errors', async () => {
    const err = await failure(
      client.createWebhook(undefined as never, { webhook: { description: 'no url' } as never }),
    );
    expect(err.statusCode).toBe(400);
    expect(err.exception!.fieldErrors).toMatchObject({
      'webhook.url': [{ code: '[blank]webhook.url' }],
      'webhook.connectTimeout': [{ code: '[blank]webhook.connectTimeout' }],
      'webhook.readTimeout': [{ code: '[blank]webhook.readTimeout' }],
    });
    const invalid = await failure(
      client.createWebhook(undefined as never, {
        webhook: { ...webhook, url: 'ftp://nope', connectTimeout: -5 } as never,
      }),
    );
    expect(invalid.statusCode).toBe(400);
    expect(Object.keys(invalid.exception!.fieldErrors!)).toEqual(
      expect.arrayContaining(['webhook.url', 'webhook.connectTimeout']),
    );
    const duplicate = randomUUID();
    await client.createWebhook(duplicate, { webhook: webhook as never });
    expect((await failure(client.createWebhook(duplicate, { webhook: webhook as never }))).statusCode).toBe(400);
  });

  it('answers a bad key with 401 and an unknown id with 404, both with empty bodies, and changes nothing', async () => {
    const before = await client.retrieveWebhooks();
    for (const attempt of [
      badClient.createWebhook(undefined as never, { webhook: webhook as never }),
      badClient.retrieveWebhooks(),
      badClient.deleteWebhook(before.response.webhooks![0]!.id!),
    ]) {
      expect((await failure(attempt)).statusCode).toBe(401);
    }
    const raw = await fetch(`${hb.base}/api/webhook`, { headers: { Authorization: 'wrong' } });
    expect(raw.status).toBe(401);
    expect(await raw.text()).toBe('');
    const missing = await fetch(`${hb.base}/api/webhook/${randomUUID()}`, {
      headers: { Authorization: (client as unknown as { apiKey: string }).apiKey },
    });
    expect(missing.status).toBe(404);
    expect(await missing.text()).toBe('');
    for (const call of [
      client.patchWebhook(randomUUID(), { webhook: { description: 'x' } as never }),
      client.deleteWebhook(randomUUID()),
    ]) {
      expect((await failure(call)).statusCode).toBe(404);
    }
    expect((await client.retrieveWebhooks()).response).toEqual(before.response);
  });
});
