import { chmodSync, closeSync, existsSync, openSync } from 'node:fs';
import { openSqlite, scalar, type Db, type Statement } from '../exchange/schema';
import type { AuditPage } from '../../../../shared/model/account';
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
import {
  auditPage,
  auditWhere,
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
import { ACCOUNTS_MIGRATIONS, ACCOUNTS_SCHEMA_VERSION } from './sqlite-accounts-schema';

/** accounts.db cannot be used: the message names the file and what to do. Never moved aside (see openSqliteAccounts). */
export class AccountsFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AccountsFileError';
  }
}

const isUniqueViolation = (err: unknown) => /UNIQUE constraint failed/.test(String((err as Error)?.message));

/**
 * Accounts on SQLite, in their own file beside the exchange store: the CLI
 * (`hookbench users …`) opens it while `serve` runs (SQLite's own locking;
 * WAL), and an exchange store moved aside never takes the accounts with it.
 * node:sqlite is synchronous; every statement here is a keyed read or a one-row write.
 */
export class SqliteAccountsStore implements AccountsStore {
  readonly backend = 'sqlite';
  private readonly db: Db;
  private readonly statements = new Map<string, Statement>();

  private constructor(db: Db) {
    this.db = db;
  }

  /**
   * Opens (creating, private to the user) and migrates accounts.db. A file
   * SQLite cannot read, or one from a newer Hookbench, is an AccountsFileError:
   * starting with no accounts would turn sign-in off for everyone.
   */
  static open(path: string): SqliteAccountsStore {
    if (process.platform !== 'win32' && !existsSync(path)) closeSync(openSync(path, 'a', 0o600));
    let db: Db;
    try {
      db = openSqlite(path, 5000);
    } catch (err) {
      throw new AccountsFileError(`${path} cannot be opened: ${(err as Error).message}.`);
    }
    try {
      const version = Number(scalar(db, 'PRAGMA user_version'));
      if (version > ACCOUNTS_SCHEMA_VERSION)
        throw new AccountsFileError(
          `${path} was written by a newer Hookbench (accounts schema ${version}, this build knows up to ${ACCOUNTS_SCHEMA_VERSION}): upgrade Hookbench.`,
        );
      db.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON');
      const pending = ACCOUNTS_MIGRATIONS.filter((m) => m.version > version);
      if (pending.length) {
        db.exec('BEGIN IMMEDIATE');
        try {
          // Read again under the write lock: a second process may have migrated meanwhile.
          const now = Number(scalar(db, 'PRAGMA user_version'));
          for (const m of ACCOUNTS_MIGRATIONS.filter((x) => x.version > now)) db.exec(m.sql);
          db.exec(`PRAGMA user_version = ${ACCOUNTS_SCHEMA_VERSION}`);
          db.exec('COMMIT');
        } catch (err) {
          db.exec('ROLLBACK');
          throw err;
        }
      }
    } catch (err) {
      db.close();
      if (err instanceof AccountsFileError) throw err;
      throw new AccountsFileError(
        `${path} cannot be used (${(err as Error).message}). It holds the accounts, so Hookbench does not start without it: restore it from a backup, or move it away to start with no accounts.`,
      );
    }
    if (process.platform !== 'win32')
      for (const file of [path, `${path}-wal`, `${path}-shm`]) if (existsSync(file)) chmodSync(file, 0o600);
    return new SqliteAccountsStore(db);
  }

  /** Statements are prepared once: a signed-in page's every call reads its session here. */
  private statement(sql: string): Statement {
    let st = this.statements.get(sql);
    if (!st) this.statements.set(sql, (st = this.db.prepare(sql)));
    return st;
  }

  private get(sql: string, ...params: unknown[]): Row | undefined {
    return this.statement(sql).get(...params) as Row | undefined;
  }

  private all(sql: string, ...params: unknown[]): Row[] {
    return this.statement(sql).all(...params) as Row[];
  }

  private run(sql: string, ...params: unknown[]): number {
    return Number(this.statement(sql).run(...params).changes);
  }

