import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { methodNames, type MethodName } from '../../../shared/api/contract';
import { inputJsonSchema } from '../../../electron/core/rest/input-schema';
import { startCoreServer, type RunningCore } from '../../support/core-server';
import { BAD_PATH_PARAMS, badQueries, mutations, type Hints, type JsonSchema } from '../../support/fuzz-inputs';
import { rawRequest, type RawAnswer } from '../../support/raw-http';

/** Raw bodies every JSON door must refuse with a 4xx, whatever the operation. */
const RAW_BODIES: { label: string; body: string | Uint8Array; type?: string }[] = [
  { label: 'not JSON', body: 'hello' },
  { label: 'truncated JSON', body: '{"a":' },
  { label: 'JSON with a BOM', body: '\ufeff{}' },
  { label: 'invalid UTF-8', body: Uint8Array.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d]) },
  { label: 'huge number literal', body: `{"limit":${'9'.repeat(5000)}}` },
  { label: 'duplicate keys', body: '{"id":"a","id":{"x":1}}' },
  { label: 'deep arrays (100k)', body: '['.repeat(100_000) + ']'.repeat(100_000) },
  { label: 'NaN literal', body: '{"limit":NaN}' },
  { label: 'text/plain', body: '{}', type: 'text/plain' },
  { label: 'form encoded', body: 'a=1&b=2', type: 'application/x-www-form-urlencoded' },
  { label: 'multipart', body: '--x\r\n\r\n--x--', type: 'multipart/form-data; boundary=x' },
  { label: 'no content type', body: '{}', type: '' },
  { label: 'json with charset latin1', body: '{"name":"\u00e9"}', type: 'application/json; charset=latin1' },
];

/** FusionAuth's webhook fields (the seed "Webhook APIs" document), as the fuzzer's schema. */
const FA_WEBHOOK: JsonSchema = {
  type: 'object',
  required: ['url', 'connectTimeout', 'readTimeout'],
  properties: {
    url: { type: 'string', format: 'uri' },
    connectTimeout: { type: 'integer', minimum: 1000 },
    readTimeout: { type: 'integer', minimum: 1000 },
    description: { type: 'string' },
    eventsEnabled: { type: 'object', additionalProperties: { type: 'boolean' } },
    global: { type: 'boolean' },
    applicationIds: { type: 'array', items: { type: 'string' } },
    tenantIds: { type: 'array', items: { type: 'string' } },
    headers: { type: 'object', additionalProperties: { type: 'string' } },
    httpAuthenticationUsername: { type: 'string' },
    httpAuthenticationPassword: { type: 'string' },
    sslCertificate: { type: 'string' },
    signatureConfiguration: {
      type: 'object',
      properties: { enabled: { type: 'boolean' }, signingKeyId: { type: 'string' } },
    },
    data: { type: 'object', additionalProperties: {} },
  },
};
const FA_SEARCH: JsonSchema = {
  type: 'object',
  properties: {
    description: { type: 'string' },
    url: { type: 'string' },
    tenantId: { type: 'string' },
    numberOfResults: { type: 'integer' },
    startRow: { type: 'integer' },
  },
};

interface Probe {
  method: string;
  path: string;
  body?: string | Uint8Array;
  type?: string;
  label: string;
}

