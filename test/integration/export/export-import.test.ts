import { asOwner } from '../../support/owner';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../../electron/core/index';
import { toExportDocument, toNdjsonLines } from '../../../shared/export/exchange-file';
import { toHar } from '../../../shared/export/har';
import type { ExchangeDetail } from '../../../shared/model/exchange';
import { tempDir } from '../../support/temp';

async function seed(core: Core): Promise<string[]> {
  const exchanges = core.storage()!.exchanges;
  const body = JSON.stringify({ type: 'user.created', data: { email: 'ada@example.com' } });
  await exchanges.appendDelivery({
    id: 'd-1',
    createdAt: '2026-11-20T10:00:00.000Z',
    eventType: 'user.created',
    eventId: 'evt_1',
    subscriptionId: 'sub-1',
    profile: 'standard-webhooks',
    targetUrl: 'http://localhost:3000/hooks?src=hb',
    outcome: 'pending',
    request: {
      method: 'POST',
      url: 'http://localhost:3000/hooks?src=hb',
      headers: [
        ['content-type', 'application/json'],
        ['webhook-id', 'msg_1'],
      ],
      body,
    },
  });
  for (const [n, status] of [
    [1, 500],
    [2, 200],
  ] as const) {
    await exchanges.appendAttempt(
      {
        deliveryId: 'd-1',
        n,
        startedAt: `2026-11-20T10:00:0${n}.000Z`,
        request: {
          headers: [
            ['webhook-id', 'msg_1'],
            ['webhook-timestamp', String(n)],
          ],
          body,
        },
        response: { status, headers: [['content-type', 'text/plain']], body: status === 200 ? 'ok' : 'boom' },
        timings: { connectMs: 1, firstByteMs: 3, totalMs: 5 },
        error: null,
      },
      { outcome: status === 200 ? 'succeeded' : 'retrying' },
    );
  }
  await exchanges.appendCapture({
    id: 'c-1',
    inboxId: 'inbox-1',
    receivedAt: '2026-11-20T11:00:00.000Z',
    method: 'POST',
    path: '/in/stripe/webhook',
    query: 'a=1',
    headers: [
      ['Stripe-Signature', 't=1,v1=abc'],
      ['Content-Type', 'application/octet-stream'],
    ],
    body: new Uint8Array([0, 159, 146, 150, 255]),
    remoteAddress: '127.0.0.1',
    eventType: null,
    eventId: null,
    outcome: 'failed',
    verification: { valid: false, verdict: 'bad signature' },
    response: { status: 200, body: '{}' },
    forward: null,
    rejectedReason: null,
    durationMs: 2,
  });
  return ['d-1', 'c-1'];
}

describe('export and import', () => {
  let a: Core;
  let b: Core;
  let dirs: ReturnType<typeof tempDir>[] = [];

  beforeEach(async () => {
    dirs = [tempDir('hb-exp-a-'), tempDir('hb-exp-b-')];
    a = createCore({ dataDir: dirs[0]!.dir, receiverPort: 0 });
    b = createCore({ dataDir: dirs[1]!.dir, receiverPort: 0 });
    await a.start();
    await b.start();
    await seed(a);
  });
  afterEach(async () => {
    await a.stop();
    await b.stop();
    dirs.forEach((d) => d.cleanup());
  });

  async function exported(core: Core): Promise<ExchangeDetail[]> {
    const page = await core.api.exportExchanges({});
    if (!page.ok) throw new Error(page.error.message);
    return page.value.exchanges;
  }

  it('round-trips Hookbench JSON, NDJSON and HAR without loss (bytes, attempts, outcomes, headers in order)', async () => {
    const original = await exported(a);
    expect(original).toHaveLength(2);
    for (const content of [
      JSON.stringify(toExportDocument(original, 'now')),
      toNdjsonLines(original),
      JSON.stringify(toHar(original, '0.1.0')),
    ]) {
      await asOwner(b)('purgeExchanges', { all: true });
      const result = await b.api.importExchanges({ content });
      expect(result).toMatchObject({ ok: true, value: { imported: 2, skipped: 0, problems: [] } });
      expect(await exported(b)).toEqual(original);
    }
  });

  it('skips what is already there, so importing twice changes nothing', async () => {
    const content = toNdjsonLines(await exported(a));
    await b.api.importExchanges({ content });
    const again = await b.api.importExchanges({ content });
    expect(again).toMatchObject({ ok: true, value: { imported: 0, skipped: 2 } });
  });

  it('writes HAR 1.2 that browser tools read: one entry per attempt, binary bodies base64', async () => {
    const har = toHar(await exported(a), '0.1.0');
    expect(har.log.version).toBe('1.2');
    expect(har.log.entries).toHaveLength(3);
    for (const e of har.log.entries) {
      expect(e).toMatchObject({
        startedDateTime: expect.any(String),
        time: expect.any(Number),
        cache: {},
        timings: expect.any(Object),
      });
      expect(e.request).toMatchObject({ method: 'POST', httpVersion: 'HTTP/1.1', headersSize: -1, cookies: [] });
      expect(e.response).toMatchObject({ httpVersion: 'HTTP/1.1', headersSize: -1, redirectURL: '' });
    }
    const statuses = har.log.entries.map((e) => e.response.status);
    expect(statuses).toEqual([200, 500, 200]);
    const capture = har.log.entries.find((e) => e.request.url.includes('/in/stripe'))!;
    expect(capture.request.postData).toMatchObject({
      _encoding: 'base64',
      text: Buffer.from([0, 159, 146, 150, 255]).toString('base64'),
    });
  });

  it('imports a HAR from another tool as deliveries, and explains unreadable files', async () => {
    const foreign = {
      log: {
        version: '1.2',
        creator: { name: 'Chrome', version: '1' },
        entries: [
          {
            startedDateTime: '2026-11-01T00:00:00.000Z',
            time: 12,
            request: {
              method: 'POST',
              url: 'https://example.com/hook',
              headers: [{ name: 'x', value: 'y' }],
              postData: { mimeType: 'application/json', text: '{"a":1}' },
            },
            response: { status: 404, headers: [], content: { size: 2, mimeType: 'text/plain', text: 'no' } },
            timings: { send: 0, wait: 10, receive: 2 },
          },
          { startedDateTime: 'yesterday', request: {} },
        ],
      },
    };
    const result = await b.api.importExchanges({ content: JSON.stringify(foreign) });
    expect(result).toMatchObject({
      ok: true,
      value: { format: 'har', imported: 1, problems: ['entry 2: no request method, URL or start time'] },
    });
    const page = await b.api.queryExchanges({ outcome: 'failed' });
    expect(page.ok && page.value.items[0]).toMatchObject({ target: 'https://example.com/hook', status: 404 });

    for (const content of ['{"hello": "world"}', 'not json at all', '   ']) {
      const bad = await asOwner(b)('importExchanges', { content });
      expect(bad.ok).toBe(false);
      if (!bad.ok) expect(bad.error.code).toBe('invalid_input');
    }
  });
});
