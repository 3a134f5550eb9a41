import type pg from 'pg';
import type { AuditPage } from '../../../../shared/model/account';
import { named, pgText, withPoolClient } from '../postgres/pg-client';
import { LOCKS } from '../postgres/pg-schema';
import {
  auditPage,
  auditWhere,
  mayRemoveAnAdmin,
  nextFailure,
  removesAnAdmin,
  SESSION_WITH_USER,
  toIdentity,
  toSession,
  toSessionWithUser,
  toThrottle,
  toUser,
  userSets,
  type Row,
} from './account-rows';
import {
  DuplicateEmailError,
  LastAdminError,
  type AccountsStore,
  type AuditQuery,
  type IdentityRecord,
  type NewAuditEntry,
  type SessionRecord,
  type ThrottleRecord,
  type UserPatch,
  type UserRecord,
} from './accounts-store';

const isUniqueViolation = (err: unknown) => (err as { code?: string })?.code === '23505';

/**
 * Accounts in the shared PostgreSQL database (schema version 2), on the
 * storage adapter's pool: every node reads the same users and sessions, so a
 * session signed in on one node is good on all, and sign-in failures are
 * counted in the database, so a guesser spreading tries over nodes is blocked
 * on all of them. Changes that read before they write (the last-admin rule,
 * the failure count) run in one transaction holding a row or advisory lock.
 */
export class PgAccountsStore implements AccountsStore {
  readonly backend = 'postgres';

  /** `onClose` runs at close: the CLI's own pool ends there; the storage adapter's pool ends with the storage. */
  constructor(
    private readonly pool: pg.Pool,
    private readonly onClose: () => Promise<void> = async () => undefined,
  ) {}

  private async rows(text: string, values: unknown[] = []): Promise<Row[]> {
    return (await this.pool.query(named(text, values))).rows as Row[];
  }

  private async one(text: string, values: unknown[] = []): Promise<Row | undefined> {
    return (await this.rows(text, values))[0];
  }

  private async run(text: string, values: unknown[] = []): Promise<number> {
    return (await this.pool.query(named(text, values))).rowCount ?? 0;
  }

  private transaction<T>(work: (c: pg.PoolClient) => Promise<T>): Promise<T> {
    return withPoolClient(this.pool, async (c) => {
      await c.query('BEGIN');
      try {
        const value = await work(c);
        await c.query('COMMIT');
        return value;
      } catch (err) {
        await c.query('ROLLBACK').catch(() => undefined);
        throw err;
      }
    });
  }

  async countUsers(): Promise<number> {
    return Number((await this.one('SELECT count(*) AS n FROM account_user'))!.n);
  }

