import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../../../electron/core/log';
import { ExchangeRetention } from '../../../../electron/core/store/exchange-retention';
import type { Storage } from '../../../../electron/core/store/port';
import { makeCapture, makeDelivery } from '../../../support/exchange-records';
import { adapters, teamAdapters, useNodes } from '../../../support/storage-adapters';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 5, 1, 12);
const clock = { now: () => NOW };

/** The setting of one node, as the core wires it, without passes of its own: the test runs them. */
const retentionOf = (node: Storage) =>
  new ExchangeRetention({ exchanges: node.exchanges, settings: node.settings, log: silentLogger, passOnChange: false });

/** `count` rows `ageDays` old (a millisecond apart), ids from `from`; every 4th a capture. */
async function seed(node: Storage, count: number, ageDays: number, from: number): Promise<void> {
  const at = (k: number) => ({ timeMs: NOW - ageDays * DAY + k });
  await Promise.all(
    Array.from({ length: count }, (_, k) =>
      (from + k) % 4
        ? node.exchanges.appendDelivery(makeDelivery(from + k, at(k)))
        : node.exchanges.appendCapture(makeCapture(from + k, at(k))),
    ),
  );
}

const rows = async (node: Storage) => (await node.exchanges.info()).rows.exchanges;

describe.each(adapters)('exchange retention setting contract: %s', (_name, make) => {
  const ctx = useNodes(make, { node: { clock } });

  it('is 90 days and 1,000,000 rows by default; a saved setting survives a restart and the next pass keeps to it', async () => {
    await seed(ctx.node, 30, 4000, 0); // older than any default
    await seed(ctx.node, 20, 45, 100);
    await seed(ctx.node, 10, 5, 200);
    expect(retentionOf(ctx.node).get()).toEqual({ maxAgeDays: 90, maxRows: 1_000_000 });
    expect(await retentionOf(ctx.node).set({ maxAgeDays: 30, maxRows: 0 })).toEqual({ maxAgeDays: 30, maxRows: 0 });

    await ctx.node.close();
    ctx.node = await ctx.harness.open({ clock });
    const retention = retentionOf(ctx.node);
    expect(retention.get()).toEqual({ maxAgeDays: 30, maxRows: 0 });
    expect(ctx.node.settings.preferences.get().retention).toEqual({ maxAgeDays: 30, maxRows: 0 });
    // 0 rows is "no row limit", not "keep none": only what is older than 30 days goes
    expect(await retention.runNow()).toBe(50);
    expect(await rows(ctx.node)).toBe(10);
    expect((await ctx.node.exchanges.query({}, { limit: 50 })).items.map((i) => i.id)).toEqual(
      Array.from({ length: 10 }, (_, k) => `${(209 - k) % 4 ? 'dlv' : 'cap'}_${209 - k}`),
    );
  });

  it('removes the oldest rows beyond the row limit, and nothing for its age when the days are 0', async () => {
    await seed(ctx.node, 30, 4000, 0);
    await seed(ctx.node, 20, 1, 100);
    const retention = retentionOf(ctx.node);
    await retention.set({ maxAgeDays: 0, maxRows: 25 });
    expect(await retention.runNow()).toBe(25);
    const left = (await ctx.node.exchanges.query({}, { limit: 50 })).items.map((i) => i.id);
    expect(left).toHaveLength(25);
    expect(left.slice(-5)).toEqual(['dlv_29', 'cap_28', 'dlv_27', 'dlv_26', 'dlv_25']); // 4000 days old, kept

    await retention.set({ maxAgeDays: 0, maxRows: 0 });
    expect(await retention.runNow()).toBe(0);
    expect(await rows(ctx.node)).toBe(25);
  });
});

/** Several nodes on one database: PostgreSQL only (SQLite is one process per data dir, enforced by its lock). */
describe.each(teamAdapters)('exchange retention setting, two nodes: %s', (_name, make) => {
  const ctx = useNodes(make, { a: { clock, nodeId: 'node-a' }, b: { clock, nodeId: 'node-b' } });

  it("reaches the other node through the shared settings, whose store's next pass keeps to it", async () => {
    await seed(ctx.a, 40, 10, 0);
    await seed(ctx.a, 5, 1, 100);
    const ra = retentionOf(ctx.a);
    const rb = retentionOf(ctx.b);
    await ra.set({ maxAgeDays: 7, maxRows: 0 });
    await expect.poll(() => rb.get(), { timeout: 5000 }).toEqual({ maxAgeDays: 7, maxRows: 0 });
    expect(await rb.runNow()).toBe(40);
    expect(await rows(ctx.a)).toBe(5);
  });
});
