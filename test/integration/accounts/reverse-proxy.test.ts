import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from 'undici';
import { createCore, type Core } from '../../../electron/core/index';
import { parseTrustedProxies } from '../../../electron/core/http/client-address';
import { startControlServer, type ControlServer } from '../../../electron/headless/server';
import { tempDir } from '../../support/temp';

const PUBLIC = 'https://hookbench.example.com';
const PASSWORD = 'correct horse battery staple';

/** Hookbench on loopback HTTP behind a (simulated) TLS-terminating proxy on this machine. */
describe('behind a reverse proxy: --trust-proxy and --public-url', () => {
  const tmp = tempDir('hb-proxy-');
  let core: Core;
  let server: ControlServer;
  let base: string;

  const send = async (path: string, headers: Record<string, string>, body?: unknown) => {
    const res = await request(`${base}${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.body.text();
    let json: any = null;
    try {
      json = JSON.parse(text);
    } catch {
      json = null; // plain-text refusals
    }
    return { status: res.statusCode, headers: res.headers, text, json };
  };
  // What the proxy adds to every request it relays.
  const proxied = {
    host: 'hookbench.example.com',
    'x-forwarded-proto': 'https',
    'x-forwarded-for': '198.51.100.4, 203.0.113.7',
  };

  beforeAll(async () => {
    core = createCore({
      dataDir: join(tmp.dir, 'data'),
      accounts: { scrypt: { log2n: 10, r: 8, p: 1 } },
      receiverPort: 0,
      receiver: { publicUrl: new URL('https://hooks.example.com') },
    });
    await core.start();
    server = await startControlServer({
      core,
      port: 0,
      rendererDir: join(tmp.dir, 'no-ui'),
      extraRoutes: [core.rest],
      trustProxy: parseTrustedProxies('127.0.0.1,::1'),
      publicUrl: new URL(PUBLIC),
    });
    base = `http://127.0.0.1:${server.port}`;
    const made = await core.api.createUser({ email: 'ada@example.org', role: 'admin', password: PASSWORD });
    if (!made.ok) throw new Error(made.error.message);
  });
  afterAll(async () => {
    await server.close();
    await core.stop();
    tmp.cleanup();
  });

  it('allows the public name as Host and Origin, and still refuses any other', async () => {
    expect((await send('/auth/state', proxied)).status).toBe(200);
    expect((await send('/auth/state', { ...proxied, host: 'evil.example' })).status).toBe(403);
    const foreign = await send('/auth/sign-in', { ...proxied, origin: 'https://evil.example' }, {});
    expect(foreign.status).toBe(403);
  });

  it('sets the __Host- Secure cookie for a client that came over https, and records its address, not the proxy’s', async () => {
    const res = await send(
      '/auth/sign-in',
      { ...proxied, origin: PUBLIC },
      { email: 'ada@example.org', password: PASSWORD },
    );
    expect(res.status).toBe(200);
    const cookie = String([res.headers['set-cookie']].flat()[0]);
    expect(cookie).toMatch(
      /^__Host-hookbench_session=[\w-]+; Path=\/; Max-Age=\d+; HttpOnly; SameSite=Strict; Secure$/,
    );
    expect(res.headers['strict-transport-security']).toBe('max-age=31536000');
    const headers = {
      ...proxied,
      origin: PUBLIC,
      cookie: cookie.split(';')[0]!,
      'x-hookbench-csrf': res.json.value.csrf,
    };
    const audit = await send('/rpc/listAuditLog', headers, { action: 'signIn' });
    expect(audit.json.value.entries[0].actor).toMatchObject({ label: 'ada@example.org', address: '203.0.113.7' });
  });

  it('takes the per-run token from this machine straight, never through the proxy once accounts exist', async () => {
    const token = { authorization: `Bearer ${server.token}` };
    expect((await send('/rpc/currentUser', { ...token }, {})).json.value).toMatchObject({
      kind: 'owner',
      role: 'admin',
    });
    const viaProxy = await send('/rpc/currentUser', { ...proxied, ...token, origin: PUBLIC }, {});
    expect(viaProxy.status).toBe(401);
    expect(viaProxy.json.error.signIn).toBe(true);
  });

  it('shows inbox URLs on the public receiver address', async () => {
    const made = await core.api.createInbox({ name: 'Stripe staging' });
    if (!made.ok) throw new Error(made.error.message);
    expect(made.value.url).toBe(`https://hooks.example.com/in/${made.value.slug}`);
  });
});
