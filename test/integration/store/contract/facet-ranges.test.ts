import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ExchangeStore, Storage } from '../../../../electron/core/store/port';
import type { ExchangeFilter, ExchangeSummary } from '../../../../shared/model/exchange';
import { makeCapture, makeDelivery } from '../../../support/exchange-records';
import { adapters, type AdapterHarness } from '../../../support/storage-adapters';

const H = 3_600_000;
const D = 24 * H;
const t0 = Date.UTC(2025, 2, 1, 0, 0, 0);

/** One filter as the brute force applies it: the facets it does not narrow, and the rows it keeps. */
interface Only {
  own: string[];
  keep: (r: ExchangeSummary) => boolean;
}

describe.each(adapters)('facets over time ranges: %s', (_name, make) => {
  let harness: AdapterHarness;
  let storage: Storage;
  let store: ExchangeStore;

  beforeAll(async () => {
    harness = make();
    await harness.reset();
  });
  afterAll(async () => {
    await harness.dispose();
  });
  beforeEach(async () => {
    storage = await harness.open();
    store = storage.exchanges;
  });
  afterEach(async () => {
    await storage.close();
  });

  it('counts any range, with and without filters, from the buckets plus its edges, agreeing with the rows', async () => {
    const writes: Promise<void>[] = [];
    // 700 rows about every 14.3 minutes over ~7 days, varied in every faceted column.
    for (let i = 0; i < 700; i++) {
      const timeMs = t0 + i * 857_000;
      if (i % 5 === 0)
        writes.push(
          store.appendCapture(
            makeCapture(i, {
              timeMs,
              inboxId: `inbox_${i % 3}`,
              eventType: i % 2 ? 'ping' : null,
              outcome: i % 7 ? 'succeeded' : 'rejected',
              response: { status: i % 7 ? 200 : 413 },
            }),
          ),
        );
      else
        writes.push(
          store.appendDelivery(makeDelivery(i, { timeMs, subscriptionId: `sub_${i % 4}`, eventType: `evt.${i % 6}` })),
        );
    }
    await Promise.all(writes);
    // Status changes land in the hour and day each delivery was created in, not those of the change.
    const changes: Promise<void>[] = [];
    for (let i = 1; i < 700; i += 3) {
      if (i % 5 === 0) continue;
      const status = [200, 503, 404, null][i % 4]!;
      changes.push(
        store.appendAttempt(
          {
            deliveryId: `dlv_${i}`,
            n: 1,
            startedAt: new Date(t0 + 5 * 86_400_000).toISOString(),
            request: { headers: [], body: null },
            response: status === null ? null : { status, headers: [], body: '' },
            timings: null,
            error: status === null ? 'timeout' : null,
          },
          { outcome: status === 200 ? 'succeeded' : status === 503 ? 'retrying' : 'failed' },
        ),
      );
    }
    await Promise.all(changes);

    const all: ExchangeSummary[] = [];
    let cursor: string | null = null;
    do {
      const page = await store.query({}, { limit: 500, cursor });
      all.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    expect(all).toHaveLength(700);

    /** Facets as defined: each counts the rows in range passing every filter but its own. */
    const brute = (fromMs: number | undefined, toMs: number | undefined, filters: Only[] = []) => {
      const inRange = all.filter((r) => {
        const t = Date.parse(r.time);
        return t >= (fromMs ?? 0) && t < (toMs ?? Number.MAX_SAFE_INTEGER);
      });
      const passing = (facet: string | null) =>
        inRange.filter((r) => filters.every((o) => (facet !== null && o.own.includes(facet)) || o.keep(r)));
      const matching = passing(null);
      const rowsFor = (facet: string) => passing(facet);
      const tally = (values: string[]) => {
        const m = new Map<string, number>();
        for (const v of values) m.set(v, (m.get(v) ?? 0) + 1);
        return [...m]
          .map(([value, count]) => ({ value, count }))
          .sort((a, b) => b.count - a.count || a.value.localeCompare(b.value));
      };
      return {
        total: matching.length,
        outcome: tally(rowsFor('outcome').map((r) => r.outcome)),
        kind: tally(rowsFor('kind').map((r) => r.kind)),
        statusClass: tally(rowsFor('statusClass').map((r) => (r.status ? `${Math.floor(r.status / 100)}xx` : 'none'))),
        eventType: tally(rowsFor('eventType').map((r) => r.eventType ?? '')),
        subscription: tally(
          rowsFor('subscription')
            .filter((r) => r.kind === 'delivery')
            .map((r) => r.sourceId ?? ''),
        ),
        inbox: tally(
          rowsFor('inbox')
            .filter((r) => r.kind === 'capture')
            .map((r) => r.sourceId ?? ''),
        ),
      };
    };
    const ranges: [number | undefined, number | undefined][] = [
      [t0, t0 + 24 * H], // one whole day
      [t0 + D, t0 + 4 * D], // whole days only
      [t0 + 17 * 60_000, t0 + 5 * D + 50 * 60_000 + 5_000], // partial days and hours at both edges
      [t0 + 13 * H + 7 * 60_000, t0 + 3 * D], // starts mid-day, ends on a day's edge
      [t0 + 2 * D, t0 + 4 * D + 9 * H + 1], // starts on a day's edge, ends mid-day
      [t0 + D - H, t0 + 2 * D + H], // one whole day and an hour either side
      [t0 + 10 * 60_000, t0 + 40 * 60_000], // inside one hour
      [t0 + 59 * 60_000, t0 + 61 * 60_000], // across one hour's edge
      [t0 + 3 * D - 3 * 60_000, t0 + 3 * D + 3 * 60_000], // across one day's edge
      [undefined, t0 + 3 * D + 6 * H + 1], // no start
      [t0 + 2 * D + 20 * H + 123, undefined], // no end
    ];
    const withRange = (filter: ExchangeFilter, fromMs?: number, toMs?: number): ExchangeFilter => ({
      ...filter,
      ...(fromMs !== undefined ? { from: new Date(fromMs).toISOString() } : {}),
      ...(toMs !== undefined ? { to: new Date(toMs).toISOString() } : {}),
    });
    for (const [fromMs, toMs] of ranges) {
      const f = withRange({}, fromMs, toMs);
      expect(await store.facets(f), JSON.stringify(f)).toEqual(brute(fromMs, toMs));
    }
    // Every filter dimension alone, then two and three at once: whole days from the daily combinations.
    const dims: Record<string, [ExchangeFilter, Only]> = {
      outcome: [{ outcome: 'failed' }, { own: ['outcome'], keep: (r) => r.outcome === 'failed' }],
      kind: [{ kind: 'capture' }, { own: ['kind'], keep: (r) => r.kind === 'capture' }],
      subscription: [
        { subscriptionId: 'sub_2' },
        { own: ['subscription', 'inbox'], keep: (r) => r.kind === 'delivery' && r.sourceId === 'sub_2' },
      ],
      inbox: [
        { inboxId: 'inbox_1' },
        { own: ['subscription', 'inbox'], keep: (r) => r.kind === 'capture' && r.sourceId === 'inbox_1' },
      ],
      eventType: [{ eventType: 'evt.3' }, { own: ['eventType'], keep: (r) => r.eventType === 'evt.3' }],
      statusClass: [
        { statusClass: '5xx' },
        { own: ['statusClass'], keep: (r) => r.status !== null && Math.floor(r.status / 100) === 5 },
      ],
      status: [{ status: 404 }, { own: ['statusClass'], keep: (r) => r.status === 404 }],
      noStatus: [{ statusClass: 'none' }, { own: ['statusClass'], keep: (r) => r.status === null }],
    };
    const combos: string[][] = [
      ...Object.keys(dims).map((d) => [d]),
      ['outcome', 'subscription'],
      ['kind', 'statusClass'],
      ['eventType', 'status'],
      ['eventType', 'outcome', 'statusClass'],
    ];
    for (const [fromMs, toMs] of ranges) {
      for (const names of combos) {
        const f = withRange(Object.assign({}, ...names.map((n) => dims[n]![0])), fromMs, toMs);
        const expected = brute(
          fromMs,
          toMs,
          names.map((n) => dims[n]![1]),
        );
        expect(await store.facets(f), JSON.stringify(f)).toEqual(expected);
      }
    }
  });
});
