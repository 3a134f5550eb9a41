import { describe, expect, it } from 'vitest';
import { AuditLog } from '../../../../electron/core/accounts/audit';
import {
  AUDIT_RETENTION_ACTION,
  AUDIT_RETENTION_BATCH,
  AuditRetention,
} from '../../../../electron/core/accounts/audit-retention';
import { silentLogger } from '../../../../electron/core/log';
import type { AccountsStore, NewAuditEntry } from '../../../../electron/core/store/accounts/accounts-store';
import type { Storage } from '../../../../electron/core/store/port';
import { adapters, teamAdapters, useNodes } from '../../../support/storage-adapters';

const DAY = 86_400_000;
const NOW = Date.parse('2026-06-01T12:00:00Z');

const entry = (at: number, n: number): NewAuditEntry => ({
  at,
  actor: { kind: 'user', userId: 'usr_1', label: 'ada@example.org', role: 'admin' },
  door: 'rest',
  action: 'emit',
  summary: { n },
  outcome: 'ok',
});

/** `count` entries, `ageDays` old, in batches as the audit log writes them. */
async function seed(store: AccountsStore, count: number, ageDays: number, from = 0): Promise<void> {
  const rows = Array.from({ length: count }, (_, i) => entry(NOW - ageDays * DAY + (i % 1000), from + i));
  for (let i = 0; i < rows.length; i += 5000) await store.appendAudit(rows.slice(i, i + 5000));
}

async function allEntries(store: AccountsStore) {
  const out = [];
  let cursor: string | null = null;
  do {
    const page = await store.queryAudit({ limit: 200, cursor });
    out.push(...page.entries);
    cursor = page.nextCursor;
  } while (cursor);
  return out;
}

/** The retention of one node, as the core wires it, without a timer: the test runs the passes. */
function retentionOf(node: Storage, now = () => NOW) {
  const audit = new AuditLog(() => node.accounts, now, silentLogger);
  const retention = new AuditRetention({
    store: node.accounts,
    preferences: node.settings.preferences,
    audit,
    clock: { now },
    log: silentLogger,
    intervalMs: 0,
  });
  return { audit, retention };
}

describe.each(adapters)('audit retention contract: %s', (_name, make) => {
  const ctx = useNodes(make, { node: {} });

  it('deletes the oldest entries before a time, at most a batch per call, and nothing at or after it', async () => {
    const store = ctx.node.accounts;
    await store.appendAudit([entry(100, 0), entry(300, 1), entry(200, 2), entry(400, 3), entry(500, 4)]);
    expect(await store.deleteAuditBefore(400, 2)).toBe(2);
    expect((await allEntries(store)).map((e) => e.summary.n)).toEqual([4, 3, 1]); // 100 and 200 went first
    expect(await store.deleteAuditBefore(400, 2)).toBe(1);
    expect(await store.deleteAuditBefore(400, 2)).toBe(0);
    expect((await allEntries(store)).map((e) => e.summary.n)).toEqual([4, 3]);
  });

  it('keeps 90 days by default, and the setting a node saves across a restart', async () => {
    expect(retentionOf(ctx.node).retention.get()).toEqual({ maxAgeDays: 90 });
    expect(await retentionOf(ctx.node).retention.set(30)).toEqual({ maxAgeDays: 30 });
    await ctx.node.close();
    ctx.node = await ctx.harness.open();
    expect(retentionOf(ctx.node).retention.get()).toEqual({ maxAgeDays: 30 });
    expect(ctx.node.settings.preferences.get().retention).toEqual({ maxAgeDays: 90, maxRows: 1_000_000 });
  });

  it('removes the entries older than the days kept, in batches, and records the removal as one entry', async () => {
    const old = 2 * AUDIT_RETENTION_BATCH + 500;
    await seed(ctx.node.accounts, old, 31);
    await seed(ctx.node.accounts, 40, 29, old);
    const { audit, retention } = retentionOf(ctx.node);
    await retention.set(30);
    const calls: number[] = [];
    const deleteAuditBefore = ctx.node.accounts.deleteAuditBefore.bind(ctx.node.accounts);
    ctx.node.accounts.deleteAuditBefore = async (before, limit) => {
      const n = await deleteAuditBefore(before, limit);
      calls.push(n);
      return n;
    };

    expect(await retention.runNow()).toBe(old);
    await audit.flush();
    expect(calls).toEqual([AUDIT_RETENTION_BATCH, AUDIT_RETENTION_BATCH, 500]);
    const left = await allEntries(ctx.node.accounts);
    expect(left).toHaveLength(41);
    expect(left[0]).toMatchObject({
      action: AUDIT_RETENTION_ACTION,
      actor: { kind: 'system', label: 'Hookbench', role: null, userId: null },
      door: 'system',
      summary: { maxAgeDays: 30, removed: old },
      outcome: 'ok',
      at: new Date(NOW).toISOString(),
    });
    expect(left.slice(1).every((e) => e.action === 'emit' && Date.parse(e.at) >= NOW - 30 * DAY)).toBe(true);

    // nothing older is left: the next pass removes nothing and records nothing
    expect(await retention.runNow()).toBe(0);
    await audit.flush();
    expect(await allEntries(ctx.node.accounts)).toHaveLength(41);
  });

  it('keeps every entry when the days are 0', async () => {
    await seed(ctx.node.accounts, 50, 4000);
    const { audit, retention } = retentionOf(ctx.node);
    await retention.set(0);
    expect(await retention.runNow()).toBe(0);
    await audit.flush();
    expect(await allEntries(ctx.node.accounts)).toHaveLength(50);
  });
});

/** Several nodes on one database: PostgreSQL only (SQLite is one process per data dir, enforced by its lock). */
describe.each(teamAdapters)('audit retention, two nodes: %s', (_name, make) => {
  const ctx = useNodes(make, { a: { nodeId: 'node-a' }, b: { nodeId: 'node-b' } });

  it('lets one node at a time remove old entries: the other finds the lock taken and does nothing', async () => {
    let release!: () => void;
    const held = ctx.a.accounts.withAuditRetentionLock(() => new Promise<string>((r) => (release = () => r('a'))));
    await expect.poll(() => typeof release).toBe('function');
    await new Promise((r) => setTimeout(r, 50)); // node A's lock statement has answered
    expect(await ctx.b.accounts.withAuditRetentionLock(async () => 'b')).toBeNull();
    release();
    expect(await held).toBe('a');
    expect(await ctx.b.accounts.withAuditRetentionLock(async () => 'b')).toBe('b');
  });

  it('removes old entries once and records it once when both nodes run a pass at the same time', async () => {
    await seed(ctx.a.accounts, 3 * AUDIT_RETENTION_BATCH, 100);
    const ra = retentionOf(ctx.a);
    const rb = retentionOf(ctx.b);
    await ra.retention.set(30);
    // the setting reaches the other node through the shared settings
    await expect.poll(() => rb.retention.get().maxAgeDays, { timeout: 5000 }).toBe(30);
    const removed = await Promise.all([ra.retention.runNow(), rb.retention.runNow()]);
    await Promise.all([ra.audit.flush(), rb.audit.flush()]);
    expect(removed.reduce((x, y) => x + y, 0)).toBe(3 * AUDIT_RETENTION_BATCH);
    const left = await allEntries(ctx.b.accounts);
    expect(left).toEqual([
      expect.objectContaining({ action: AUDIT_RETENTION_ACTION, summary: { maxAgeDays: 30, removed: 3000 } }),
    ]);
  });
});
