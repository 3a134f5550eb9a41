import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { createCore } from '../../electron/core/index';
import { EXCHANGE_DB_FILE, type ExchangeWrite } from '../../electron/core/store';
import { openExchangeDb } from '../../electron/core/store/exchange/schema';
import { ExchangeRows } from '../../electron/core/store/exchange/exchange-rows';
import type { DeliveryOutcome, HeaderList, Outcome } from '../../shared/model/exchange';

export interface SeedOptions {
  rows: number;
  /** The newest seeded row is one second before this; older rows go back `spanMs`. */
  nowMs?: number;
  spanMs?: number;
  /** Rows appended after the generated ones (so they are the newest); a function gets the created subscription's id. */
  extra?: ExchangeWrite[] | ((subscriptionId: string | null) => ExchangeWrite[]);
  /** Appends in flight at once; the store's group writer commits them together. */
  batch?: number;
  /** Creates this subscription first and gives its id to every generated delivery. */
  subscription?: { name: string; url: string };
}

export interface SeedResult {
  subscriptionId: string | null;
  rows: number;
  ms: number;
}

const words = 'alpha bravo charlie delta echo foxtrot golf hotel india juliet kilo lima'.split(' ');
const eventTypes = [
  'invoice.paid',
  'invoice.failed',
  'customer.created',
  'customer.updated',
  'order.created',
  'order.refunded',
  'user.created',
  'user.deleted',
];
const inboxes = ['inbox_a', 'inbox_b'];

