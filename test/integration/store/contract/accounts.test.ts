import { beforeEach, describe, expect, it } from 'vitest';
import {
  DuplicateEmailError,
  LastAdminError,
  type AccountsStore,
  type NewAuditEntry,
  type UserRecord,
} from '../../../../electron/core/store/accounts/accounts-store';
import { adapters, teamAdapters, useNodes } from '../../../support/storage-adapters';

const user = (n: number, over: Partial<UserRecord> = {}): UserRecord => ({
  id: `usr_${n}`,
  email: `person${n}@example.org`,
  name: `Person ${n}`,
  role: 'viewer',
  disabled: false,
  passwordHash: 'scrypt$ln=1,r=1,p=1$c2FsdA$aGFzaA',
  createdAt: 1_000 + n,
  updatedAt: 1_000 + n,
  lastSignInAt: null,
  ...over,
});

describe.each(adapters)('accounts contract: %s', (_name, make) => {
  const ctx = useNodes(make, { node: {} });
  let store: AccountsStore;
  beforeEach(() => {
    store = ctx.node.accounts;
  });

  it('keeps users by id and by email, whatever the case typed; emails are unique', async () => {
    expect(await store.countUsers()).toBe(0);
    await store.insertUser(user(1, { role: 'admin' }));
    await store.insertUser(user(2));
    expect(await store.countUsers()).toBe(2);
    expect((await store.userById('usr_1'))?.email).toBe('person1@example.org');
    expect((await store.userByEmail(' Person2@Example.org '))?.id).toBe('usr_2');
    expect(await store.userByEmail('nobody@example.org')).toBeNull();
    await expect(store.insertUser(user(3, { email: 'person1@example.org' }))).rejects.toBeInstanceOf(
      DuplicateEmailError,
    );
    expect((await store.listUsers()).map((u) => u.id)).toEqual(['usr_1', 'usr_2']);
  });

  it('updates a user and never lets the last enabled admin go', async () => {
    await store.insertUser(user(1, { role: 'admin' }));
    await store.insertUser(user(2, { role: 'editor' }));
    const renamed = await store.updateUser('usr_2', { name: 'Grace', role: 'admin', updatedAt: 5_000 });
    expect(renamed).toMatchObject({ name: 'Grace', role: 'admin', updatedAt: 5_000 });
    await store.updateUser('usr_1', { disabled: true, updatedAt: 5_001 });
    await expect(store.updateUser('usr_2', { role: 'viewer', updatedAt: 5_002 })).rejects.toBeInstanceOf(
      LastAdminError,
    );
    await expect(store.updateUser('usr_2', { disabled: true, updatedAt: 5_002 })).rejects.toBeInstanceOf(
      LastAdminError,
    );
    // nothing of a refused change is kept
    expect(await store.userById('usr_2')).toMatchObject({ role: 'admin', disabled: false, updatedAt: 5_000 });
    expect(await store.updateUser('usr_9', { name: 'x', updatedAt: 1 })).toBeNull();
  });

  it('links single sign-on identities to users by provider and subject', async () => {
    await store.insertUser(user(1, { passwordHash: null }));
    await store.linkIdentity({ provider: 'https://idp.example.org', subject: 'abc', userId: 'usr_1', createdAt: 9 });
    expect((await store.userByIdentity('https://idp.example.org', 'abc'))?.id).toBe('usr_1');
    expect(await store.userByIdentity('https://idp.example.org', 'other')).toBeNull();
    await expect(
      store.linkIdentity({ provider: 'https://idp.example.org', subject: 'abc', userId: 'usr_1', createdAt: 10 }),
    ).rejects.toThrow();
    expect(await store.listIdentities()).toEqual([
      { provider: 'https://idp.example.org', subject: 'abc', userId: 'usr_1', createdAt: 9 },
    ]);
  });

  it('keeps sessions until deleted, per user, and prunes expired ones', async () => {
    await store.insertUser(user(1));
    await store.insertUser(user(2));
    const session = (id: string, userId: string, expiresAt: number) => ({
      idHash: id,
      userId,
      csrfHash: `csrf-${id}`,
      createdAt: 100,
      lastSeenAt: 100,
      expiresAt,
      address: '10.0.0.1',
      userAgent: 'test',
    });
    await store.insertSession(session('a', 'usr_1', 1_000));
    await store.insertSession(session('b', 'usr_1', 2_000));
    await store.insertSession(session('c', 'usr_2', 2_000));
    expect(await store.session('a')).toEqual(session('a', 'usr_1', 1_000));
    expect(await store.sessionWithUser('a')).toEqual({ session: session('a', 'usr_1', 1_000), user: user(1) });
    expect(await store.sessionWithUser('zz')).toBeNull();
    await store.touchSession('a', 500, 1_500);
    expect(await store.session('a')).toMatchObject({ lastSeenAt: 500, expiresAt: 1_500 });
    expect(await store.countUserSessions('usr_1', 0)).toBe(2);
    expect(await store.deleteUserSessions('usr_1', 'b')).toBe(1);
    expect(await store.session('a')).toBeNull();
    expect(await store.session('b')).not.toBeNull();
    await store.prune(2_000, 0);
    expect(await store.session('b')).toBeNull();
    expect(await store.deleteSession('c')).toBe(false);
  });

  it('pages the audit log newest first and filters it by actor, action, outcome and time', async () => {
    const entry = (i: number): NewAuditEntry => ({
      at: 10_000 + i,
      actor: {
        kind: 'user',
        userId: `usr_${i % 2}`,
        label: i % 2 ? 'Ada@Example.org' : 'grace@example.org',
        role: 'editor',
      },
      door: 'rpc',
      action: i < 5 ? 'replay' : 'createApiKey',
      summary: { id: `dlv_${i}`, count: i },
      outcome: i === 3 ? 'forbidden' : 'ok',
    });
    // one at a time, then several in one write: the order they were given is the log's order
    await store.appendAudit([entry(0)]);
    await store.appendAudit([entry(1), entry(2), entry(3), entry(4), entry(5)]);
    await store.appendAudit([]);
    await store.appendAudit([entry(6)]);
    const first = await store.queryAudit({ limit: 3 });
    expect(first.entries.map((e) => e.summary.id)).toEqual(['dlv_6', 'dlv_5', 'dlv_4']);
    expect(first.entries[0]).toMatchObject({
      at: new Date(10_006).toISOString(),
      door: 'rpc',
      actor: { label: 'grace@example.org', role: 'editor' },
    });
    const second = await store.queryAudit({ limit: 3, cursor: first.nextCursor });
    const third = await store.queryAudit({ limit: 3, cursor: second.nextCursor });
    expect([...second.entries, ...third.entries].map((e) => e.summary.count)).toEqual([3, 2, 1, 0]);
    expect(third.nextCursor).toBeNull();
    expect((await store.queryAudit({ limit: 50, actor: 'ADA@' })).entries.map((e) => e.summary.count)).toEqual([
      5, 3, 1,
    ]);
    expect((await store.queryAudit({ limit: 50, actor: '%' })).entries).toEqual([]);
    expect((await store.queryAudit({ limit: 50, action: 'createApiKey' })).entries).toHaveLength(2);
    expect((await store.queryAudit({ limit: 50, outcome: 'refused' })).entries.map((e) => e.outcome)).toEqual([
      'forbidden',
    ]);
    expect(
      (await store.queryAudit({ limit: 50, from: 10_002, to: 10_004 })).entries.map((e) => e.summary.count),
    ).toEqual([3, 2]);
  });

  it('counts sign-in failures per key within a window and blocks as told', async () => {
    const block = (n: number) => (n >= 3 ? 1_000 * n : 0);
    expect((await store.recordFailure('account:a', 100, 500, block)).failures).toBe(1);
    expect((await store.recordFailure('account:a', 200, 500, block)).failures).toBe(2);
    expect(await store.recordFailure('account:a', 300, 500, block)).toEqual({
      key: 'account:a',
      failures: 3,
      lastFailureAt: 300,
      blockedUntil: 3_300,
    });
    // a failure long after the last one starts a new count
    expect((await store.recordFailure('account:a', 2_000, 500, block)).failures).toBe(1);
    await store.recordFailure('address:10.0.0.1', 2_000, 500, block);
    expect((await store.throttles(['account:a', 'address:10.0.0.1', 'account:zz'])).map((t) => t.key).sort()).toEqual([
      'account:a',
      'address:10.0.0.1',
    ]);
    await store.clearFailures('account:a');
    expect(await store.throttles(['account:a'])).toEqual([]);
    await store.prune(10_000, 5_000);
    expect(await store.throttles(['address:10.0.0.1'])).toEqual([]);
  });

  it('counts failures from concurrent callers without losing any', async () => {
    await Promise.all(Array.from({ length: 20 }, () => store.recordFailure('account:b', 100, 10_000, () => 0)));
    expect((await store.throttles(['account:b']))[0]?.failures).toBe(20);
  });
});

