import { connect } from 'node:net';
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaptureResponse } from '../../../shared/model/inbox';
import { send, startReceiver, unwrap, type ReceiverHarness } from '../../support/receiver-harness';
import { waitUntil } from '../../support/webhook-server';

/** What a raw TCP client sees after sending one request: the bytes, and how the connection ended. */
function rawExchange(
  url: string,
  timeoutMs = 5000,
): Promise<{ data: string; ended: 'fin' | 'reset' | 'timeout'; error?: string }> {
  const u = new URL(url);
  return new Promise((resolve) => {
    const socket = connect(Number(u.port), u.hostname);
    let data = '';
    const timer = setTimeout(() => finish('timeout'), timeoutMs);
    const finish = (ended: 'fin' | 'reset' | 'timeout', error?: string) => {
      clearTimeout(timer);
      socket.destroy();
      resolve({ data, ended, ...(error ? { error } : {}) });
    };
    socket.on('data', (c: Buffer) => (data += c.toString('latin1')));
    socket.on('end', () => finish('fin'));
    socket.on('error', (err: NodeJS.ErrnoException) => finish('reset', err.code));
    socket.write(
      `POST ${u.pathname} HTTP/1.1\r\nHost: ${u.host}\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}`,
    );
  });
}

describe('receiver: response rules and faults', () => {
  let hb: ReceiverHarness;
  const randoms: number[] = [];

  beforeAll(async () => {
    hb = await startReceiver({ receiver: { random: () => randoms.shift() ?? 0.99, headersTimeoutMs: 300 } });
  });
  afterAll(() => hb.close());

  const inboxWithRule = async (name: string, rule: Record<string, unknown>) => {
    const inbox = await hb.createInbox({ name });
    unwrap(await hb.core.api.setResponseRule({ id: inbox.id, ...rule }));
    return inbox;
  };
  const lastResponse = async () => (await hb.capture(hb.captures.at(-1)!.id)).response as CaptureResponse;

  it('answers 200 with {} by default', async () => {
    const inbox = await hb.createInbox({ name: 'default' });
    const res = await send(inbox.url!, { body: '{}' });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/json');
    expect(res.body.toString()).toBe('{}');
  });

  it('plays a sequence ("first 2 with 503, then 200"), restarting when the rule is set again', async () => {
    const rule = {
      status: 201,
      body: 'ok',
      headers: { 'X-Mock': 'yes' },
      sequence: [
        { count: 2, status: 503 },
        { count: 1, status: 429, headers: [['Retry-After', '1']] },
      ],
    };
    const inbox = await inboxWithRule('sequence', rule);
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await send(inbox.url!, { body: '{}' })).status);
    expect(statuses).toEqual([503, 503, 429, 201, 201]);
    expect(await lastResponse()).toMatchObject({
      status: 201,
      body: 'ok',
      headers: [['X-Mock', 'yes']],
      source: 'rule',
    });
    unwrap(await hb.core.api.setResponseRule({ id: inbox.id, ...rule }));
    const again = await send(inbox.url!, { body: '{}' });
    expect(again.status).toBe(503);
    expect(await lastResponse()).toMatchObject({ status: 503, source: 'sequence', step: 1 });
  });

  it('fails the configured share of requests', async () => {
    const inbox = await inboxWithRule('flaky', { failureRate: 0.3, failure: { status: 500, body: 'boom' } });
    randoms.push(0.1, 0.5, 0.29, 0.31);
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await send(inbox.url!, { body: '{}' })).status);
    expect(statuses).toEqual([500, 200, 500, 200]);
  });

  it('delays the answer', async () => {
    const inbox = await inboxWithRule('slow-start', { delayMs: 250 });
    const t0 = performance.now();
    const res = await send(inbox.url!, { body: '{}' });
    expect(res.status).toBe(200);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(240);
    expect(await lastResponse()).toMatchObject({ delayMs: 250 });
  });

  it('hang: the client times out, the capture is recorded', async () => {
    const inbox = await inboxWithRule('hang', { fault: 'hang' });
    const err = await fetch(inbox.url!, { method: 'POST', body: '{}', signal: AbortSignal.timeout(300) }).catch(
      (e: Error) => e,
    );
    expect((err as Error).name).toBe('TimeoutError');
    // The client gave up on its own clock, maybe before the capture committed: wait for this inbox's capture.
    await waitUntil(() => hb.captures.some((c) => c.inboxId === inbox.id), 'the hung request is captured');
    const capture = hb.captures.find((c) => c.inboxId === inbox.id)!;
    expect((await hb.capture(capture.id)).response).toMatchObject({ status: 0, fault: 'hang' });
  });

  it('close: the connection ends cleanly with no answer', async () => {
    const inbox = await inboxWithRule('close', { fault: 'close' });
    const seen = await rawExchange(inbox.url!);
    expect(seen).toEqual({ data: '', ended: 'fin' });
    const viaFetch = await fetch(inbox.url!, { method: 'POST', body: '{}' }).catch(
      (e: Error & { cause?: { code?: string } }) => e.cause?.code,
    );
    expect(viaFetch).toBe('UND_ERR_SOCKET');
    expect(await lastResponse()).toMatchObject({ status: 0, fault: 'close' });
  });

  it('reset: the client gets ECONNRESET', async () => {
    const inbox = await inboxWithRule('reset', { fault: 'reset' });
    const seen = await rawExchange(inbox.url!);
    expect(seen).toEqual({ data: '', ended: 'reset', error: 'ECONNRESET' });
    const viaHttp = await send(inbox.url!, { body: '{}' }).catch((e: NodeJS.ErrnoException) => e.code);
    expect(viaHttp).toBe('ECONNRESET');
    expect(await lastResponse()).toMatchObject({ status: 0, fault: 'reset' });
  });

  it('slow: the body arrives one byte at a time', async () => {
    const inbox = await inboxWithRule('trickle', { fault: 'slow', slowByteIntervalMs: 30, body: '{"slow":1}' });
    const t0 = performance.now();
    const chunks = await new Promise<string[]>((resolve, reject) => {
      const req = request(inbox.url!, { method: 'POST', agent: false }, (res) => {
        const got: string[] = [];
        res.on('data', (c: Buffer) => got.push(c.toString()));
        res.on('end', () => resolve(got));
      });
      req.on('error', reject);
      req.end('{}');
    });
    expect(chunks.join('')).toBe('{"slow":1}');
    expect(chunks.length).toBe(10);
    expect(chunks.every((c) => c.length === 1)).toBe(true);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(9 * 30);
    expect(await lastResponse()).toMatchObject({ status: 200, fault: 'slow' });
  });

  it('cuts off a sender that never finishes its headers', async () => {
    const inbox = await hb.createInbox({ name: 'slowloris' });
    const u = new URL(inbox.url!);
    const t0 = performance.now();
    const ended = await new Promise<string>((resolve) => {
      const socket = connect(Number(u.port), u.hostname);
      let data = '';
      socket.on('data', (c: Buffer) => (data += c.toString()));
      socket.on('close', () => resolve(data));
      socket.on('error', () => undefined);
      socket.write(`POST ${u.pathname} HTTP/1.1\r\nHost: ${u.host}\r\nX-Slow: `);
    });
    expect(ended).toMatch(/^HTTP\/1\.1 408/);
    expect(performance.now() - t0).toBeLessThan(3000);
  });

  it('refuses CORS and framing headers in rules, with field errors', async () => {
    const inbox = await hb.createInbox({ name: 'cors' });
    const res = await hb.core.api.setResponseRule({ id: inbox.id, headers: { 'Access-Control-Allow-Origin': '*' } });
    expect(res).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', fieldErrors: { 'headers.0.0': [expect.stringMatching(/CORS/)] } },
    });
    const bad = await hb.core.api.setResponseRule({
      id: inbox.id,
      status: 99,
      sequence: [{ count: 0 }],
      failureRate: 2,
    });
    expect(bad.ok ? [] : Object.keys(bad.error.fieldErrors ?? {}).sort()).toEqual([
      'failureRate',
      'sequence.0.count',
      'status',
    ]);
  });
});