/** Deterministic PRNG: every run seeds the same log. */
function prng(seed: number) {
  return () => ((seed = (Math.imul(seed ^ (seed >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) | 0) >>> 0) / 2 ** 32;
}

/**
 * One generated exchange: 3/4 deliveries, 1/4 captures, every outcome final
 * (pending or retrying rows would be picked up and sent by the engine at start).
 * Each body carries `user<i>@example.com`, so a search can find one row.
 */
export function seedRecord(i: number, timeMs: number, rand: () => number, subscriptionId: string): ExchangeWrite[] {
  const at = new Date(timeMs).toISOString();
  const type = eventTypes[Math.floor(rand() * eventTypes.length)]!;
  const body = JSON.stringify({
    id: `evt_${i}`,
    type,
    created: Math.floor(timeMs / 1000),
    data: {
      customer: { email: `user${i}@example.com`, name: `${words[i % words.length]} ${words[(i * 7) % words.length]}` },
      amount: 1000 + (i % 9000),
    },
  });
  const headers: HeaderList = [
    ['content-type', 'application/json'],
    ['user-agent', 'Hookbench-seed'],
    ['webhook-id', `msg_${i}`],
  ];
  const r = rand();
  if (r < 0.25) {
    const outcome: Outcome = r < 0.22 ? 'succeeded' : r < 0.24 ? 'failed' : 'rejected';
    return [
      {
        type: 'capture',
        capture: {
          id: `cap_${i}`,
          inboxId: inboxes[i % 2]!,
          receivedAt: at,
          method: 'POST',
          path: `/in/${inboxes[i % 2]}`,
          query: '',
          headers,
          body,
          remoteAddress: '127.0.0.1',
          eventType: type,
          eventId: `evt_${i}`,
          outcome,
          verification: null,
          response: { status: outcome === 'rejected' ? 413 : 200 },
          forward: null,
          rejectedReason: outcome === 'rejected' ? '413 body too large' : null,
          durationMs: 1 + (i % 7),
        },
      },
    ];
  }
  const o = rand();
  const [outcome, status]: [DeliveryOutcome, number | null] =
    o < 0.85 ? ['succeeded', 200] : o < 0.97 ? ['failed', [500, 502, 404, null][i % 4]!] : ['cancelled', 503];
  const url = `https://example.test/hooks/${type.split('.')[0]}`;
  const id = `dlv_${i}`;
  return [
    {
      type: 'delivery',
      delivery: {
        id,
        createdAt: at,
        eventType: type,
        eventId: `evt_${i}`,
        subscriptionId,
        profile: 'standard-webhooks',
        targetUrl: url,
        request: { method: 'POST', url, headers, body },
      },
    },
    {
      type: 'attempt',
      attempt: {
        deliveryId: id,
        n: 1,
        startedAt: at,
        request: { headers, body },
        response: status
          ? { status, headers: [['content-type', 'text/plain']], body: status < 300 ? 'ok' : 'upstream error' }
          : null,
        timings: { connectMs: 1, firstByteMs: 8 + (i % 40), totalMs: 10 + (i % 60) },
        error: status ? null : 'connect ECONNREFUSED 127.0.0.1:9',
      },
      update: { outcome, lastStatus: status, durationMs: 10 + (i % 60), nextAttemptAt: null },
    },
  ];
}

/**
 * Fills a data dir's exchange store through the core's own store (group-committed
 * appends), before headless mode starts on it.
 */
export async function seedLog(dataDir: string, opts: SeedOptions): Promise<SeedResult> {
  const started = performance.now();
  const core = createCore({ dataDir, receiverPort: 0 });
  await core.start();
  try {
    let subscriptionId: string | null = null;
    if (opts.subscription) {
      const created = await core.api.createSubscription({ name: opts.subscription.name, url: opts.subscription.url });
      if (!created.ok) throw new Error(`seed: createSubscription failed: ${created.error.message}`);
      subscriptionId = created.value.subscription.id;
    }
    const exchanges = core.storage()!.exchanges;
    const nowMs = opts.nowMs ?? Date.now();
    const span = opts.spanMs ?? 7 * 86_400_000;
    const rand = prng(7);
    const batch = opts.batch ?? 5000;
    for (let i = 0; i < opts.rows; i += batch) {
      const writes: Promise<void>[] = [];
      for (let k = i; k < Math.min(opts.rows, i + batch); k++) {
        const timeMs = nowMs - 1000 - Math.floor(((opts.rows - 1 - k) * span) / opts.rows);
        for (const w of seedRecord(k, timeMs, rand, subscriptionId ?? 'sub_seed')) writes.push(exchanges.append(w));
      }
      await Promise.all(writes);
    }
    const extra = typeof opts.extra === 'function' ? opts.extra(subscriptionId) : (opts.extra ?? []);
    for (const w of extra) await exchanges.append(w);
    return {
      subscriptionId,
      rows: opts.rows + extra.filter((w) => w.type === 'delivery' || w.type === 'capture').length,
      ms: performance.now() - started,
    };
  } finally {
    await core.stop();
  }
}

/**
 * The fast path for a million rows: the store's own row writer (ExchangeRows,
 * which also maintains FTS and the facet rollup) in 20k-row transactions on
 * the data dir's exchanges.db, as the storage bench seeds. The core opens the
 * result like any log it wrote itself.
 */
export function seedLogBulk(dataDir: string, opts: { rows: number; nowMs?: number; spanMs?: number }): SeedResult {
  const started = performance.now();
  mkdirSync(dataDir, { recursive: true });
  const { db } = openExchangeDb(join(dataDir, EXCHANGE_DB_FILE));
  try {
    const log = new ExchangeRows(db, 256 * 1024);
    const nowMs = opts.nowMs ?? Date.now();
    const span = opts.spanMs ?? 30 * 86_400_000;
    const rand = prng(7);
    for (let i = 0; i < opts.rows; i += 20_000) {
      log.writeBatch(
        (function* () {
          for (let k = i; k < Math.min(opts.rows, i + 20_000); k++) {
            const timeMs = nowMs - 1000 - Math.floor(((opts.rows - 1 - k) * span) / opts.rows);
            yield* seedRecord(k, timeMs, rand, 'sub_seed');
          }
        })(),
      );
    }
    db.exec('PRAGMA optimize');
  } finally {
    db.close();
  }
  return { subscriptionId: null, rows: opts.rows, ms: performance.now() - started };
}
