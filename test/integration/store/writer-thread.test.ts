import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Logger } from '../../../electron/core/log';
import { GroupWriter } from '../../../electron/core/store/traffic/group-writer';
import { openTrafficDb } from '../../../electron/core/store/traffic/schema';
import { TrafficLog, type TrafficWrite } from '../../../electron/core/store/traffic/traffic-log';
import { TrafficStore } from '../../../electron/core/store/traffic/traffic-store';
import { WriterThread } from '../../../electron/core/store/traffic/writer-thread';
import { makeDelivery } from '../../support/traffic-records';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hookbench-writer-thread-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function recordingLogger(): Logger & { warnings: string[] } {
  const warnings: string[] = [];
  return { warnings, debug() {}, info() {}, error() {}, warn: (msg: string, detail?: unknown) => void warnings.push(`${msg} ${String(detail ?? '')}`) } as Logger & { warnings: string[] };
}

describe('the traffic log writer thread', () => {
  it('commits on a worker thread, and a synchronous flush waits for it so the next read sees the rows', async () => {
    const store = new TrafficStore({ path: join(dir, 'traffic.db'), retentionIntervalMs: 0 });
    try {
      expect(store.writerMode).toBe('idle');
      const appended = Array.from({ length: 40 }, (_, i) => store.appendDelivery(makeDelivery(i, { outcome: 'pending', nextAttemptAt: new Date().toISOString() })));
      expect(store.writerMode).toBe('thread');
      // Not awaited: deliveries() flushes synchronously, as the engine's reads rely on.
      expect(store.deliveries().resumable()).toHaveLength(40);
      await Promise.all(appended);
      expect(store.query({}, { limit: 100 }).items).toHaveLength(40);
    } finally {
      await store.close();
    }
  });

  it('rejects only the record the thread could not store, with its error', async () => {
    const store = new TrafficStore({ path: join(dir, 'traffic.db'), retentionIntervalMs: 0 });
    try {
      const results = await Promise.allSettled([
        store.appendDelivery(makeDelivery(1)),
        store.updateDelivery('no-such-delivery', { outcome: 'failed' }),
        store.appendDelivery(makeDelivery(2)),
      ]);
      expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
      const reason = (results[1] as PromiseRejectedResult).reason as Error;
      expect(reason.name).toBe('UnknownDeliveryError');
      expect(reason.message).toContain('no-such-delivery');
      expect(store.writerMode).toBe('thread');
    } finally {
      await store.close();
    }
  });

  it('falls back to committing on the main thread when its module cannot load, losing nothing queued meanwhile', async () => {
    const path = join(dir, 'traffic.db');
    const { db } = openTrafficDb(path);
    const log = new TrafficLog(db, 1024);
    const logger = recordingLogger();
    const writer = new WriterThread({
      path, durability: 'normal', bodyCap: 1024, log: logger,
      entry: { url: new URL('./no-such-writer.js', import.meta.url).href },
      inThread: () => new GroupWriter<TrafficWrite>({ commit: (w) => log.writeBatch(w), log: logger }),
    });
    try {
      // Appended before the failure is known: they wait for the thread, then commit here.
      await Promise.all(Array.from({ length: 25 }, (_, i) => writer.append({ type: 'delivery', delivery: makeDelivery(i) })));
      expect(writer.threaded).toBe(false);
      expect(logger.warnings.join('\n')).toMatch(/writer thread unavailable; writing on the main thread/);
      await writer.append({ type: 'delivery', delivery: makeDelivery(99) });
      expect(db.prepare('SELECT count(*) FROM exchange').raw().get()).toEqual([26]);
    } finally {
      await writer.close();
      db.close();
    }
  });

  it('writes on the main thread when asked to, with the same results', async () => {
    const store = new TrafficStore({ path: join(dir, 'traffic.db'), retentionIntervalMs: 0, writerThread: false });
    try {
      await Promise.all([1, 2, 3].map((i) => store.appendDelivery(makeDelivery(i))));
      expect(store.writerMode).toBe('main');
      expect(store.query({}).items.map((i) => i.id)).toEqual(['dlv_3', 'dlv_2', 'dlv_1']);
    } finally {
      await store.close();
    }
  });
});
