import { request } from 'node:http';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../../electron/core/index';
import { startControlServer, type ControlServer } from '../../../electron/headless/server';
import { tempDir } from '../../support/temp';

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** Raw node:http so we can send any Host/Origin header (fetch forbids setting Host). */
function send(
  port: number,
  path: string,
  opts: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, path, method: opts.method ?? 'GET', headers: opts.headers },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks).toString() }),
        );
      },
    );
    req.on('error', reject);
    req.end(opts.body);
  });
}

describe('headless control server', () => {
  const tmp = tempDir('hb-server-');
  let core: Core;
  let server: ControlServer;
  let auth: Record<string, string>;
  const rpc = (name: string, body: string, headers: Record<string, string> = auth) =>
    send(server.port, `/rpc/${name}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...headers },
      body,
    });

  beforeAll(async () => {
    mkdirSync(join(tmp.dir, 'ui'));
    writeFileSync(join(tmp.dir, 'ui', 'index.html'), '<!doctype html><title>Hookbench</title><div id="root"></div>');
    core = createCore({ dataDir: join(tmp.dir, 'data') });
    await core.start();
    server = await startControlServer({ core, port: 0, rendererDir: join(tmp.dir, 'ui') });
    auth = { Authorization: `Bearer ${server.token}`, Host: `127.0.0.1:${server.port}` };
  });
  afterAll(async () => {
    await server.close();
    await core.stop();
    tmp.cleanup();
  });

  it('binds 127.0.0.1 and prints a URL carrying a random token', () => {
    expect(server.url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${server.port}/\\?token=[A-Za-z0-9_-]{32}$`));
  });

  it('refuses the API and the event stream without the token (401), in a cookie or not', async () => {
    expect((await rpc('getStatus', '', { Host: `127.0.0.1:${server.port}` })).status).toBe(401);
    expect(
      (await rpc('getStatus', '', { Authorization: 'Bearer wrong', Host: `127.0.0.1:${server.port}` })).status,
    ).toBe(401);
    expect((await send(server.port, '/events')).status).toBe(401);
    // The token is never taken from a cookie: browsers send cookies to every port of a host.
    const withCookie = { Cookie: `hookbench_token=${server.token}`, Host: `127.0.0.1:${server.port}` };
    expect((await rpc('getStatus', '', withCookie)).status).toBe(401);
    expect((await send(server.port, '/events', { headers: withCookie })).status).toBe(401);
  });

  it('answers a call with the token', async () => {
    const answer = await rpc('getStatus', '');
    expect(answer.status).toBe(200);
    const result = JSON.parse(answer.body);
    expect(result).toMatchObject({ ok: true, value: { mode: 'headless', dataDir: core.dataDir } });
    expect(result.value.listening).toContainEqual({ name: 'ui', url: `http://127.0.0.1:${server.port}/` });
  });

  it('rejects a foreign Host header (DNS rebinding) even with the token', async () => {
    const answer = await rpc('getStatus', '', { ...auth, Host: 'evil.example' });
    expect(answer.status).toBe(403);
    expect(answer.body).toMatch(/Host/);
    expect(
      (await send(server.port, `/?token=${server.token}`, { headers: { Host: `evil.example:${server.port}` } })).status,
    ).toBe(403);
  });

  it('rejects cross-origin requests even with the token', async () => {
    for (const origin of ['https://evil.example', `http://evil.example:${server.port}`, 'null']) {
      expect((await rpc('getStatus', '', { ...auth, Origin: origin })).status).toBe(403);
    }
    expect((await rpc('getStatus', '', { ...auth, 'Sec-Fetch-Site': 'cross-site' })).status).toBe(403);
    expect((await rpc('getStatus', '', { ...auth, Origin: `http://127.0.0.1:${server.port}` })).status).toBe(200);
  });

  it('answers invalid method input with 400 and the schema message, never 500', async () => {
    const bad = await rpc('getStatus', JSON.stringify({ verbose: 'yes' }));
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.body)).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', message: expect.stringMatching(/Unrecognized key.*verbose/) },
    });
    const notJson = await rpc('getStatus', '{not json');
    expect(notJson.status).toBe(400);
    expect(JSON.parse(notJson.body).error.message).toMatch(/not valid JSON/);
    expect((await rpc('noSuchMethod', '')).status).toBe(404);
    const textPlain = await rpc('getStatus', '', { ...auth, 'Content-Type': 'text/plain' });
    expect(textPlain.status).toBe(415);
    expect((await send(server.port, '/rpc/getStatus', { headers: auth })).status).toBe(405);
  });

  it('serves the UI (which holds no data) with a CSP header and never sets a cookie', async () => {
    const first = await send(server.port, `/?token=${server.token}`, { headers: { Host: `127.0.0.1:${server.port}` } });
    expect(first.status).toBe(200);
    expect(first.body).toContain('<div id="root">');
    expect(first.headers['set-cookie']).toBeUndefined();
    expect(first.headers['content-security-policy']).toMatch(/default-src 'self'/);
    expect(first.headers['referrer-policy']).toBe('no-referrer');
    expect(first.headers['access-control-allow-origin']).toBeUndefined();
    // A browser still holding the cookie of an older Hookbench is told to drop it.
    const stale = await send(server.port, '/', {
      headers: { Cookie: `a=1; hookbench_token=old`, Host: `localhost:${server.port}` },
    });
    expect(String(stale.headers['set-cookie'])).toMatch(/^hookbench_token=; Max-Age=0/);
  });

  it('streams core events over SSE', async () => {
    const received = new Promise<string>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port: server.port, path: '/events', headers: auth }, (res) => {
        expect(res.headers['content-type']).toMatch(/text\/event-stream/);
        let buf = '';
        res.on('data', (c: Buffer) => {
          buf += c.toString();
          if (buf.includes(': connected')) core.setListening('receiver', 'http://127.0.0.1:7781/');
          const line = buf.split('\n').find((l) => l.startsWith('data: '));
          if (line) {
            req.destroy();
            resolve(line.slice(6));
          }
        });
      });
      req.on('error', reject);
      req.end();
    });
    const message = JSON.parse(await received);
    expect(message.name).toBe('status.changed');
    expect(message.payload.listening).toContainEqual({ name: 'receiver', url: 'http://127.0.0.1:7781/' });
  });

  it('does not serve files outside the renderer directory', async () => {
    // the data dir sits beside the UI dir, as in a real install
    for (const path of ['/../data/settings.json', '/%2e%2e/data/settings.json', '/..%2fdata%2fsettings.json']) {
      const answer = await send(server.port, path, { headers: auth });
      expect(answer.body, path).not.toContain('"subscriptions"');
    }
    const encoded = await send(server.port, '/%2e%2e/%2e%2e/etc/passwd', { headers: auth });
    expect(encoded.body).not.toContain('root:');
  });
});
