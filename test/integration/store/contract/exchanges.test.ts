import { beforeEach, describe, expect, it } from 'vitest';
import type { ExchangeStore } from '../../../../electron/core/store/port';
import type { ExchangeFilter, NewAttempt } from '../../../../shared/model/exchange';
import { makeCapture, makeDelivery } from '../../../support/exchange-records';
import { adapters, useNodes } from '../../../support/storage-adapters';

const T0 = Date.UTC(2025, 0, 1);

function attempt(deliveryId: string, n: number, status: number | null): NewAttempt {
  return {
    deliveryId,
    n,
    startedAt: new Date(T0 + n).toISOString(),
    request: { headers: [['content-type', 'application/json']], body: '{"a":1}' },
    response: status === null ? null : { status, headers: [['server', 'x']], body: new Uint8Array([0, 1, 2, 250]) },
    timings: status === null ? null : { connectMs: 1, firstByteMs: 2, totalMs: 3 },
    error: status === null ? 'ECONNREFUSED' : null,
  };
}

describe.each(adapters)('exchange store contract: %s', (_name, make) => {
  const ctx = useNodes(make, { node: { prefs: { bodyCapBytes: 1024 } } });
  let store: ExchangeStore;
  beforeEach(() => {
    store = ctx.node.exchanges;
  });

  it('round-trips a delivery with attempts, truncating and keeping binary bodies and headers in order', async () => {
    const long = 'é'.repeat(1000); // 2000 bytes, cap is 1024
    await store.appendDelivery(
      makeDelivery(1, {
        request: {
          method: 'POST',
          url: 'https://x.test/a?b=1',
          headers: [
            ['a', '1'],
            ['b', 'x'],
            ['a', '2'],
          ],
          body: long,
        },
      }),
    );
    await store.appendAttempt(attempt('dlv_1', 1, null), {
      outcome: 'retrying',
      nextAttemptAt: new Date(T0 + 60_000).toISOString(),
    });
    await store.appendAttempt(
      { ...attempt('dlv_1', 2, 200), request: { headers: [], body: long } },
      { outcome: 'succeeded', nextAttemptAt: null },
    );
    const got = await store.getExchange('dlv_1');
    if (got?.kind !== 'delivery') throw new Error('expected a delivery');
    const d = got.delivery;
    expect(d).toMatchObject({
      outcome: 'succeeded',
      lastStatus: 200,
      attempts: 2,
      nextAttemptAt: null,
      durationMs: 3,
      profile: 'stripe',
      createdAt: new Date(T0 + 1000).toISOString(),
    });
    expect(d.request.url).toBe('https://x.test/a?b=1');
    expect(d.request.headers).toEqual([
      ['a', '1'],
      ['b', 'x'],
      ['a', '2'],
    ]);
    expect(d.request.body).toMatchObject({ isText: true, size: 2000, truncated: true });
    expect(d.request.body.text).toBe('é'.repeat(512));
    expect(got.attempts).toHaveLength(2);
    expect(got.attempts[0]).toMatchObject({ n: 1, response: null, error: 'ECONNREFUSED', timings: null });
    expect(got.attempts[0]!.request.body.text).toBe('{"a":1}');
    expect(got.attempts[1]!.request.body).toEqual(d.request.body);
    expect(got.attempts[1]!.response).toMatchObject({ status: 200, headers: [['server', 'x']] });
    expect(got.attempts[1]!.response!.body).toEqual({
      isText: false,
      text: null,
      base64: Buffer.from([0, 1, 2, 250]).toString('base64'),
      size: 4,
      truncated: false,
    });
  });

  it('round-trips a capture with raw bytes, and an empty body', async () => {
    const bytes = new Uint8Array(2000).map((_, i) => (i * 7) % 256);
    await store.appendCapture(
      makeCapture(1, {
        body: bytes,
        outcome: 'rejected',
        rejectedReason: '413 body too large',
        response: { status: 413 },
      }),
    );
    await store.appendCapture(makeCapture(2, { body: null, query: 'a=1&b=2', remoteAddress: null }));
    const got = await store.getExchange('cap_1');
    if (got?.kind !== 'capture') throw new Error('expected a capture');
    expect(got.capture).toMatchObject({
      inboxId: 'inbox_a',
      path: '/in/inbox_a',
      outcome: 'rejected',
      rejectedReason: '413 body too large',
      response: { status: 413 },
      verification: { ok: true },
      headers: [
        ['content-type', 'application/json'],
        ['x-trace', 'trace-1'],
      ],
    });
    expect(got.capture.body).toMatchObject({ isText: false, size: 2000, truncated: true });
    expect(Buffer.from(got.capture.body.base64!, 'base64')).toEqual(Buffer.from(bytes.subarray(0, 1024)));
    const empty = await store.getExchange('cap_2');
    if (empty?.kind !== 'capture') throw new Error('expected a capture');
    expect(empty.capture).toMatchObject({ query: 'a=1&b=2', remoteAddress: null });
    expect(empty.capture.body).toEqual({ isText: true, text: '', base64: null, size: 0, truncated: false });
    expect(await store.getExchange('nope')).toBeNull();
  });

  it('reads what a replay sends again: the same fields and body as the full record, for a delivery and a capture', async () => {
    const bytes = new Uint8Array(2000).map((_, i) => (i * 7) % 256);
    await store.appendDelivery(makeDelivery(1));
    await store.appendAttempt(attempt('dlv_1', 1, 500), { outcome: 'failed', nextAttemptAt: null });
    await store.appendCapture(makeCapture(2, { body: bytes }));
    const full = await store.getExchange('dlv_1');
    if (full?.kind !== 'delivery') throw new Error('expected a delivery');
    const d = full.delivery;
    expect(await store.replaySource('dlv_1')).toEqual({
      kind: 'delivery',
      id: 'dlv_1',
      eventType: d.eventType,
      eventId: d.eventId,
      subscriptionId: d.subscriptionId,
      targetUrl: d.targetUrl,
      profile: d.profile,
      body: d.request.body,
    });
    expect(d.profile).not.toBeNull();
    const capture = await store.getExchange('cap_2');
    if (capture?.kind !== 'capture') throw new Error('expected a capture');
    const c = capture.capture;
    expect(await store.replaySource('cap_2')).toEqual({
      kind: 'capture',
      id: 'cap_2',
      eventType: c.eventType,
      eventId: c.eventId,
      subscriptionId: null,
      targetUrl: null,
      profile: null,
      body: c.body,
    });
    expect(c.body.truncated).toBe(true);
    expect(await store.replaySource('nope')).toBeNull();
  });

  it('rejects an attempt for an unknown delivery without failing its group', async () => {
    const results = await Promise.allSettled([
      store.appendDelivery(makeDelivery(1)),
      store.appendAttempt(attempt('missing', 1, 500)),
      store.appendDelivery(makeDelivery(2)),
      store.updateDelivery('dlv_1', { outcome: 'cancelled', nextAttemptAt: null }),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
    expect((await store.query({})).items.map((i) => i.id)).toEqual(['dlv_2', 'dlv_1']);
    expect((await store.query({ outcome: 'cancelled' })).items.map((i) => i.id)).toEqual(['dlv_1']);
  });

  it('refuses an attempt for a delivery purged since it was written, and counts nothing for it', async () => {
    await store.appendDelivery(makeDelivery(1));
    expect(await store.purge({ all: true })).toBe(1);
    await expect(store.appendAttempt(attempt('dlv_1', 1, 200), { outcome: 'succeeded' })).rejects.toThrow(/dlv_1/);
    expect((await store.facets({})).total).toBe(0);
    expect((await store.info()).rows).toMatchObject({ exchanges: 0, attempts: 0 });
  });

  it('finds rows by text whenever and in whatever time order they were written, and forgets purged ones', async () => {
    const ids = async (text: string) => (await store.query({ text })).items.map((r) => r.id).sort();
    await Promise.all([1, 2, 3].map((i) => store.appendDelivery(makeDelivery(i, { timeMs: T0 + i * 60_000 }))));
    expect(await ids('user2@example.com')).toEqual(['dlv_2']);
    // Older than everything searched so far, and newer: both found, as are rows written after a search.
    await store.appendDelivery(makeDelivery(4, { timeMs: T0 - 60_000 }));
    await store.appendCapture(makeCapture(5, { timeMs: T0 + 10 * 60_000 }));
    expect(await ids('user4@example.com')).toEqual(['dlv_4']);
    expect(await ids('trace-5')).toEqual(['cap_5']);
    expect(await ids('example')).toEqual(['dlv_1', 'dlv_2', 'dlv_3', 'dlv_4']);
    await store.appendDelivery(makeDelivery(6, { timeMs: T0 + 11 * 60_000 }));
    expect(await store.purge({ olderThan: new Date(T0 + 2 * 60_000 + 1).toISOString() })).toBe(3);
    expect(await ids('example')).toEqual(['dlv_3', 'dlv_6']);
    expect((await store.facets({ text: 'example' })).total).toBe(2);
  });

  it('stores a delivery and its first attempt alike whether they share a group commit or not', async () => {
    const lease = { leaseUntil: T0 + 3_600_000 };
    const writes = (i: number, status: number | null, id = i) => {
      const d = {
        ...makeDelivery(i, { outcome: 'pending', nextAttemptAt: new Date(T0).toISOString() }),
        id: `dlv_${id}`,
      };
      const retry = { outcome: 'retrying' as const, nextAttemptAt: new Date(T0 + 60_000).toISOString() };
      const done = { outcome: 'succeeded' as const, nextAttemptAt: null };
      return [
        () => store.appendDelivery(d, lease),
        () =>
          store.appendAttempt(
            { ...attempt(d.id, 1, status), request: { headers: d.request.headers, body: d.request.body } },
            status === 200 ? done : retry,
            status === 200 ? { leaseUntil: null } : lease,
          ),
      ] as const;
    };
    // Together: in one group (appended in one tick); apart: the attempt after its delivery committed.
    for (const [i, status] of [
      [1, 200],
      [2, 503],
      [3, null],
    ] as const) {
      const [d, a] = writes(i, status);
      await Promise.all([d(), a()]);
      const [d2, a2] = writes(i, status, i + 10);
      await d2();
      await a2();
    }
    // A cancel between them is applied in order, not folded away.
    const [d, a] = writes(4, 503);
    await Promise.all([d(), store.updateDelivery('dlv_4', { outcome: 'cancelled', nextAttemptAt: null }), a()]);
    const strip = (x: unknown, i: number) => JSON.parse(JSON.stringify(x).replaceAll(`dlv_${i + 10}`, `dlv_${i}`));
    for (const i of [1, 2, 3]) {
      expect(await store.getExchange(`dlv_${i}`), `delivery ${i}`).toEqual(
        strip(await store.getExchange(`dlv_${i + 10}`), i),
      );
    }
    expect(await store.getExchange('dlv_4')).toMatchObject({ delivery: { outcome: 'cancelled', attempts: 1 } });
    const facets = await store.facets({});
    expect(facets.outcome).toEqual([
      { value: 'retrying', count: 4 },
      { value: 'succeeded', count: 2 },
      { value: 'cancelled', count: 1 },
    ]);
    expect(await ctx.node.schedule.pendingFor('sub_a')).toHaveLength(4);
  });

  it('keeps a cancelled delivery cancelled when a later attempt would retry it, unless it succeeded', async () => {
    await Promise.all([store.appendDelivery(makeDelivery(1)), store.appendDelivery(makeDelivery(2))]);
    await store.updateDelivery('dlv_1', { outcome: 'cancelled', nextAttemptAt: null });
    await store.updateDelivery('dlv_2', { outcome: 'cancelled', nextAttemptAt: null });
    await store.appendAttempt(attempt('dlv_1', 1, 503), {
      outcome: 'retrying',
      nextAttemptAt: new Date(T0 + 60_000).toISOString(),
    });
    await store.appendAttempt(attempt('dlv_2', 1, 200), { outcome: 'succeeded', nextAttemptAt: null });
    const one = await store.getExchange('dlv_1');
    const two = await store.getExchange('dlv_2');
    expect(one).toMatchObject({
      delivery: { outcome: 'cancelled', nextAttemptAt: null, attempts: 1, lastStatus: 503 },
    });
    expect(two).toMatchObject({ delivery: { outcome: 'succeeded', attempts: 1 } });
    expect((await store.facets({})).outcome).toEqual([
      { value: 'cancelled', count: 1 },
      { value: 'succeeded', count: 1 },
    ]);
  });

  it('commits a delivery, its attempts and its update written in one group', async () => {
    await Promise.all([
      store.appendDelivery(makeDelivery(7)),
      store.appendAttempt(attempt('dlv_7', 1, 503), { outcome: 'retrying', nextAttemptAt: new Date(T0).toISOString() }),
      store.appendAttempt(attempt('dlv_7', 2, 200), { outcome: 'succeeded', nextAttemptAt: null }),
    ]);
    expect(await store.getExchange('dlv_7')).toMatchObject({
      delivery: { outcome: 'succeeded', attempts: 2, lastStatus: 200 },
      attempts: [{ n: 1 }, { n: 2 }],
    });
    expect((await store.facets({})).outcome).toEqual([{ value: 'succeeded', count: 1 }]);
  });

  it('searches with the same words on both stores: accents, scripts, prefixes of phrases, headers apart from bodies', async () => {
    const texts = [
      'Crème Brûlée for ALICE@Example.com',
      '日本語テキスト and Straße',
      'x-request-id 0e4f-77aa',
      'tail-word',
      '', // binary below: never indexed
    ];
    await Promise.all(
      texts.map((body, i) =>
        store.appendCapture(
          makeCapture(i, {
            body: i === 4 ? new Uint8Array([0, 99, 114, 101, 109, 101]) : body,
            headers: [['x-note', i === 3 ? 'head-word' : `note ${i}`]],
          }),
        ),
      ),
    );
    const found = async (text: string) => (await store.query({ text })).items.map((r) => r.id).sort();
    expect(await found('creme brulee')).toEqual(['cap_0']);
    expect(await found('CRÈME')).toEqual(['cap_0']);
    expect(await found('alice@exa*')).toEqual(['cap_0']);
    expect(await found('alice@exz*')).toEqual([]);
    expect(await found('日本語テキスト')).toEqual(['cap_1']);
    expect(await found('strasse')).toEqual([]); // unicode61 folds case and accents, not ß
    expect(await found('straße')).toEqual(['cap_1']);
    expect(await found('0e4f-77aa')).toEqual(['cap_2']);
    expect(await found('77aa-0e4f')).toEqual([]);
    expect(await found('word')).toEqual(['cap_3']);
    expect(await found('tail-word')).toEqual(['cap_3']);
    // The header "head-word" comes before the body "tail-word": a phrase never spans the two.
    expect(await found('word.tail')).toEqual([]);
    expect(await found('head-word')).toEqual(['cap_3']);
    expect(await found('note 4')).toEqual(['cap_4']);
    expect(await found('creme note')).toEqual(['cap_0']);
    expect(await found('cre*')).toEqual(['cap_0']); // the binary body's bytes spell "creme" but are not text
  });

  it('pages through a word that is rare today and common in older days, newest first, each match once', async () => {
    const DAY = 86_400_000;
    const writes: Promise<void>[] = [];
    // 2,400 matches spread over the three days before, 5 on the newest day, and rows that do not match.
    for (let i = 0; i < 2400; i++)
      writes.push(store.appendCapture(makeCapture(i, { timeMs: T0 + (i % 3) * DAY + i * 10, body: `rarely ${i}` })));
    for (let i = 0; i < 5; i++)
      writes.push(store.appendCapture(makeCapture(3000 + i, { timeMs: T0 + 3 * DAY + i, body: `rarely now ${i}` })));
    for (let i = 0; i < 50; i++)
      writes.push(store.appendCapture(makeCapture(4000 + i, { timeMs: T0 + 3 * DAY + 100 + i, body: 'other' })));
    await Promise.all(writes);
    const expected = [
      ...Array.from({ length: 5 }, (_, i) => ({ id: `cap_${3004 - i}`, t: T0 + 3 * DAY + 4 - i })),
      ...Array.from({ length: 2400 }, (_, i) => ({ id: `cap_${i}`, t: T0 + (i % 3) * DAY + i * 10 })).sort(
        (a, b) => b.t - a.t,
      ),
    ].map((r) => r.id);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await store.query({ text: 'rarely' }, { limit: 500, cursor });
      seen.push(...page.items.map((r) => r.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(expected);
    expect(
      (await store.query({ text: 'rarely', kind: 'capture', inboxId: 'inbox_a' }, { limit: 7 })).items.map((r) => r.id),
    ).toEqual(expected.slice(0, 7));
    // Five matches (the SQLite store finds so few oldest-first, then pages them): the same order and cursors.
    const few: string[] = [];
    do {
      const page = await store.query({ text: 'rarely now' }, { limit: 2, cursor });
      few.push(...page.items.map((r) => r.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(few).toEqual(expected.slice(0, 5));
    expect((await store.query({ text: 'now', kind: 'delivery' })).items).toEqual([]);
  });

  it('keeps credentials masked in rows and search, with a capture’s sealed originals kept apart', async () => {
    await store.appendCapture(
      makeCapture(1, {
        headers: [
          ['Authorization', 'Bearer tok_livesecret123'],
          ['Cookie', 'sid=sessionsecret456'],
          ['X-Trace', 'visible-789'],
        ],
        sealedCredentials: 'hb1:test:sealed',
        forward: { url: 'https://app.test', status: 200, headers: [['Set-Cookie', 'sid=fromtarget999']] },
      }),
    );
    await store.appendDelivery(
      makeDelivery(2, {
        request: { method: 'POST', url: 'https://x.test', headers: [['X-Api-Key', 'key_abcdef123']], body: '{}' },
      }),
    );
    const capture = await store.getExchange('cap_1');
    if (capture?.kind !== 'capture') throw new Error('expected a capture');
    expect(capture.capture.headers).toEqual([
      ['Authorization', 'Bearer ••••••'],
      ['Cookie', 'sid=••••••'],
      ['X-Trace', 'visible-789'],
    ]);
    expect(capture.capture.credentialsKept).toBe(true);
    expect(JSON.stringify(capture.capture.forward)).not.toContain('fromtarget999');
    expect(await store.sealedCredentials('cap_1')).toBe('hb1:test:sealed');
    expect(await store.sealedCredentials('dlv_2')).toBeNull();
    expect(await store.sealedCredentials('nope')).toBeNull();
    const delivery = await store.getExchange('dlv_2');
    expect(delivery).toMatchObject({ delivery: { request: { headers: [['X-Api-Key', '••••••']] } } });
    for (const secret of ['tok_livesecret123', 'sessionsecret456', 'key_abcdef123'])
      expect((await store.query({ text: secret })).items, secret).toEqual([]);
    expect((await store.query({ text: 'visible-789' })).items.map((r) => r.id)).toEqual(['cap_1']);
  });

  it("carries a capture's verdict and a replay's link on rows and records, newest replay first", async () => {
    await Promise.all([
      store.appendCapture(makeCapture(1, { verification: { valid: true, verdict: 'ok', steps: [] } })),
      store.appendCapture(makeCapture(2, { verification: { valid: false, verdict: 'bad', steps: [] } })),
      store.appendCapture(makeCapture(3, { verification: null })),
      store.appendDelivery(makeDelivery(4)),
    ]);
    // Replays come later, the second one a day later (another partition on PostgreSQL).
    await store.appendDelivery(makeDelivery(5, { replayOf: 'dlv_4' }));
    await store.appendDelivery(makeDelivery(6, { replayOf: 'dlv_4', timeMs: T0 + 86_400_000 }));
    await store.updateDelivery('dlv_6', { outcome: 'succeeded' });
    await store.appendDelivery(makeDelivery(7, { replayOf: 'cap_2' }));
    const rows = new Map((await store.query({}, { limit: 20 })).items.map((r) => [r.id, r]));
    expect([1, 2, 3].map((i) => rows.get(`cap_${i}`)!.verdict)).toEqual(['valid', 'invalid', null]);
    expect(rows.get('dlv_4')).toMatchObject({
      verdict: null,
      replayOf: null,
      replay: { id: 'dlv_6', outcome: 'succeeded' },
    });
    expect(rows.get('dlv_5')).toMatchObject({ replayOf: 'dlv_4', replay: null });
    expect(rows.get('cap_2')).toMatchObject({ replay: { id: 'dlv_7', outcome: 'pending' } });
    const original = await store.getExchange('dlv_4');
    expect(original?.replays).toEqual([
      { id: 'dlv_6', outcome: 'succeeded' },
      { id: 'dlv_5', outcome: 'pending' },
    ]);
    expect(original).toMatchObject({ delivery: { replayOf: null } });
    expect(await store.getExchange('dlv_5')).toMatchObject({ replays: [], delivery: { replayOf: 'dlv_4' } });
    expect((await store.getExchange('cap_2'))?.replays).toEqual([{ id: 'dlv_7', outcome: 'pending' }]);
  });

  it('commits what was queued when it closes, then refuses appends', async () => {
    const queued = store.appendDelivery(makeDelivery(1));
    await ctx.node.close();
    await expect(queued).resolves.toBeUndefined();
    await expect(store.appendDelivery(makeDelivery(2))).rejects.toThrow(/closed/);
    ctx.node = await ctx.harness.open();
    store = ctx.node.exchanges;
    expect(await store.getExchange('dlv_1')).not.toBeNull();
  });

  describe('with a mixed log', () => {
    beforeEach(async () => {
      const writes: Promise<void>[] = [];
      for (let i = 0; i < 60; i++) {
        if (i % 3 === 0) {
          writes.push(
            store.appendCapture(makeCapture(i, { inboxId: i % 2 ? 'inbox_a' : 'inbox_b', eventType: 'ping' })),
          );
          continue;
        }
        writes.push(
          store.appendDelivery(
            makeDelivery(i, {
              subscriptionId: i % 2 ? 'sub_a' : 'sub_b',
              eventType: i % 4 ? 'invoice.paid' : 'customer.created',
            }),
          ),
        );
        const status = [200, 500, 404, null][i % 4]!;
        writes.push(
          store.appendAttempt(attempt(`dlv_${i}`, 1, status), { outcome: status === 200 ? 'succeeded' : 'failed' }),
        );
      }
      await Promise.all(writes);
    });

    const ids = async (f: ExchangeFilter) => (await store.query(f, { limit: 500 })).items.map((i) => i.id);
    const expected = (pred: (i: number) => boolean) =>
      Array.from({ length: 60 }, (_, i) => 59 - i)
        .filter(pred)
        .map((i) => (i % 3 === 0 ? `cap_${i}` : `dlv_${i}`));
    const isDlv = (i: number) => i % 3 !== 0;

    it('applies each filter, newest first', async () => {
      expect(await ids({})).toEqual(expected(() => true));
      expect(await ids({ kind: 'capture' })).toEqual(expected((i) => !isDlv(i)));
      expect(await ids({ kind: 'delivery' })).toEqual(expected(isDlv));
      expect(await ids({ subscriptionId: 'sub_b' })).toEqual(expected((i) => isDlv(i) && i % 2 === 0));
      expect(await ids({ inboxId: 'inbox_a' })).toEqual(expected((i) => !isDlv(i) && i % 2 === 1));
      expect(await ids({ eventType: 'customer.created' })).toEqual(expected((i) => isDlv(i) && i % 4 === 0));
      expect(await ids({ outcome: 'failed' })).toEqual(expected((i) => isDlv(i) && i % 4 !== 0));
      expect(await ids({ status: 404 })).toEqual(expected((i) => isDlv(i) && i % 4 === 2));
      expect(await ids({ statusClass: '5xx' })).toEqual(expected((i) => isDlv(i) && i % 4 === 1));
      expect(await ids({ statusClass: 'none' })).toEqual(expected((i) => isDlv(i) && i % 4 === 3));
      expect(await ids({ statusClass: '2xx', kind: 'capture' })).toEqual(expected((i) => !isDlv(i)));
      const from = new Date(T0 + 10_000).toISOString();
      const to = new Date(T0 + 20_000).toISOString();
      expect(await ids({ from, to })).toEqual(expected((i) => i >= 10 && i < 20));
      expect(await ids({ from, to, kind: 'delivery', outcome: 'succeeded' })).toEqual(
        expected((i) => i >= 10 && i < 20 && isDlv(i) && i % 4 === 0),
      );
      expect(await ids({ subscriptionId: 'nobody' })).toEqual([]);
    });

    it('finds emails, words, prefixes and header values with full-text search; refuses text with no words', async () => {
      expect(await ids({ text: 'user41@example.com' })).toEqual(['dlv_41']);
      expect(await ids({ text: 'USER41@Example.COM' })).toEqual(['dlv_41']);
      expect(await ids({ text: 'trace-42' })).toEqual(['cap_42']);
      expect(await ids({ text: 'example.com', subscriptionId: 'sub_b' })).toEqual(
        expected((i) => isDlv(i) && i % 2 === 0),
      );
      expect(await ids({ text: 'user5*' })).toEqual([
        'dlv_59',
        'dlv_58',
        'dlv_56',
        'dlv_55',
        'dlv_53',
        'dlv_52',
        'dlv_50',
        'dlv_5',
      ]);
      expect(await ids({ text: 'customer 41' })).toEqual(['dlv_41']);
      expect(await ids({ text: '"Customer 41"' })).toEqual(['dlv_41']);
      // One term is a phrase: its words must be adjacent ({"hello":"world","n":42} reads hello world n 42).
      expect(await ids({ text: 'world:n:42' })).toEqual(['cap_42']);
      expect(await ids({ text: 'hello.n' })).toEqual([]);
      expect(await ids({ text: 'hello n 42' })).toEqual(['cap_42']);
      expect(await ids({ text: 'nobody@nowhere.test' })).toEqual([]);
      expect(await ids({ text: 'sig7 *' })).toEqual(['dlv_7']); // the lone * is not a term
      await expect(store.query({ text: '@@' })).rejects.toMatchObject({ code: 'invalid_input' });
      await expect(store.query({ text: '  ' })).rejects.toMatchObject({ code: 'invalid_input' });
    });

    it('pages with a cursor without gaps or repeats while new rows arrive; refuses a foreign cursor', async () => {
      const seen: string[] = [];
      let cursor: string | null = null;
      let next = 1000;
      do {
        const page = await store.query({}, { limit: 7, cursor });
        seen.push(...page.items.map((i) => i.id));
        cursor = page.nextCursor;
        await store.appendDelivery(makeDelivery(next++, { timeMs: T0 + 3_600_000 + next }));
      } while (cursor);
      expect(seen).toEqual(expected(() => true));
      const filtered: string[] = [];
      cursor = null;
      do {
        const page = await store.query({ kind: 'delivery', text: 'example' }, { limit: 4, cursor });
        filtered.push(...page.items.map((i) => i.id));
        cursor = page.nextCursor;
      } while (cursor);
      expect(filtered.filter((id) => Number(id.slice(4)) < 1000)).toEqual(expected(isDlv));
      await expect(store.query({}, { cursor: 'garbage' })).rejects.toMatchObject({ code: 'invalid_input' });
    });

    it('counts facets that agree with the rows, with and without filters, ranges and text', async () => {
      const brute = async (f: ExchangeFilter) => (await store.query(f, { limit: 500 })).items;
      const check = async (f: ExchangeFilter) => {
        const facets = await store.facets(f);
        expect(facets.total, JSON.stringify(f)).toBe((await brute(f)).length);
        for (const o of facets.outcome) expect(o.count).toBe((await brute({ ...f, outcome: o.value as never })).length);
        for (const s of facets.statusClass)
          expect(s.count).toBe((await brute({ ...f, status: undefined, statusClass: s.value as never })).length);
        for (const s of facets.subscription)
          expect(s.count).toBe((await brute({ ...f, subscriptionId: s.value, inboxId: undefined })).length);
        for (const s of facets.inbox)
          expect(s.count).toBe((await brute({ ...f, inboxId: s.value, subscriptionId: undefined })).length);
        for (const e of facets.eventType) expect(e.count).toBe((await brute({ ...f, eventType: e.value })).length);
        for (const k of facets.kind) expect(k.count).toBe((await brute({ ...f, kind: k.value as never })).length);
      };
      await check({});
      await check({ kind: 'delivery' });
      await check({ outcome: 'failed', subscriptionId: 'sub_a' });
      await check({ from: new Date(T0 + 5_000).toISOString(), to: new Date(T0 + 40_000).toISOString() });
      await check({ text: 'example.com' });
      const range = { from: new Date(T0 + 5_000).toISOString(), to: new Date(T0 + 50_000).toISOString() };
      await check({ ...range, kind: 'delivery', outcome: 'failed' });
      await check({ ...range, subscriptionId: 'sub_a', statusClass: '5xx' });
      await check({ ...range, inboxId: 'inbox_a' });
      await check({ text: 'example.com', outcome: 'succeeded', eventType: 'invoice.paid' });
      expect((await store.facets({})).kind).toEqual([
        { value: 'delivery', count: 40 },
        { value: 'capture', count: 20 },
      ]);
      expect((await store.facets({ text: 'nothing-matches-this' })).total).toBe(0);
    });

    it('purges rows older than a time, then everything, and reports what it holds', async () => {
      expect(await store.info()).toMatchObject({
        rows: { exchanges: 60, deliveries: 40, captures: 20, attempts: 40 },
        bodyCapBytes: 1024,
      });
      expect(await store.purge({ olderThan: new Date(T0 + 30_000).toISOString() })).toBe(30);
      expect(await ids({})).toEqual(expected((i) => i >= 30));
      expect(await ids({ text: 'user1@example.com' })).toEqual([]);
      expect((await store.facets({})).total).toBe(30);
      expect(await store.purge({ all: true })).toBe(30);
      expect((await store.info()).rows).toEqual({ exchanges: 0, deliveries: 0, captures: 0, attempts: 0 });
      expect(await ids({})).toEqual([]);
      // the store keeps working after a purge
      await store.appendCapture(makeCapture(99));
      expect(await ids({})).toEqual(['cap_99']);
    });

    it('reports a subscription’s health from its deliveries and attempts', async () => {
      const health = await store.health('sub_a', T0 + 60_000);
      const mine = Array.from({ length: 60 }, (_, i) => i).filter((i) => isDlv(i) && i % 2 === 1);
      const last = mine[mine.length - 1]!;
      expect(health).toMatchObject({
        subscriptionId: 'sub_a',
        totalRequests: mine.length,
        totalAttempts: mine.length,
        succeeded: 0, // odd deliveries answered 500, 404 or nothing
        failed: mine.length,
        successRate: 0,
        latencyP50Ms: 3,
        latencyP95Ms: 3,
        lastOutcome: {
          outcome: 'failed',
          status: [200, 500, 404, null][last % 4],
          at: new Date(T0 + last * 1000).toISOString(),
        },
        consecutiveFailures: mine.length,
      });
      expect((await store.health('sub_b', T0 + 60_000)).consecutiveFailures).toBe(
        Array.from({ length: 60 }, (_, i) => i).filter((i) => isDlv(i) && i % 2 === 0 && i > 56).length, // since dlv_56's 200
      );
      expect(health.hourly).toHaveLength(24);
      expect(health.hourly.reduce((n, h) => n + h.succeeded + h.failed, 0)).toBe(mine.length);
    });
  });
});
