import { randomBytes } from 'node:crypto';
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bodyBytes, send, startReceiver, type ReceiverHarness } from '../../support/receiver-harness';

describe('receiver: capture', () => {
  let hb: ReceiverHarness;
  let inboxId: string;
  let url: string;

  beforeAll(async () => {
    hb = await startReceiver({ storeBodyCap: 8 * 1024 * 1024 });
    const inbox = await hb.createInbox({ name: 'Local FusionAuth' });
    expect(inbox.slug).toBe('local-fusionauth');
    expect(inbox.url).toBe(`${hb.base}/in/local-fusionauth`);
    inboxId = inbox.id;
    url = inbox.url!;
  });
  afterAll(() => hb.close());

  it('stores a non-UTF-8 body byte for byte, with method, sub-path, query, headers in arrival order and remote address', async () => {
    const body = Buffer.from([0xff, 0xfe, 0x00, 0x80, 0xc3, 0x28, 0x41, 0x0a]);
    const headers = [
      'Host',
      new URL(url).host,
      'X-Zeta',
      'last-alphabetically-first-sent',
      'content-type',
      'application/octet-stream',
      'X-Dup',
      'one',
      'x-dup',
      'two',
      'Content-Length',
      String(body.length),
    ];
    const res = await send(`${url}/deep/path?b=2&a=1&a=3`, { method: 'PUT', headers, body });
    expect(res.status).toBe(200);
    expect(res.body.toString()).toBe('{}');
    const [summary] = hb.captures.filter((c) => c.path === '/in/local-fusionauth/deep/path');
    expect(summary).toMatchObject({
      method: 'PUT',
      query: 'b=2&a=1&a=3',
      size: 8,
      outcome: 'succeeded',
      status: 200,
      inboxId,
    });
    const c = await hb.capture(summary!.id);
    expect(bodyBytes(c.body).equals(body)).toBe(true);
    expect(c.body.isText).toBe(false);
    const sent = c.headers.filter(([n]) => n.toLowerCase() !== 'connection');
    expect(sent).toEqual([
      ['Host', new URL(url).host],
      ['X-Zeta', 'last-alphabetically-first-sent'],
      ['content-type', 'application/octet-stream'],
      ['X-Dup', 'one'],
      ['x-dup', 'two'],
      ['Content-Length', '8'],
    ]);
    expect(c.remoteAddress).toBe('127.0.0.1');
    expect(c.durationMs).toEqual(expect.any(Number));
  });

  it('stores a 5 MiB body exactly (chunked, no Content-Length)', async () => {
    const body = randomBytes(5 * 1024 * 1024);
    const res = await fetch(url, { method: 'POST', body: new Blob([body]).stream(), duplex: 'half' } as RequestInit);
    expect(res.status).toBe(200);
    const summary = hb.captures.at(-1)!;
    expect(summary.size).toBe(body.length);
    const c = await hb.capture(summary.id);
    expect(c.body.truncated).toBe(false);
    expect(bodyBytes(c.body).equals(body)).toBe(true);
  });

  it('has committed the capture before the 2xx arrives', async () => {
    for (let i = 0; i < 20; i++) {
      const marker = `commit-${i}-${Date.now()}`;
      const res = await send(`${url}?m=${marker}`, { body: '{"ok":true}' });
      expect(res.status).toBe(200);
      // Read straight from the database: no flush, no wait.
      const page = await hb.core.storage()!.exchanges.query({ kind: 'capture', inboxId }, { limit: 1 });
      expect((await hb.capture(page.items[0]!.id)).query).toBe(`m=${marker}`);
    }
  });

  it('accepts any method, sends no CORS headers, even to a preflight', async () => {
    for (const method of ['GET', 'DELETE', 'PATCH', 'OPTIONS']) {
      const res = await send(url, {
        method,
        headers: { Origin: 'https://evil.example', 'Access-Control-Request-Method': 'POST' },
      });
      expect(res.status).toBe(200);
      expect(Object.keys(res.headers).filter((h) => h.startsWith('access-control-'))).toEqual([]);
    }
  });

  it('answers an unknown inbox 404 and records it as rejected', async () => {
    const res = await send(`${hb.base}/in/nope/x?y=1`, { body: 'lost' });
    expect(res.status).toBe(404);
    const c = await hb.capture(hb.captures.at(-1)!.id);
    expect(c).toMatchObject({ outcome: 'rejected', path: '/in/nope/x', query: 'y=1', inboxId: '' });
    expect(c.rejectedReason).toMatch(/unknown inbox "nope"/);
    expect(bodyBytes(c.body).toString()).toBe('lost');
    const outside = await send(`${hb.base}/api/v1/status`, { method: 'GET' });
    expect(outside.status).toBe(404);
    expect((await hb.capture(hb.captures.at(-1)!.id)).rejectedReason).toMatch(/not an inbox path/);
  });

  it('answers 413 past the body cap and records the rejection in the log', async () => {
    const small = await hb.createInbox({ name: 'small', bodyCapBytes: 1024 });
    const declared = await send(small.url!, { body: Buffer.alloc(4096, 1) });
    expect(declared.status).toBe(413);
    // Chunked: the cap is only found while reading.
    const chunked = await fetch(small.url!, {
      method: 'POST',
      body: new Blob([Buffer.alloc(10_000, 2)]).stream(),
      duplex: 'half',
    } as RequestInit);
    expect(chunked.status).toBe(413);
    expect(await chunked.json()).toEqual({ error: expect.stringMatching(/larger than 1024 bytes/) });
    const log = await hb.core
      .storage()!
      .exchanges.query({ kind: 'capture', inboxId: small.id, outcome: 'rejected' }, { limit: 10 });
    expect(log.items).toHaveLength(2);
    expect(log.items.every((i) => i.status === 413)).toBe(true);
    expect((await hb.capture(log.items[1]!.id)).rejectedReason).toMatch(
      /413 body larger than the inbox's cap of 1024 bytes \(Content-Length 4096\)/,
    );
    // The default cap is 10 MiB.
    const big = await send(url, { body: Buffer.alloc(10 * 1024 * 1024 + 1) });
    expect(big.status).toBe(413);
  });

  it('refuses an oversized body announced with Expect: 100-continue before it is sent', async () => {
    const small = await hb.createInbox({ name: 'expect', bodyCapBytes: 100 });
    const outcome = await new Promise<{ status: number; sentBody: boolean }>((resolve, reject) => {
      let sentBody = false;
      const req = request(
        small.url!,
        { method: 'POST', agent: false, headers: { Expect: '100-continue', 'Content-Length': '5000' } },
        (res) => {
          res.resume();
          res.on('end', () => resolve({ status: res.statusCode!, sentBody }));
        },
      );
      req.on('continue', () => {
        sentBody = true;
        req.end(Buffer.alloc(5000));
      });
      req.on('error', reject);
      req.flushHeaders();
    });
    expect(outcome).toEqual({ status: 413, sentBody: false });
    const fits = await send(small.url!, { headers: { Expect: '100-continue' }, body: 'fits' });
    expect(fits.status).toBe(200);
    expect(bodyBytes((await hb.capture(hb.captures.at(-1)!.id)).body).toString()).toBe('fits');
  });

  it('recognises event type and id from provider headers and JSON bodies', async () => {
    await send(url, {
      headers: { 'webhook-id': 'msg_123', 'content-type': 'application/json' },
      body: '{"type":"user.created","data":{}}',
    });
    expect(hb.captures.at(-1)).toMatchObject({ eventType: 'user.created' });
    expect(await hb.capture(hb.captures.at(-1)!.id)).toMatchObject({ eventType: 'user.created', eventId: 'msg_123' });
  });
});
