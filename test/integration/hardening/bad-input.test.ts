import { asOwner } from '../../support/owner';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore } from '../../../electron/core/index';
import { startCoreServer, type RunningCore } from '../../support/core-server';
import { rawRequest } from '../../support/raw-http';
import { tempDir } from '../../support/temp';
import { unwrap } from '../../support/receiver-harness';

/** Class 1 of issue 13: a user's mistake is a 4xx naming the field, in each door's own shape; never a 500. */
describe('bad input gets a 4xx in the door’s own shape', () => {
  let hb: RunningCore;
  let key: string;
  const host = () => ({ Host: `127.0.0.1:${hb.server.port}` });
  const rpc = (path: string, body = '{}') =>
    rawRequest(hb.server.port, path, {
      method: 'POST',
      headers: { ...host(), Authorization: `Bearer ${hb.server.token}`, 'Content-Type': 'application/json' },
      body,
    });
  const rest = (method: string, path: string, body?: unknown) =>
    rawRequest(hb.server.port, path, {
      method,
      headers: { ...host(), Authorization: key, 'Content-Type': 'application/json' },
      ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    });

  beforeAll(async () => {
    hb = await startCoreServer({ receiverPort: 0 });
    key = unwrap(await hb.core.api.createApiKey({ name: 'bad-input' })).key;
  });
  afterAll(() => hb.close());

  it('a malformed percent-escape in a path is a 400 on /rpc, /api/v1 and /api/webhook', async () => {
    const viaRpc = await rpc('/rpc/%E0');
    expect(viaRpc.status).toBe(400);
    expect(JSON.parse(viaRpc.body)).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    const viaV1 = await rest('GET', '/api/v1/exchanges/%E0');
    expect(viaV1.status).toBe(400);
    expect(JSON.parse(viaV1.body).error).toMatchObject({
      code: 'invalid_input',
      fieldErrors: { id: expect.any(Array) },
    });
    const viaFa = await rest('GET', '/api/webhook/%E0');
    expect(viaFa.status).toBe(400);
    expect(JSON.parse(viaFa.body)).toMatchObject({ generalErrors: [{ code: '[invalidJSON]' }] });
  });

  it('FusionAuth fields of the wrong type are a 400 in FusionAuth’s Errors shape, naming the field', async () => {
    const created = await rest('POST', '/api/webhook', {
      webhook: { url: true, connectTimeout: 1000, readTimeout: 1000 },
    });
    expect(created.status).toBe(400);
    expect(JSON.parse(created.body).fieldErrors['webhook.url'][0]).toMatchObject({
      code: '[couldNotConvert]webhook.url',
    });
    const searched = await rest('POST', '/api/webhook/search', { search: { url: 1 } });
    expect(searched.status).toBe(400);
    expect(JSON.parse(searched.body).fieldErrors).toHaveProperty(['search.url']);
  });

  it('a data object nested 10,000 deep is refused before anything is created, and listing still works', async () => {
    let data: unknown = 'bottom';
    for (let i = 0; i < 10_000; i++) data = { d: data };
    const body = `{"webhook":{"url":"http://127.0.0.1:9/deep","connectTimeout":1000,"readTimeout":1000,"data":${'{"d":'.repeat(10_000)}1${'}'.repeat(10_000)}}}`;
    const answer = await rest('POST', '/api/webhook', body);
    expect(answer.status).toBe(400);
    expect(answer.body).toMatch(/nested more than 64 levels/);
    const list = await rest('GET', '/api/webhook');
    expect(list.status).toBe(200);
    expect(JSON.parse(list.body).webhooks.map((w: { url: string }) => w.url)).not.toContain('http://127.0.0.1:9/deep');
    // IPC hands the core a structured clone, not JSON: the same bound applies there.
    const viaCall = await asOwner(hb.core)('createSubscription', {
      name: 'deep',
      url: 'http://127.0.0.1:9/',
      custom: data,
    });
    expect(viaCall).toMatchObject({ ok: false, error: { code: 'invalid_input', message: /nested more than 64/ } });
  });

  it('an invalid FusionAuth private JWK is a 400 on sign and on emit, as it is on verify', async () => {
    const key = { kid: 'k1', alg: 'RS256', privateJwk: { kty: 'RSA', n: 'not-a-modulus', e: 'AQAB', d: 'x' } };
    const signed = await rest('POST', '/api/v1/sign', { provider: 'fusionauth', body: '{}', keys: [key] });
    expect(signed.status).toBe(400);
    expect(JSON.parse(signed.body).error.fieldErrors).toHaveProperty('keys');
    const publicOnly = { kid: 'k2', alg: 'RS256', privateJwk: { kty: 'RSA', n: 'AQAB', e: 'AQAB' } };
    const signedPublic = await rest('POST', '/api/v1/sign', { provider: 'fusionauth', body: '{}', keys: [publicOnly] });
    expect(signedPublic.status).toBe(400);
    expect(JSON.parse(signedPublic.body).error.message).toMatch(/no private part/);
    const emitted = await rest('POST', '/api/v1/emit', {
      provider: 'fusionauth',
      event: 'user.create',
      payload: '{"event":{"type":"user.create"}}',
      target: { kind: 'url', url: 'http://127.0.0.1:9/fa', fusionAuthKey: key },
    });
    expect(emitted.status).toBe(400);
    expect(JSON.parse(emitted.body).error.fieldErrors).toHaveProperty(['target.keys']);
  });

  it('a response rule header holding a control or non-Latin-1 character is refused when saved', async () => {
    const inbox = unwrap(await hb.core.api.createInbox({ name: 'rules' }));
    for (const value of ['a\u0001b', 'caf\u00e9 \u2603', 'a\u0000b']) {
      const answer = await rest('PUT', `/api/v1/inboxes/${inbox.id}/response-rule`, { headers: [['x-note', value]] });
      expect(answer.status).toBe(400);
      expect(Object.keys(JSON.parse(answer.body).error.fieldErrors)).toEqual(['headers.0.1']);
    }
    const sub = await rest('POST', '/api/v1/subscriptions', {
      name: 'hdr',
      url: 'http://127.0.0.1:9/',
      headers: { 'X-Token': 'a\u0000b' },
    });
    expect(sub.status).toBe(400);
    expect(JSON.parse(sub.body).error.fieldErrors).toHaveProperty(['headers.X-Token']);
  });

  it('GET /api/v1/exchanges without a query answers the first page', async () => {
    expect((await rest('GET', '/api/v1/exchanges')).status).toBe(200);
  });
});