describe.each(adapters)('accounts contract, across a restart: %s', (_name, make) => {
  const ctx = useNodes(make, {});

  it('keeps users, sessions, the audit log and sign-in failures when the store is opened again', async () => {
    const first = await ctx.harness.open();
    await first.accounts.insertUser(user(1, { role: 'admin' }));
    await first.accounts.insertSession({
      idHash: 's1',
      userId: 'usr_1',
      csrfHash: 'c1',
      createdAt: 1,
      lastSeenAt: 1,
      expiresAt: 9_999_999_999_999,
      address: null,
      userAgent: null,
    });
    await first.accounts.appendAudit([
      {
        at: 5,
        actor: { kind: 'cli', userId: null, label: 'CLI (ops@host)', role: 'admin' },
        door: 'cli',
        action: 'createUser',
        summary: { email: 'person1@example.org', role: 'admin' },
        outcome: 'ok',
      },
    ]);
    await first.accounts.recordFailure('address:10.0.0.9', 7, 1_000, () => 0);
    await first.close();

    const second = await ctx.harness.open();
    try {
      expect(await second.accounts.userByEmail('person1@example.org')).toEqual(user(1, { role: 'admin' }));
      expect((await second.accounts.sessionWithUser('s1'))?.user.id).toBe('usr_1');
      const audit = await second.accounts.queryAudit({ limit: 10 });
      expect(audit.entries).toEqual([
        expect.objectContaining({ action: 'createUser', summary: { email: 'person1@example.org', role: 'admin' } }),
      ]);
      expect((await second.accounts.throttles(['address:10.0.0.9']))[0]?.failures).toBe(1);
    } finally {
      await second.close();
    }
  });
});