  /** One write transaction, taken at once (BEGIN IMMEDIATE) so another process cannot slip in between read and write. */
  private transaction<T>(fn: () => T): T {
    this.db.exec('BEGIN IMMEDIATE');
    try {
      const value = fn();
      this.db.exec('COMMIT');
      return value;
    } catch (err) {
      this.db.exec('ROLLBACK');
      throw err;
    }
  }

  async countUsers(): Promise<number> {
    return Number(this.get('SELECT count(*) AS n FROM account_user')!.n);
  }

  async insertUser(u: UserRecord): Promise<void> {
    try {
      this.run(
        `INSERT INTO account_user (id, email, name, role, disabled, password_hash, created_at, updated_at, last_sign_in_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        u.id,
        u.email,
        u.name,
        u.role,
        u.disabled ? 1 : 0,
        u.passwordHash,
        u.createdAt,
        u.updatedAt,
        u.lastSignInAt,
      );
    } catch (err) {
      if (isUniqueViolation(err)) throw new DuplicateEmailError(u.email);
      throw err;
    }
  }

  async userById(id: string): Promise<UserRecord | null> {
    const r = this.get('SELECT * FROM account_user WHERE id = ?', id);
    return r ? toUser(r) : null;
  }

  async userByEmail(email: string): Promise<UserRecord | null> {
    const r = this.get('SELECT * FROM account_user WHERE email = ?', email.trim().toLowerCase());
    return r ? toUser(r) : null;
  }

  async listUsers(): Promise<UserRecord[]> {
    return this.all('SELECT * FROM account_user ORDER BY created_at, email').map(toUser);
  }

  async updateUser(id: string, patch: UserPatch): Promise<UserRecord | null> {
    return this.transaction(() => {
      const row = this.get('SELECT * FROM account_user WHERE id = ?', id);
      if (!row) return null;
      const before = toUser(row);
      const { columns, values } = userSets(patch);
      this.run(
        `UPDATE account_user SET ${columns.map((c) => `${c} = ?`).join(', ')} WHERE id = ?`,
        ...values.map((v) => (typeof v === 'boolean' ? Number(v) : v)),
        id,
      );
      if (removesAnAdmin(before, patch)) {
        const admins = Number(
          this.get("SELECT count(*) AS n FROM account_user WHERE role = 'admin' AND disabled = 0")!.n,
        );
        if (admins === 0) throw new LastAdminError();
      }
      return toUser(this.get('SELECT * FROM account_user WHERE id = ?', id)!);
    });
  }

  async linkIdentity(i: IdentityRecord): Promise<void> {
    this.run(
      'INSERT INTO account_identity (provider, subject, user_id, created_at) VALUES (?, ?, ?, ?)',
      i.provider,
      i.subject,
      i.userId,
      i.createdAt,
    );
  }

  async userByIdentity(provider: string, subject: string): Promise<UserRecord | null> {
    const r = this.get(
      `SELECT u.* FROM account_identity i JOIN account_user u ON u.id = i.user_id WHERE i.provider = ? AND i.subject = ?`,
      provider,
      subject,
    );
    return r ? toUser(r) : null;
  }

  async listIdentities(): Promise<IdentityRecord[]> {
    return this.all('SELECT * FROM account_identity ORDER BY created_at').map(toIdentity);
  }

  async insertSession(s: SessionRecord): Promise<void> {
    this.run(
      `INSERT INTO account_session (id_hash, user_id, csrf_hash, created_at, last_seen_at, expires_at, address, user_agent)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      s.idHash,
      s.userId,
      s.csrfHash,
      s.createdAt,
      s.lastSeenAt,
      s.expiresAt,
      s.address,
      s.userAgent,
    );
  }

  async session(idHash: string): Promise<SessionRecord | null> {
    const r = this.get('SELECT * FROM account_session WHERE id_hash = ?', idHash);
    return r ? toSession(r) : null;
  }

  async sessionWithUser(idHash: string): Promise<{ session: SessionRecord; user: UserRecord } | null> {
    const r = this.get(`${SESSION_WITH_USER}?`, idHash);
    return r ? toSessionWithUser(r) : null;
  }

  async touchSession(idHash: string, lastSeenAt: number, expiresAt: number): Promise<void> {
    this.run(
      'UPDATE account_session SET last_seen_at = ?, expires_at = ? WHERE id_hash = ?',
      lastSeenAt,
      expiresAt,
      idHash,
    );
  }

  async deleteSession(idHash: string): Promise<boolean> {
    return this.run('DELETE FROM account_session WHERE id_hash = ?', idHash) > 0;
  }

  async deleteUserSessions(userId: string, keep?: string): Promise<number> {
    return keep
      ? this.run('DELETE FROM account_session WHERE user_id = ? AND id_hash <> ?', userId, keep)
      : this.run('DELETE FROM account_session WHERE user_id = ?', userId);
  }

  async countUserSessions(userId: string, now: number): Promise<number> {
    return Number(
      this.get('SELECT count(*) AS n FROM account_session WHERE user_id = ? AND expires_at > ?', userId, now)!.n,
    );
  }

  async prune(now: number, throttleBefore: number): Promise<void> {
    this.run('DELETE FROM account_session WHERE expires_at <= ?', now);
    this.run('DELETE FROM sign_in_throttle WHERE last_failure_at < ? AND blocked_until <= ?', throttleBefore, now);
  }

  async appendAudit(entries: NewAuditEntry[]): Promise<void> {
    if (!entries.length) return;
    this.transaction(() => {
      for (const e of entries)
        this.run(
          'INSERT INTO audit_log (at, actor_label, actor, door, action, summary, outcome) VALUES (?, ?, ?, ?, ?, ?, ?)',
          e.at,
          e.actor.label.toLowerCase(),
          JSON.stringify(e.actor),
          e.door,
          e.action,
          JSON.stringify(e.summary),
          e.outcome,
        );
    });
  }

  async queryAudit(q: AuditQuery): Promise<AuditPage> {
    const params: unknown[] = [];
    const where = auditWhere(q, (v) => (params.push(v), '?'));
    return auditPage(
      this.all(`SELECT * FROM audit_log ${where} ORDER BY id DESC LIMIT ?`, ...params, q.limit + 1),
      q.limit,
    );
  }

  async deleteAuditBefore(before: number, limit: number): Promise<number> {
    // By `at` (indexed), oldest first: each call is one bounded transaction, so a long history goes in slices.
    return this.run(
      'DELETE FROM audit_log WHERE id IN (SELECT id FROM audit_log WHERE at < ? ORDER BY at LIMIT ?)',
      before,
      limit,
    );
  }

  /** One process per data dir (hookbench.lock), and the CLI never removes entries: nothing to exclude. */
  async withAuditRetentionLock<T>(work: () => Promise<T>): Promise<T> {
    return work();
  }

  async throttles(keys: string[]): Promise<ThrottleRecord[]> {
    if (keys.length === 0) return [];
    return this.all(`SELECT * FROM sign_in_throttle WHERE key IN (${keys.map(() => '?').join(', ')})`, ...keys).map(
      toThrottle,
    );
  }

  async recordFailure(
    key: string,
    now: number,
    windowMs: number,
    blockFor: (failures: number) => number,
  ): Promise<ThrottleRecord> {
    return this.transaction(() => {
      const row = this.get('SELECT * FROM sign_in_throttle WHERE key = ?', key);
      const record = nextFailure(row ? toThrottle(row) : null, key, now, windowMs, blockFor);
      this.run(
        `INSERT INTO sign_in_throttle (key, failures, last_failure_at, blocked_until) VALUES (?, ?, ?, ?)
         ON CONFLICT (key) DO UPDATE SET failures = excluded.failures, last_failure_at = excluded.last_failure_at,
           blocked_until = excluded.blocked_until`,
        key,
        record.failures,
        record.lastFailureAt,
        record.blockedUntil,
      );
      return record;
    });
  }

  async clearFailures(key: string): Promise<void> {
    this.run('DELETE FROM sign_in_throttle WHERE key = ?', key);
  }

  async close(): Promise<void> {
    this.db.close();
  }
}