describe('a response rule saved before validation existed', () => {
  const tmp = tempDir('hb-old-rule-');
  afterAll(() => tmp.cleanup());

  it('answers without the header it cannot send, and the log records what was sent', async () => {
    const dataDir = join(tmp.dir, 'data');
    let core = createCore({ dataDir, receiverPort: 0 });
    await core.start();
    const inbox = unwrap(await core.api.createInbox({ name: 'old', responseRule: { status: 201 } }));
    await core.stop();
    const file = join(dataDir, 'settings.json');
    const doc = JSON.parse(readFileSync(file, 'utf8'));
    doc.inboxes[0].responseRule.headers = [
      ['x-good', 'yes'],
      ['x-bad', 'a\u0001b'],
      ['x-snowman', '\u2603'],
    ];
    writeFileSync(file, JSON.stringify(doc));
    core = createCore({ dataDir, receiverPort: 0 });
    await core.start();
    try {
      const res = await fetch(`${core.receiverUrl()}/in/${inbox.slug}`, { method: 'POST', body: '{}' });
      expect(res.status).toBe(201);
      expect(res.headers.get('x-good')).toBe('yes');
      expect(res.headers.get('x-bad')).toBeNull();
      await res.arrayBuffer();
      const page = unwrap(await core.api.queryExchanges({ inboxId: inbox.id }));
      const capture = unwrap(await core.api.getExchange({ id: page.items[0]!.id }));
      expect(capture.kind === 'capture' && capture.capture.response).toMatchObject({
        status: 201,
        headers: [['x-good', 'yes']],
      });
    } finally {
      await core.stop();
    }
  });
});