  async insertUser(u: UserRecord): Promise<void> {
    try {
      await this.run(
        `INSERT INTO account_user (id, email, name, role, disabled, password_hash, created_at, updated_at, last_sign_in_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
        [u.id, u.email, pgText(u.name), u.role, u.disabled, u.passwordHash, u.createdAt, u.updatedAt, u.lastSignInAt],
      );
    } catch (err) {
      if (isUniqueViolation(err)) throw new DuplicateEmailError(u.email);
      throw err;
    }
  }

  async userById(id: string): Promise<UserRecord | null> {
    const r = await this.one('SELECT * FROM account_user WHERE id = $1', [id]);
    return r ? toUser(r) : null;
  }

  async userByEmail(email: string): Promise<UserRecord | null> {
    const r = await this.one('SELECT * FROM account_user WHERE email = $1', [pgText(email.trim().toLowerCase())]);
    return r ? toUser(r) : null;
  }

  async listUsers(): Promise<UserRecord[]> {
    return (await this.rows('SELECT * FROM account_user ORDER BY created_at, email')).map(toUser);
  }

  async updateUser(id: string, patch: UserPatch): Promise<UserRecord | null> {
    return this.transaction(async (c) => {
      // Two nodes each disabling one of the last two admins would each still see the other: one waits here.
      if (mayRemoveAnAdmin(patch)) await c.query('SELECT pg_advisory_xact_lock($1)', [LOCKS.lastAdmin]);
      const row = (await c.query(named('SELECT * FROM account_user WHERE id = $1 FOR UPDATE', [id]))).rows[0];
      if (!row) return null;
      const before = toUser(row);
      const { columns, values } = userSets({
        ...patch,
        ...(patch.name !== undefined ? { name: pgText(patch.name) } : {}),
      });
      await c.query(
        named(`UPDATE account_user SET ${columns.map((col, i) => `${col} = $${i + 2}`).join(', ')} WHERE id = $1`, [
          id,
          ...values,
        ]),
      );
      if (removesAnAdmin(before, patch)) {
        const admins = await c.query("SELECT count(*) AS n FROM account_user WHERE role = 'admin' AND NOT disabled");
        if (Number(admins.rows[0].n) === 0) throw new LastAdminError();
      }
      return toUser((await c.query(named('SELECT * FROM account_user WHERE id = $1', [id]))).rows[0]);
    });
  }

  async linkIdentity(i: IdentityRecord): Promise<void> {
    await this.run('INSERT INTO account_identity (provider, subject, user_id, created_at) VALUES ($1, $2, $3, $4)', [
      pgText(i.provider),
      pgText(i.subject),
      i.userId,
      i.createdAt,
    ]);
  }

  async userByIdentity(provider: string, subject: string): Promise<UserRecord | null> {
    const r = await this.one(
      `SELECT u.* FROM account_identity i JOIN account_user u ON u.id = i.user_id
       WHERE i.provider = $1 AND i.subject = $2`,
      [pgText(provider), pgText(subject)],
    );
    return r ? toUser(r) : null;
  }

  async listIdentities(): Promise<IdentityRecord[]> {
    return (await this.rows('SELECT * FROM account_identity ORDER BY created_at')).map(toIdentity);
  }

  async insertSession(s: SessionRecord): Promise<void> {
    await this.run(
      `INSERT INTO account_session (id_hash, user_id, csrf_hash, created_at, last_seen_at, expires_at, address, user_agent)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [s.idHash, s.userId, s.csrfHash, s.createdAt, s.lastSeenAt, s.expiresAt, s.address, pgText(s.userAgent)],
    );
  }

  async session(idHash: string): Promise<SessionRecord | null> {
    const r = await this.one('SELECT * FROM account_session WHERE id_hash = $1', [idHash]);
    return r ? toSession(r) : null;
  }

  async sessionWithUser(idHash: string): Promise<{ session: SessionRecord; user: UserRecord } | null> {
    const r = await this.one(`${SESSION_WITH_USER}$1`, [idHash]);
    return r ? toSessionWithUser(r) : null;
  }

  async touchSession(idHash: string, lastSeenAt: number, expiresAt: number): Promise<void> {
    await this.run('UPDATE account_session SET last_seen_at = $2, expires_at = $3 WHERE id_hash = $1', [
      idHash,
      lastSeenAt,
      expiresAt,
    ]);
  }

  async deleteSession(idHash: string): Promise<boolean> {
    return (await this.run('DELETE FROM account_session WHERE id_hash = $1', [idHash])) > 0;
  }

  async deleteUserSessions(userId: string, keep?: string): Promise<number> {
    return keep
      ? this.run('DELETE FROM account_session WHERE user_id = $1 AND id_hash <> $2', [userId, keep])
      : this.run('DELETE FROM account_session WHERE user_id = $1', [userId]);
  }

  async countUserSessions(userId: string, now: number): Promise<number> {
    const r = await this.one('SELECT count(*) AS n FROM account_session WHERE user_id = $1 AND expires_at > $2', [
      userId,
      now,
    ]);
    return Number(r!.n);
  }

  async prune(now: number, throttleBefore: number): Promise<void> {
    await this.run('DELETE FROM account_session WHERE expires_at <= $1', [now]);
    await this.run('DELETE FROM sign_in_throttle WHERE last_failure_at < $1 AND blocked_until <= $2', [
      throttleBefore,
      now,
    ]);
  }

  async appendAudit(entries: NewAuditEntry[]): Promise<void> {
    if (!entries.length) return;
    const column = <T>(of: (e: NewAuditEntry) => T) => entries.map(of);
    // One statement for any number of entries; WITH ORDINALITY keeps their order in the ids.
    await this.run(
      `INSERT INTO audit_log (at, actor_label, actor, door, action, summary, outcome)
       SELECT at, actor_label, actor, door, action, summary, outcome
       FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[])
         WITH ORDINALITY AS e(at, actor_label, actor, door, action, summary, outcome, n)
       ORDER BY n`,
      [
        column((e) => e.at),
        column((e) => pgText(e.actor.label.toLowerCase())),
        column((e) => pgText(JSON.stringify(e.actor))),
        column((e) => e.door),
        column((e) => e.action),
        column((e) => pgText(JSON.stringify(e.summary))),
        column((e) => e.outcome),
      ],
    );
  }

  async queryAudit(q: AuditQuery): Promise<AuditPage> {
    const values: unknown[] = [];
    const where = auditWhere(q, (v) => (values.push(typeof v === 'string' ? pgText(v) : v), `$${values.length}`));
    values.push(q.limit + 1);
    const rows = await this.rows(`SELECT * FROM audit_log ${where} ORDER BY id DESC LIMIT $${values.length}`, values);
    return auditPage(rows, q.limit);
  }

  async deleteAuditBefore(before: number, limit: number): Promise<number> {
    return this.run('DELETE FROM audit_log WHERE id IN (SELECT id FROM audit_log WHERE at < $1 ORDER BY at LIMIT $2)', [
      before,
      limit,
    ]);
  }

  async withAuditRetentionLock<T>(work: () => Promise<T>): Promise<T | null> {
    // A session lock on a client of its own, held across the batches (each its own statement on the pool).
    return withPoolClient(this.pool, async (c) => {
      const got = await c.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1) AS ok', [LOCKS.auditRetention]);
      if (!got.rows[0]!.ok) return null;
      try {
        return await work();
      } finally {
        await c.query('SELECT pg_advisory_unlock($1)', [LOCKS.auditRetention]);
      }
    });
  }

