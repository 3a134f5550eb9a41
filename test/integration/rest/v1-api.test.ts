import SwaggerParser from '@apidevtools/swagger-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCoreServer, type RunningCore } from '../../support/core-server';

// Tests read answers loosely typed; the assertions are the type check.
const json = (res: Response): Promise<any> => res.json();

describe('native REST API /api/v1', () => {
  let hb: RunningCore;
  let key: string;
  const get = (path: string, auth: string | null = key) =>
    fetch(hb.base + path, { headers: auth === null ? {} : { Authorization: auth } });
  const send = (method: string, path: string, body?: unknown, auth: string | null = key) =>
    fetch(hb.base + path, {
      method,
      headers: { 'Content-Type': 'application/json', ...(auth === null ? {} : { Authorization: auth }) },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });

  beforeAll(async () => {
    hb = await startCoreServer({ bootstrapApiKey: 'ci-key-from-env-0123456789' });
    const created = await hb.core.api.createApiKey({ name: 'test' });
    if (!created.ok) throw new Error(created.error.message);
    key = created.value.key;
  });
  afterAll(() => hb.close());

  it('accepts the key as FusionAuth sends it, as a bearer token, and the HOOKBENCH_API_KEY bootstrap key', async () => {
    expect((await get('/api/v1/status')).status).toBe(200);
    expect((await get('/api/v1/status', `Bearer ${key}`)).status).toBe(200);
    expect((await get('/api/v1/status', 'ci-key-from-env-0123456789')).status).toBe(200);
  });

  it('answers 401 with a message for a missing or wrong key', async () => {
    for (const auth of [null, 'nope', `Bearer ${key}x`]) {
      const res = await get('/api/v1/status', auth);
      expect(res.status).toBe(401);
      expect((await json(res)).error.message).toMatch(/API key/);
    }
  });

  it('stores keys hashed and shows them once; a revoked key stops working', async () => {
    const listed = await json(await get('/api/v1/keys'));
    expect(JSON.stringify(listed)).not.toContain(key);
    expect(listed.map((k: { name: string }) => k.name).sort()).toEqual(['HOOKBENCH_API_KEY', 'test']);
    const made = await json(await send('POST', '/api/v1/keys', { name: 'short-lived' }));
    expect(made.key).toMatch(/^hbk_/);
    expect((await get('/api/v1/status', made.key)).status).toBe(200);
    expect((await send('DELETE', `/api/v1/keys/${made.id}`)).status).toBe(200);
    expect((await get('/api/v1/status', made.key)).status).toBe(401);
    expect((await send('DELETE', `/api/v1/keys/${made.id}`)).status).toBe(404);
  });

  it('turns query strings into typed input and validates it', async () => {
    const events = await json(await get('/api/v1/events?provider=fief'));
    expect(events).toHaveLength(28);
    const page = await get('/api/v1/exchanges?limit=5&outcome=failed');
    expect(page.status).toBe(200);
    expect(await json(page)).toEqual({ items: [], nextCursor: null });
    const bad = await get('/api/v1/exchanges?limit=many');
    expect(bad.status).toBe(400);
    expect((await json(bad)).error.fieldErrors.limit).toBeDefined();
  });

  it('answers bad bodies, unknown routes and wrong methods with 4xx', async () => {
    const notJson = await send('POST', '/api/v1/sign', '{oops');
    expect(notJson.status).toBe(400);
    expect((await json(notJson)).error.message).toMatch(/not valid JSON/);
    const missing = await send('POST', '/api/v1/sign', { provider: 'stripe' });
    expect(missing.status).toBe(400);
    expect(Object.keys((await json(missing)).error.fieldErrors ?? {})).not.toHaveLength(0);
    expect((await get('/api/v1/nothing-here')).status).toBe(404);
    const wrongMethod = await send('PUT', '/api/v1/status', {});
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get('allow')).toBe('GET');
  });

  it('signs over REST like the CLI and the UI do', async () => {
    const res = await send('POST', '/api/v1/sign', {
      provider: 'github',
      secrets: ["It's a Secret to Everybody"],
      body: 'Hello, World!',
    });
    expect(res.status).toBe(200);
    expect(JSON.stringify(await json(res))).toContain(
      'sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17',
    );
  });

  it('serves an OpenAPI 3.1 document that validates', async () => {
    const doc = await json(await get('/api/v1/openapi.json', null));
    expect(doc.openapi).toBe('3.1.0');
    await expect(SwaggerParser.validate(structuredClone(doc))).resolves.toBeDefined();
  });

  it('answers every documented route as documented, and never changes anything without a key', async () => {
    const doc = await json(await get('/api/v1/openapi.json', null));
    const keysBefore = await (await get('/api/v1/keys')).text();
    let walked = 0;
    for (const [path, ops] of Object.entries(
      doc.paths as Record<string, Record<string, { responses: Record<string, unknown> }>>,
    )) {
      for (const [method, op] of Object.entries(ops)) {
        const url = path.replace(/\{\w+\}/g, 'no-such-id');
        const unauth = await send(
          method.toUpperCase(),
          url,
          method === 'get' || method === 'delete' ? undefined : {},
          null,
        );
        expect(unauth.status, `${method} ${path} without key`).toBe(401);
        const res = await send(method.toUpperCase(), url, method === 'get' || method === 'delete' ? undefined : {});
        expect(Object.keys(op.responses), `${method} ${path} answered ${res.status}`).toContain(String(res.status));
        const body = await json(res);
        if (res.status !== 200) expect(body.error.message, `${method} ${path}`).toEqual(expect.any(String));
        walked++;
      }
    }
    expect(walked).toBeGreaterThanOrEqual(14);
    expect(await (await get('/api/v1/keys')).text()).toBe(keysBefore);
  });
});
