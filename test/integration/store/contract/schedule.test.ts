import { describe, expect, it } from 'vitest';
import type { OwedDelivery, Storage } from '../../../../electron/core/store/port';
import { makeDelivery } from '../../../support/exchange-records';
import { adapters, teamAdapters, useNodes } from '../../../support/storage-adapters';

const T0 = Date.UTC(2025, 0, 1);
const LEASE = 30_000;
const iso = (ms: number) => new Date(ms).toISOString();
const ids = (list: OwedDelivery[]) => list.map((d) => d.id);

describe.each(adapters)('delivery schedule contract: %s', (_name, make) => {
  const ctx = useNodes(make, { node: { nodeId: 'node-a' } });

  /** Owed deliveries due at T0 + i s (dlv_1 has no due time: "as soon as possible"), a finished one, a leased one. */
  async function seed() {
    const x = ctx.node.exchanges;
    await Promise.all([
      x.appendDelivery(makeDelivery(1, { outcome: 'pending' })),
      x.appendDelivery(makeDelivery(2, { outcome: 'pending', nextAttemptAt: iso(T0 + 2_000) })),
      x.appendDelivery(
        makeDelivery(3, { outcome: 'pending', nextAttemptAt: iso(T0 + 3_000), subscriptionId: 'sub_b' }),
      ),
      x.appendDelivery(makeDelivery(4, { outcome: 'pending', nextAttemptAt: iso(T0 + 60_000) })),
      x.appendDelivery(makeDelivery(5, { outcome: 'succeeded' })),
      // Written by the node that sends its first attempt: held, so no claim takes it.
      x.appendDelivery(makeDelivery(6, { outcome: 'pending', nextAttemptAt: iso(T0) }), { leaseUntil: T0 + LEASE }),
    ]);
    await x.updateDelivery('dlv_2', { outcome: 'retrying', nextAttemptAt: iso(T0 + 2_000) });
  }

  it('claims owed deliveries due by a time, soonest first, leased so no second claim gets them', async () => {
    await seed();
    const first = await ctx.node.schedule.claim({ now: T0, dueBy: T0 + 5_000, limit: 10, leaseMs: LEASE });
    expect(ids(first)).toEqual(['dlv_1', 'dlv_2', 'dlv_3']);
    expect(first[1]).toEqual({ id: 'dlv_2', subscriptionId: 'sub_a', attempts: 0, nextAttemptAt: T0 + 2_000 });
    expect(await ctx.node.schedule.claim({ now: T0, dueBy: T0 + 5_000, limit: 10, leaseMs: LEASE })).toEqual([]);
    expect(ids(await ctx.node.schedule.claim({ now: T0, dueBy: T0 + 120_000, limit: 10, leaseMs: LEASE }))).toEqual([
      'dlv_4',
    ]);
    // Each lease runs to its due time + the lease: dlv_1 (due now) is free again first, dlv_6 when its writer's lease ends.
    expect(
      ids(await ctx.node.schedule.claim({ now: T0 + LEASE + 1, dueBy: T0 + 120_000, limit: 10, leaseMs: LEASE })),
    ).toEqual(['dlv_1', 'dlv_6']);
    expect(
      ids(await ctx.node.schedule.claim({ now: T0 + LEASE + 3_001, dueBy: T0 + 120_000, limit: 10, leaseMs: LEASE })),
    ).toEqual(['dlv_2', 'dlv_3']);
  });

  it('claims in batches of the given size', async () => {
    await seed();
    const a = await ctx.node.schedule.claim({ now: T0, dueBy: T0 + 120_000, limit: 2, leaseMs: LEASE });
    const b = await ctx.node.schedule.claim({ now: T0, dueBy: T0 + 120_000, limit: 2, leaseMs: LEASE });
    const c = await ctx.node.schedule.claim({ now: T0, dueBy: T0 + 120_000, limit: 2, leaseMs: LEASE });
    expect([ids(a), ids(b), ids(c)]).toEqual([['dlv_1', 'dlv_2'], ['dlv_3', 'dlv_4'], []]);
  });

  it('confirms a held delivery before its retry, and refuses one cancelled, finished or unknown', async () => {
    await seed();
    await ctx.node.schedule.claim({ now: T0, dueBy: T0 + 120_000, limit: 10, leaseMs: LEASE });
    expect(await ctx.node.schedule.confirm('dlv_2', T0 + 90_000)).toBe(true);
    expect(await ctx.node.schedule.confirm('dlv_6', T0 + 90_000)).toBe(true);
    await ctx.node.exchanges.updateDelivery('dlv_3', { outcome: 'cancelled', nextAttemptAt: null });
    expect(await ctx.node.schedule.confirm('dlv_3', T0 + 90_000)).toBe(false);
    expect(await ctx.node.schedule.confirm('dlv_5', T0 + 90_000)).toBe(false);
    expect(await ctx.node.schedule.confirm('nope', T0 + 90_000)).toBe(false);
    // The confirms extended dlv_2's and dlv_6's leases past T0 + 80 s; dlv_4's claim holds it to T0 + 90 s.
    expect(
      ids(await ctx.node.schedule.claim({ now: T0 + 80_000, dueBy: T0 + 120_000, limit: 10, leaseMs: LEASE })),
    ).toEqual(['dlv_1']);
  });

  it('keeps a retry held until its next attempt + the lease when the attempt is written with one', async () => {
    await seed();
    const next = T0 + 10_000;
    await ctx.node.exchanges.appendAttempt(
      {
        deliveryId: 'dlv_6',
        n: 1,
        startedAt: iso(T0),
        request: { headers: [], body: null },
        response: { status: 503, headers: [], body: '' },
        timings: null,
        error: null,
      },
      { outcome: 'retrying', nextAttemptAt: iso(next) },
      { leaseUntil: next + LEASE },
    );
    const claim = (now: number) => ctx.node.schedule.claim({ now, dueBy: now + 1_000, limit: 10, leaseMs: LEASE });
    expect(ids(await claim(T0 + LEASE + 1))).not.toContain('dlv_6');
    expect(ids(await claim(next + LEASE + 1))).toContain('dlv_6');
  });

  it('releases its leases on stop, and lists a subscription’s owed deliveries', async () => {
    await seed();
    expect(await ctx.node.schedule.claim({ now: T0, dueBy: T0 + 120_000, limit: 10, leaseMs: LEASE })).toHaveLength(4);
    expect(await ctx.node.schedule.releaseAll()).toBe(5);
    expect(
      ids(await ctx.node.schedule.claim({ now: T0, dueBy: T0 + 120_000, limit: 10, leaseMs: LEASE })),
    ).toHaveLength(5);
    expect((await ctx.node.schedule.pendingFor('sub_a')).sort()).toEqual(['dlv_1', 'dlv_2', 'dlv_4', 'dlv_6']);
    expect(await ctx.node.schedule.pendingFor('sub_b')).toEqual(['dlv_3']);
  });

  it('after a restart, hands over what the previous run held only once its leases are released or expired', async () => {
    await seed();
    await ctx.node.schedule.claim({ now: T0, dueBy: T0 + 120_000, limit: 10, leaseMs: LEASE });
    await ctx.node.close();
    ctx.node = await ctx.harness.open({ nodeId: 'node-a2' });
    const claimed = ids(await ctx.node.schedule.claim({ now: T0 + 1, dueBy: T0 + 120_000, limit: 10, leaseMs: LEASE }));
    // One process per data dir: SQLite releases the last run's leases at open. Shared: another node's are respected.
    if (ctx.harness.name === 'sqlite') expect(claimed).toEqual(['dlv_1', 'dlv_6', 'dlv_2', 'dlv_3', 'dlv_4']);
    else expect(claimed).toEqual([]);
  });
});

