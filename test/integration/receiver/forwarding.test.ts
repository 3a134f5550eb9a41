import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaptureResponse, ForwardResult } from '../../../shared/model/inbox';
import { send, startReceiver, unwrap, type ReceiverHarness } from '../../support/receiver-harness';

interface Seen {
  method: string;
  url: string;
  rawHeaders: string[];
  body: Buffer;
}

/** The user's app: records what reached it and answers 202 with a header and body of its own. */
function startTarget(): Promise<{ server: Server; url: string; seen: Seen[] }> {
  const seen: Seen[] = [];
  const server = createServer((req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      seen.push({ method: req.method!, url: req.url!, rawHeaders: req.rawHeaders, body: Buffer.concat(chunks) });
      res.writeHead(202, { 'X-App': 'target', 'Access-Control-Allow-Origin': '*', 'Content-Type': 'text/plain' });
      res.end('accepted by app');
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/app`, seen }),
    ),
  );
}

describe('receiver: forwarding', () => {
  let hb: ReceiverHarness;
  let target: Awaited<ReturnType<typeof startTarget>>;

  beforeAll(async () => {
    hb = await startReceiver();
    target = await startTarget();
  });
  afterAll(async () => {
    await hb.close();
    target.server.closeAllConnections();
    await new Promise((r) => target.server.close(r));
  });

  const last = () => hb.capture(hb.captures.at(-1)!.id);

  it('forwards bytes and headers as received (sub-path and query appended) and answers with the target response', async () => {
    const inbox = await hb.createInbox({ name: 'fwd', forwarding: { url: target.url } });
    const body = Buffer.from([0x7b, 0xff, 0x00, 0x7d]);
    const res = await send(`${inbox.url}/orders?x=1`, {
      headers: [
        'Host',
        new URL(inbox.url!).host,
        'Webhook-Id',
        'msg_1',
        'Connection',
        'keep-alive',
        'X-Trace',
        'a',
        'content-length',
        '4',
      ],
      body,
    });
    expect(res.status).toBe(202);
    expect(res.body.toString()).toBe('accepted by app');
    expect(res.headers['x-app']).toBe('target');
    expect(res.headers['access-control-allow-origin']).toBeUndefined();

    const got = target.seen.at(-1)!;
    expect(got).toMatchObject({ method: 'POST', url: '/app/orders?x=1' });
    expect(got.body.equals(body)).toBe(true);
    const names = got.rawHeaders.filter((_, i) => i % 2 === 0).map((n) => n.toLowerCase());
    expect(names.filter((n) => ['webhook-id', 'x-trace'].includes(n))).toEqual(['webhook-id', 'x-trace']);
    expect(got.rawHeaders).not.toContain(new URL(inbox.url!).host);

    const c = await last();
    expect(c.forward as ForwardResult).toMatchObject({
      url: `${target.url}/orders?x=1`,
      status: 202,
      body: 'accepted by app',
      error: null,
      headers: expect.arrayContaining([['x-app', 'target']]),
    });
    expect(c.response as CaptureResponse).toMatchObject({ status: 202, source: 'target' });
    expect(hb.captures.at(-1)!.forward).toEqual({ url: `${target.url}/orders?x=1`, status: 202, error: null });
  });

  it('can answer with the mock rule while still recording the target response', async () => {
    const inbox = await hb.createInbox({ name: 'fwd-rule', responseRule: { status: 204, body: '' } });
    unwrap(await hb.core.api.setForwarding({ id: inbox.id, url: target.url, respondWith: 'rule' }));
    const res = await send(inbox.url!, { body: '{}' });
    expect(res.status).toBe(204);
    expect((await last()).forward as ForwardResult).toMatchObject({ status: 202, body: 'accepted by app' });
  });

  it('answers 502 when the target is down and records why', async () => {
    const dead = createServer();
    const port = await new Promise<number>((r) =>
      dead.listen(0, '127.0.0.1', () => r((dead.address() as AddressInfo).port)),
    );
    await new Promise((r) => dead.close(r));
    const inbox = await hb.createInbox({ name: 'fwd-dead', forwarding: { url: `http://127.0.0.1:${port}/` } });
    const res = await send(inbox.url!, { body: '{}' });
    expect(res.status).toBe(502);
    expect((await last()).forward as ForwardResult).toMatchObject({
      status: null,
      error: expect.stringMatching(/ECONNREFUSED/),
    });
    expect(hb.captures.at(-1)!.outcome).toBe('succeeded');
  });

  it('stops forwarding with url null', async () => {
    const inbox = await hb.createInbox({ name: 'fwd-off', forwarding: { url: target.url } });
    const off = unwrap(await hb.core.api.setForwarding({ id: inbox.id, url: null }));
    expect(off.forwarding).toBeNull();
    const before = target.seen.length;
    expect((await send(inbox.url!, { body: '{}' })).status).toBe(200);
    expect(target.seen.length).toBe(before);
    expect((await last()).forward).toBeNull();
  });
});