/** Several nodes on one database: PostgreSQL only (SQLite is one process per data dir, enforced by its lock). */
describe.each(teamAdapters)('accounts contract, two nodes: %s', (_name, make) => {
  const ctx = useNodes(make, { a: { nodeId: 'node-a' }, b: { nodeId: 'node-b' } });

  it('counts the failures both nodes record against one key, none lost', async () => {
    const block = (n: number) => (n >= 30 ? 60_000 : 0);
    const tries = Array.from({ length: 40 }, (_, i) =>
      (i % 2 ? ctx.a : ctx.b).accounts.recordFailure('account:ada@example.org', 1_000 + i, 60_000, block),
    );
    const records = await Promise.all(tries);
    expect(records.map((r) => r.failures).sort((x, y) => x - y)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    for (const node of [ctx.a, ctx.b]) {
      const [t] = await node.accounts.throttles(['account:ada@example.org']);
      expect(t?.failures).toBe(40);
      expect(t?.blockedUntil).toBeGreaterThan(60_000);
    }
  });

  it('lets only one of two nodes take away one of the last two admins at once', async () => {
    await ctx.a.accounts.insertUser(user(1, { role: 'admin' }));
    await ctx.a.accounts.insertUser(user(2, { role: 'admin' }));
    for (let round = 0; round < 5; round++) {
      const outcomes = await Promise.allSettled([
        ctx.a.accounts.updateUser('usr_1', { disabled: true, updatedAt: 2_000 + round }),
        ctx.b.accounts.updateUser('usr_2', { role: 'viewer', updatedAt: 2_000 + round }),
      ]);
      const refused = outcomes.filter((o) => o.status === 'rejected');
      expect(refused).toHaveLength(1);
      expect((refused[0] as PromiseRejectedResult).reason).toBeInstanceOf(LastAdminError);
      const admins = (await ctx.b.accounts.listUsers()).filter((u) => u.role === 'admin' && !u.disabled);
      expect(admins).toHaveLength(1);
      // back to two admins for the next round
      await ctx.a.accounts.updateUser('usr_1', { disabled: false, role: 'admin', updatedAt: 3_000 });
      await ctx.a.accounts.updateUser('usr_2', { disabled: false, role: 'admin', updatedAt: 3_000 });
    }
  });

  it('reads on one node the session and the user another node wrote', async () => {
    await ctx.a.accounts.insertUser(user(1, { role: 'editor' }));
    await ctx.a.accounts.insertSession({
      idHash: 'shared',
      userId: 'usr_1',
      csrfHash: 'c',
      createdAt: 1,
      lastSeenAt: 1,
      expiresAt: 10,
      address: null,
      userAgent: null,
    });
    expect(await ctx.b.accounts.sessionWithUser('shared')).toMatchObject({ user: { role: 'editor' } });
    await ctx.b.accounts.updateUser('usr_1', { disabled: true, updatedAt: 2 });
    expect((await ctx.a.accounts.sessionWithUser('shared'))?.user.disabled).toBe(true);
    expect(await ctx.b.accounts.deleteSession('shared')).toBe(true);
    expect(await ctx.a.accounts.session('shared')).toBeNull();
  });
});