/** Several nodes on one database: PostgreSQL only (SQLite is one process per data dir, enforced by its lock). */
describe.each(teamAdapters)('delivery schedule, two nodes: %s', (_name, make) => {
  const ctx = useNodes(make, { node: { nodeId: 'node-a' }, other: { nodeId: 'node-b' } });

  it('never hands one delivery to both, and takes over an expired lease', async () => {
    const n = 300;
    for (let i = 0; i < n; i += 100)
      await Promise.all(
        Array.from({ length: 100 }, (_, k) =>
          ctx.node.exchanges.appendDelivery(
            makeDelivery(i + k, { outcome: 'pending', nextAttemptAt: iso(T0 + i + k) }),
          ),
        ),
      );
    const drain = async (s: Storage) => {
      const got: string[] = [];
      for (;;) {
        const batch = await s.schedule.claim({ now: T0, dueBy: T0 + n, limit: 32, leaseMs: LEASE });
        if (!batch.length) return got;
        got.push(...ids(batch));
      }
    };
    // Two claim loops per node, all at once.
    const lists = await Promise.all([drain(ctx.node), drain(ctx.other), drain(ctx.node), drain(ctx.other)]);
    const a = [...lists[0]!, ...lists[2]!];
    const b = [...lists[1]!, ...lists[3]!];
    expect(new Set([...a, ...b]).size).toBe(n);
    expect(a.length + b.length).toBe(n);
    expect(a.length).toBeGreaterThan(0);
    expect(b.length).toBeGreaterThan(0);

    // node A stops answering: its leases expire and B takes the work; A's late confirm is refused.
    const held = a[0]!;
    expect(await ctx.other.schedule.confirm(held, T0 + 999_999)).toBe(false);
    const later = T0 + n + LEASE + 1;
    const takeover = ids(await ctx.other.schedule.claim({ now: later, dueBy: later, limit: 1000, leaseMs: LEASE }));
    expect(takeover).toContain(held);
    expect(await ctx.node.schedule.confirm(held, later + LEASE)).toBe(false);
    expect(await ctx.other.schedule.confirm(held, later + LEASE)).toBe(true);
  });
});
