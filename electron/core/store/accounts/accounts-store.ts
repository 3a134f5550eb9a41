import type { AuditActor, AuditEntry, AuditPage, Door, Role } from '../../../../shared/model/account';

/**
 * Accounts storage: users (with their single sign-on identities), sessions,
 * the audit log and the sign-in throttle. One interface, implemented on SQLite
 * (accounts.db in the data dir) and on the shared PostgreSQL database; the
 * contract suite runs over both. Times are epoch ms.
 */

export interface UserRecord {
  id: string;
  /** Trimmed, lower-cased; unique. */
  email: string;
  name: string;
  role: Role;
  disabled: boolean;
  /** `scrypt$…` (see passwords.ts); null for a user who signs in only through single sign-on. */
  passwordHash: string | null;
  createdAt: number;
  updatedAt: number;
  lastSignInAt: number | null;
}

export type UserPatch = Partial<Pick<UserRecord, 'name' | 'role' | 'disabled' | 'passwordHash' | 'lastSignInAt'>> & {
  updatedAt: number;
};

/** A single sign-on identity (OpenID Connect: issuer + subject), linked to one user. */
export interface IdentityRecord {
  provider: string;
  subject: string;
  userId: string;
  createdAt: number;
}

export interface SessionRecord {
  /** SHA-256 of the cookie's value: the database alone cannot be used to sign in. */
  idHash: string;
  userId: string;
  /** SHA-256 of the page's CSRF token, sent as a header with every call. */
  csrfHash: string;
  createdAt: number;
  lastSeenAt: number;
  /** The session ends here unless used again before; never beyond createdAt + the absolute lifetime. */
  expiresAt: number;
  address: string | null;
  userAgent: string | null;
}

export interface NewAuditEntry {
  at: number;
  actor: AuditActor;
  door: Door;
  action: string;
  summary: AuditEntry['summary'];
  outcome: string;
}

export interface AuditQuery {
  /** Part of the actor's label (email), any case. */
  actor?: string;
  action?: string;
  outcome?: 'ok' | 'refused';
  from?: number;
  to?: number;
  limit: number;
  cursor?: string | null;
}

/** Failed sign-ins under one key (`account:<email>` or `address:<ip>`). */
export interface ThrottleRecord {
  key: string;
  failures: number;
  lastFailureAt: number;
  blockedUntil: number;
}

/** The email is taken (unique, whatever the case). */
export class DuplicateEmailError extends Error {
  constructor(readonly email: string) {
    super(`An account with the email ${email} exists already.`);
    this.name = 'DuplicateEmailError';
  }
}

/** The change would leave no enabled admin: nobody could manage accounts any more. */
export class LastAdminError extends Error {
  constructor() {
    super('This is the last enabled admin: make another account an admin first.');
    this.name = 'LastAdminError';
  }
}

export interface AccountsStore {
  readonly backend: 'sqlite' | 'postgres';

  /** Every account, disabled ones included: any account at all turns sign-in on. */
  countUsers(): Promise<number>;
  /** Throws DuplicateEmailError. */
  insertUser(user: UserRecord): Promise<void>;
  userById(id: string): Promise<UserRecord | null>;
  userByEmail(email: string): Promise<UserRecord | null>;
  /** Oldest first. */
  listUsers(): Promise<UserRecord[]>;
  /**
   * Applies the patch atomically; throws LastAdminError (changing nothing) when
   * it would leave no enabled admin. Null when there is no such user.
   */
  updateUser(id: string, patch: UserPatch): Promise<UserRecord | null>;

  /** Throws when the identity is linked already. */
  linkIdentity(identity: IdentityRecord): Promise<void>;
  userByIdentity(provider: string, subject: string): Promise<UserRecord | null>;
  listIdentities(): Promise<IdentityRecord[]>;

  insertSession(session: SessionRecord): Promise<void>;
  session(idHash: string): Promise<SessionRecord | null>;
  /** The session and its user in one read: asked on every call a signed-in page makes. */
  sessionWithUser(idHash: string): Promise<{ session: SessionRecord; user: UserRecord } | null>;
  touchSession(idHash: string, lastSeenAt: number, expiresAt: number): Promise<void>;
  deleteSession(idHash: string): Promise<boolean>;
  /** Ends a user's sessions, but `keep` (the caller's own) when given; resolves with the number ended. */
  deleteUserSessions(userId: string, keep?: string): Promise<number>;
  countUserSessions(userId: string, now: number): Promise<number>;
  /** Removes sessions past their expiry and throttle entries idle since `throttleBefore`. */
  prune(now: number, throttleBefore: number): Promise<void>;

  /** Appends the entries in one transaction, in order. */
  appendAudit(entries: NewAuditEntry[]): Promise<void>;
  /** Newest first; `cursor` is opaque. */
  queryAudit(query: AuditQuery): Promise<AuditPage>;
  /**
   * Deletes up to `limit` of the oldest audit entries recorded before `before`
   * (epoch ms), in one short transaction; resolves with how many went.
   */
  deleteAuditBefore(before: number, limit: number): Promise<number>;
  /**
   * Runs `work` unless another process sharing the store is running it, and
   * then resolves null at once: on PostgreSQL under an advisory lock, so one
   * node at a time removes old audit entries and records the removal once.
   */
  withAuditRetentionLock<T>(work: () => Promise<T>): Promise<T | null>;

  throttles(keys: string[]): Promise<ThrottleRecord[]>;
  /**
   * Counts one more failure under `key` (restarting the count when the last one
   * is older than `windowMs`) and sets its block from `blockFor(failures)`;
   * atomic, so nodes sharing the database count together.
   */
  recordFailure(
    key: string,
    now: number,
    windowMs: number,
    blockFor: (failures: number) => number,
  ): Promise<ThrottleRecord>;
  clearFailures(key: string): Promise<void>;

  close(): Promise<void>;
}