describe('fuzz: no malformed input gets a 5xx, and every read still answers afterwards', () => {
  let hb: RunningCore;
  let apiKey: string;
  const hints: Record<string, Hints> = {};
  const failures: string[] = [];
  const counts = new Map<string, number>();

  async function probe(op: string, p: Probe, auth: Record<string, string>): Promise<RawAnswer | null> {
    counts.set(op, (counts.get(op) ?? 0) + 1);
    const headers: Record<string, string> = { ...auth, Host: `127.0.0.1:${hb.server.port}` };
    if (p.body !== undefined && p.type !== '') headers['Content-Type'] = p.type ?? 'application/json';
    try {
      const answer = await rawRequest(hb.server.port, p.path, { method: p.method, headers, body: p.body });
      if (answer.status >= 500)
        failures.push(`${op}: ${p.label} → ${answer.status} ${answer.body.slice(0, 200).replace(/\s+/g, ' ')}`);
      return answer;
    } catch (err) {
      failures.push(`${op}: ${p.label} → no answer (${(err as Error).message})`);
      return null;
    }
  }

  const json = (v: unknown) => JSON.stringify(v);

  beforeAll(async () => {
    hb = await startCoreServer({ receiverPort: 0 });
    const key = await hb.core.api.createApiKey({ name: 'fuzz' });
    if (!key.ok) throw new Error(key.error.message);
    apiKey = key.value.key;
    // Real objects, so a mutation of one field reaches past the "no such id" lookup.
    const sub = await hb.core.api.createSubscription({ name: 'fuzz', url: 'http://127.0.0.1:9/hook' });
    const inbox = await hb.core.api.createInbox({ name: 'fuzz' });
    const spare = await hb.core.api.createApiKey({ name: 'spare' });
    if (!sub.ok || !inbox.ok || !spare.ok) throw new Error('setup failed');
    await fetch(`${hb.core.receiverUrl()}/in/${inbox.value.slug}`, { method: 'POST', body: '{"type":"x"}' });
    const page = await hb.core.api.queryExchanges({});
    const exchangeId = page.ok ? page.value.items[0]?.id : undefined;
    const byArea = (name: string): string | undefined => {
      if (/Inbox|ResponseRule|Forwarding/.test(name)) return inbox.value.id;
      if (/Subscription|Secret|testSend|subscriptionHealth/.test(name)) return sub.value.subscription.id;
      if (/ApiKey/.test(name)) return spare.value.id;
      if (/Exchange|replay|cancelDelivery/.test(name)) return exchangeId;
      return undefined;
    };
    for (const name of methodNames) {
      const id = byArea(name);
      hints[name] = { fields: id ? { id } : {} };
    }
  });
  afterAll(() => hb?.close());

  it('/rpc/<method>: every contract method', async () => {
    const auth = { Authorization: `Bearer ${hb.server.token}` };
    for (const name of methodNames) {
      const op = `rpc ${name}`;
      const path = `/rpc/${name}`;
      for (const m of mutations(inputJsonSchema(name) as JsonSchema, hints[name]))
        await probe(op, { method: 'POST', path, body: json(m.value), label: m.label }, auth);
      for (const raw of RAW_BODIES) await probe(op, { method: 'POST', path, ...raw, label: raw.label }, auth);
      await probe(op, { method: 'GET', path, label: 'GET' }, auth);
    }
    for (const bad of [
      ...BAD_PATH_PARAMS,
      ...BAD_PATH_PARAMS.map((b) => `getStatus${b}`),
      '',
      'getStatus/extra',
      'hasOwnProperty',
      'toString',
      '%2F',
      'getStatus%00',
    ])
      await probe('rpc (method name)', { method: 'POST', path: `/rpc/${bad}`, body: '{}', label: bad }, auth);
    expect(failures.join('\n')).toBe('');
  });

  it('/api/v1: every operation of the OpenAPI document', async () => {
    const auth = { Authorization: apiKey };
    const doc = (await (await fetch(`${hb.base}/api/v1/openapi.json`)).json()) as {
      paths: Record<string, Record<string, { operationId: MethodName; parameters: { name: string; in: string }[] }>>;
    };
    for (const [template, ops] of Object.entries(doc.paths)) {
      for (const [verb, op] of Object.entries(ops)) {
        const method = verb.toUpperCase();
        const name = op.operationId;
        const label = `${method} ${template}`;
        const pathKeys = op.parameters.filter((p) => p.in === 'path').map((p) => p.name);
        const id = String(hints[name]?.fields?.id ?? 'x');
        const fill = (value: string) => template.replace(/\{\w+\}/g, value);
        const schema = inputJsonSchema(name) as JsonSchema;
        for (const bad of BAD_PATH_PARAMS)
          await probe(
            label,
            {
              method,
              path: fill(bad),
              body: method === 'GET' || method === 'DELETE' ? undefined : '{}',
              label: `path ${bad}`,
            },
            auth,
          );
        if (method === 'GET' || method === 'DELETE') {
          const props = schema.properties ?? Object.assign({}, ...(schema.anyOf ?? []).map((s) => s.properties ?? {}));
          for (const q of badQueries(props))
            await probe(label, { method, path: `${fill(id)}?${q}`, label: `query ${q.slice(0, 60)}` }, auth);
          for (const m of mutations(schema, hints[name])) {
            if (!m.value || typeof m.value !== 'object' || Array.isArray(m.value)) continue;
            const query = new URLSearchParams();
            for (const [k, v] of Object.entries(m.value as Record<string, unknown>))
              // Past ~16 KB the request line itself is refused by Node's parser (431) before any route runs.
              if (!pathKeys.includes(k)) query.set(k, (typeof v === 'string' ? v : json(v)).slice(0, 2000));
            await probe(label, { method, path: `${fill(id)}?${query}`, label: `query from ${m.label}` }, auth);
          }
        } else {
          for (const m of mutations(schema, hints[name])) {
            const body = m.value && typeof m.value === 'object' && !Array.isArray(m.value) ? { ...m.value } : m.value;
            if (body && typeof body === 'object' && !Array.isArray(body))
              for (const k of pathKeys) delete (body as Record<string, unknown>)[k];
            await probe(label, { method, path: fill(id), body: json(body), label: m.label }, auth);
          }
          for (const raw of RAW_BODIES) await probe(label, { method, path: fill(id), ...raw, label: raw.label }, auth);
        }
      }
    }
    expect(failures.join('\n')).toBe('');
  });

  it('/api/webhook: every FusionAuth route', async () => {
    const auth = { Authorization: apiKey };
    const created = await rawRequest(hb.server.port, '/api/webhook', {
      method: 'POST',
      headers: { ...auth, 'Content-Type': 'application/json' },
      body: json({ webhook: { url: 'http://127.0.0.1:9/fa', connectTimeout: 1000, readTimeout: 1000 } }),
    });
    const id = (JSON.parse(created.body) as { webhook: { id: string } }).webhook.id;
    const routes: [string, string][] = [
      ['POST', '/api/webhook'],
      ['POST', `/api/webhook/${crypto.randomUUID()}`],
      ['PUT', `/api/webhook/${id}`],
      ['PATCH', `/api/webhook/${id}`],
    ];
    for (const [method, path] of routes) {
      const label = `${method} ${path.replace(id, '{id}')}`;
      for (const m of mutations(FA_WEBHOOK)) {
        await probe(label, { method, path, body: json({ webhook: m.value }), label: m.label }, auth);
      }
      for (const m of mutations({ type: 'object', required: ['webhook'], properties: { webhook: { type: 'object' } } }))
        await probe(label, { method, path, body: json(m.value), label: `envelope ${m.label}` }, auth);
      for (const raw of RAW_BODIES) await probe(label, { method, path, ...raw, label: raw.label }, auth);
      for (const bad of BAD_PATH_PARAMS)
        await probe(label, { method, path: `/api/webhook/${bad}`, body: '{}', label: `path ${bad}` }, auth);
    }
    for (const m of mutations(FA_SEARCH))
      await probe(
        'POST /api/webhook/search',
        { method: 'POST', path: '/api/webhook/search', body: json({ search: m.value }), label: m.label },
        auth,
      );
    for (const raw of RAW_BODIES)
      await probe(
        'POST /api/webhook/search',
        { method: 'POST', path: '/api/webhook/search', ...raw, label: raw.label },
        auth,
      );
    for (const q of badQueries(FA_SEARCH.properties!))
      await probe(
        'GET /api/webhook/search',
        { method: 'GET', path: `/api/webhook/search?${q}`, label: q.slice(0, 60) },
        auth,
      );
    for (const method of ['GET', 'DELETE']) {
      for (const bad of [...BAD_PATH_PARAMS, ...Array.from({ length: 20 }, (_, i) => `${id}${'%20'.repeat(i)}`)])
        await probe(`${method} /api/webhook/{id}`, { method, path: `/api/webhook/${bad}`, label: bad }, auth);
    }
    expect(failures.join('\n')).toBe('');
  });

  it('the receiver: malformed paths, methods, headers and bodies to inboxes', async () => {
    const receiver = new URL(hb.core.receiverUrl()!);
    const port = Number(receiver.port);
    const inboxes = await hb.core.api.listInboxes(undefined);
    if (!inboxes.ok) throw new Error(inboxes.error.message);
    const slug = inboxes.value[0]!.slug;
    const paths = [
      ...BAD_PATH_PARAMS.map((b) => `/in/${b}`),
      ...BAD_PATH_PARAMS.map((b) => `/in/${slug}/${b}`),
      `/in/${slug}/%2e%2e/%2e%2e/x`,
      `/in/${slug}?%E0=%`,
      '/',
      '/in/',
      '//in//',
    ];
    const variants: { method: string; headers: Record<string, string>; body?: string | Uint8Array }[] = [
      { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"type":"x"}' },
      { method: 'POST', headers: {}, body: Uint8Array.from([0xff, 0x00, 0xfe]) },
      { method: 'PROPFIND', headers: {} },
      { method: 'GET', headers: { Authorization: 'Basic \u00ff', Cookie: '==;;=' } },
      { method: 'POST', headers: { Origin: 'null', 'Sec-Fetch-Site': 'cross-site' }, body: '{}' },
      { method: 'POST', headers: { 'X-Long': 'v'.repeat(8000) }, body: '{"a":'.repeat(1000) },
    ];
    for (const path of paths)
      for (const v of variants) {
        counts.set('receiver', (counts.get('receiver') ?? 0) + 1);
        try {
          const answer = await rawRequest(port, path, {
            method: v.method,
            headers: { Host: receiver.host, ...v.headers },
            body: v.body,
          });
          if (answer.status >= 500)
            failures.push(`receiver ${v.method} ${path} → ${answer.status} ${answer.body.slice(0, 200)}`);
        } catch (err) {
          failures.push(`receiver ${v.method} ${path} → no answer (${(err as Error).message})`);
        }
      }
    expect(failures.join('\n')).toBe('');
  });

  it('every operation got at least 30 malformed inputs', () => {
    const few = [...counts].filter(([, n]) => n < 30);
    expect(few).toEqual([]);
    expect(counts.size).toBeGreaterThan(80);
  });

  it('afterwards every read still answers, and every inbox still takes requests', async () => {
    const rpcAuth = { Authorization: `Bearer ${hb.server.token}`, Host: `127.0.0.1:${hb.server.port}` };
    for (const name of [
      'getStatus',
      'listSubscriptions',
      'listInboxes',
      'listApiKeys',
      'queryExchanges',
      'exchangeFacets',
      'getStorageInfo',
      'listProfiles',
      'listEvents',
      'getBulkReplay',
      'exportExchanges',
    ]) {
      const r = await rawRequest(hb.server.port, `/rpc/${name}`, {
        method: 'POST',
        headers: { ...rpcAuth, 'Content-Type': 'application/json' },
        body: '{}',
      });
      expect(r.status, `${name}: ${r.body.slice(0, 300)}`).toBe(200);
    }
    for (const path of [
      '/api/v1/status',
      '/api/v1/subscriptions',
      '/api/v1/inboxes',
      '/api/v1/exchanges',
      '/api/v1/exchanges/facets',
      '/api/v1/keys',
      '/api/v1/storage',
      '/api/v1/export',
      '/api/webhook',
    ]) {
      const r = await rawRequest(hb.server.port, path, {
        headers: { Authorization: apiKey, Host: `127.0.0.1:${hb.server.port}` },
      });
      expect(r.status, `${path}: ${r.body.slice(0, 300)}`).toBe(200);
    }
    const inboxes = await hb.core.api.listInboxes(undefined);
    if (!inboxes.ok) throw new Error(inboxes.error.message);
    for (const inbox of inboxes.value) {
      const r = await fetch(`${hb.core.receiverUrl()}/in/${inbox.slug}`, { method: 'POST', body: '{}' });
      expect(r.status, `inbox ${inbox.slug}`).toBeLessThan(500);
      await r.arrayBuffer();
    }
  });
});
