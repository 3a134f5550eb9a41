import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReceiver, unwrap, type ReceiverHarness } from '../../support/receiver-harness';
import { rawRequest } from '../../support/raw-http';

interface Seen {
  url: string;
  headers: IncomingMessage['headers'];
}

/** The user's local app: a private page it would not want any web page to read. */
async function startApp(): Promise<{ server: Server; base: string; seen: Seen[] }> {
  const seen: Seen[] = [];
  const server = createServer((req, res) => {
    seen.push({ url: req.url!, headers: req.headers });
    req.resume();
    req.on('end', () => res.writeHead(200, { 'content-type': 'text/plain' }).end('PRIVATE APP DATA'));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`, seen };
}

/** Class 4 of issue 13: a forwarding inbox cannot be turned into a reader of local services by a foreign page. */
describe('forwarding is not a read proxy for foreign pages', () => {
  let hb: ReceiverHarness;
  let app: Awaited<ReturnType<typeof startApp>>;
  let port: number;
  let slug: string;
  let inboxId: string;

  beforeAll(async () => {
    hb = await startReceiver();
    app = await startApp();
    port = Number(new URL(hb.base).port);
    const inbox = await hb.createInbox({ name: 'fwd', forwarding: { url: app.base } });
    slug = inbox.slug;
    inboxId = inbox.id;
  });
  afterAll(async () => {
    await hb.close();
    app.server.closeAllConnections();
    app.server.close();
  });

  const post = (path: string, headers: Record<string, string> = {}) =>
    rawRequest(port, path, {
      method: 'POST',
      headers: { Host: `127.0.0.1:${port}`, 'Content-Type': 'application/json', ...headers },
      body: '{}',
    });

  it('relays the app’s answer to a request addressed to this machine', async () => {
    const answer = await post(`/in/${slug}/ok`);
    expect(answer.body).toBe('PRIVATE APP DATA');
  });

  it('does not relay it under a foreign Host (a rebound name): the sender gets the response rule', async () => {
    const before = app.seen.length;
    const answer = await post(`/in/${slug}/read`, { Host: `evil.example:${port}` });
    expect(answer.body).not.toContain('PRIVATE APP DATA');
    expect(answer.body).toBe('{}');
    expect(app.seen.length).toBe(before + 1); // the capture is still forwarded; only the answer is withheld
    const trusted = unwrap(
      await hb.core.api.setForwarding({ id: inboxId, url: app.base, trustedHosts: ['abc.tunnel.example'] }),
    );
    expect(trusted.forwarding?.trustedHosts).toEqual(['abc.tunnel.example']);
    expect((await post(`/in/${slug}/t`, { Host: 'abc.tunnel.example' })).body).toBe('PRIVATE APP DATA');
    expect((await post(`/in/${slug}/t`, { Host: `evil.example:${port}` })).body).toBe('{}');
  });

  it('refuses a browser request from another site unless the inbox allows it', async () => {
    const before = app.seen.length;
    for (const headers of <Record<string, string>[]>[
      { 'Sec-Fetch-Site': 'cross-site', Origin: 'https://evil.example' },
      { Origin: 'https://evil.example' },
      { 'Sec-Fetch-Site': 'same-site', Origin: 'http://localhost:3000' },
    ]) {
      const answer = await post(`/in/${slug}/x`, headers);
      expect(answer.status).toBe(403);
    }
    expect(app.seen.length).toBe(before);
    expect(hb.captures.at(-1)).toMatchObject({ outcome: 'rejected', rejectedReason: expect.stringMatching(/browser/) });
    // Opened from the address bar (Sec-Fetch-Site: none) it is the user's own request.
    expect((await post(`/in/${slug}/x`, { 'Sec-Fetch-Site': 'none' })).status).toBe(200);
    unwrap(await hb.core.api.setForwarding({ id: inboxId, url: app.base, allowBrowsers: true }));
    expect((await post(`/in/${slug}/x`, { 'Sec-Fetch-Site': 'cross-site' })).status).toBe(200);
    unwrap(await hb.core.api.setForwarding({ id: inboxId, url: app.base, allowBrowsers: false }));
  });

  it('keeps a raw %2e%2e (or a backslash) inside the configured base path', async () => {
    for (const sub of ['%2e%2e/%2e%2e/admin', '%2E%2e/admin?x=1', '..%5C..%5Cadmin', 'a/%2e%2e/%2e%2e/%2e%2e/admin']) {
      await post(`/in/${slug}/${sub}`);
      expect(app.seen.at(-1)!.url, sub).toMatch(/^\/hooks\//);
    }
  });

  it('forwards no Cookie, Proxy-* or Authorization unless the inbox forwards credentials', async () => {
    const sent = { Authorization: 'Bearer app-token', Cookie: 'sid=1', 'Proxy-Authorization': 'Basic eA==' };
    await post(`/in/${slug}/c`, sent);
    const plain = app.seen.at(-1)!.headers;
    expect(plain.authorization).toBeUndefined();
    expect(plain.cookie).toBeUndefined();
    expect(plain['proxy-authorization']).toBeUndefined();
    unwrap(await hb.core.api.setForwarding({ id: inboxId, url: app.base, forwardCredentials: true }));
    await post(`/in/${slug}/c`, sent);
    const opted = app.seen.at(-1)!.headers;
    expect(opted.authorization).toBe('Bearer app-token');
    expect(opted.cookie).toBeUndefined();
  });
});