  async throttles(keys: string[]): Promise<ThrottleRecord[]> {
    if (keys.length === 0) return [];
    return (await this.rows('SELECT * FROM sign_in_throttle WHERE key = ANY($1)', [keys.map(pgText)])).map(toThrottle);
  }

  async recordFailure(
    key: string,
    now: number,
    windowMs: number,
    blockFor: (failures: number) => number,
  ): Promise<ThrottleRecord> {
    const k = pgText(key);
    return this.transaction(async (c) => {
      // The row exists and is locked before it is read: concurrent failures on any node count one after another.
      await c.query(
        named(
          `INSERT INTO sign_in_throttle (key, failures, last_failure_at, blocked_until) VALUES ($1, 0, 0, 0)
           ON CONFLICT (key) DO NOTHING`,
          [k],
        ),
      );
      const row = (await c.query(named('SELECT * FROM sign_in_throttle WHERE key = $1 FOR UPDATE', [k]))).rows[0];
      const before = toThrottle(row);
      const record = nextFailure(before.failures > 0 ? before : null, key, now, windowMs, blockFor);
      await c.query(
        named('UPDATE sign_in_throttle SET failures = $2, last_failure_at = $3, blocked_until = $4 WHERE key = $1', [
          k,
          record.failures,
          record.lastFailureAt,
          record.blockedUntil,
        ]),
      );
      return record;
    });
  }

  async clearFailures(key: string): Promise<void> {
    await this.run('DELETE FROM sign_in_throttle WHERE key = $1', [pgText(key)]);
  }

  async close(): Promise<void> {
    await this.onClose();
  }
}
