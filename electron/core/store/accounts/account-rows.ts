import type { AuditActor, Door, Role } from '../../../../shared/model/account';
import type {
  AuditQuery,
  IdentityRecord,
  NewAuditEntry,
  SessionRecord,
  ThrottleRecord,
  UserPatch,
  UserRecord,
} from './accounts-store';

/**
 * Rows of the accounts tables as both adapters read them: the columns are the
 * same on SQLite and PostgreSQL (times as epoch-ms integers, JSON as text), so
 * one set of mappers and one audit filter serve both.
 */

export type Row = Record<string, unknown>;

const maybeNumber = (v: unknown) => (v === null || v === undefined ? null : Number(v));

export const toUser = (r: Row): UserRecord => ({
  id: String(r.id),
  email: String(r.email),
  name: String(r.name),
  role: r.role as Role,
  disabled: Boolean(r.disabled),
  passwordHash: (r.password_hash as string | null) ?? null,
  createdAt: Number(r.created_at),
  updatedAt: Number(r.updated_at),
  lastSignInAt: maybeNumber(r.last_sign_in_at),
});

export const toIdentity = (r: Row): IdentityRecord => ({
  provider: String(r.provider),
  subject: String(r.subject),
  userId: String(r.user_id),
  createdAt: Number(r.created_at),
});

export const toSession = (r: Row): SessionRecord => ({
  idHash: String(r.id_hash),
  userId: String(r.user_id),
  csrfHash: String(r.csrf_hash),
  createdAt: Number(r.created_at),
  lastSeenAt: Number(r.last_seen_at),
  expiresAt: Number(r.expires_at),
  address: (r.address as string | null) ?? null,
  userAgent: (r.user_agent as string | null) ?? null,
});

export const toThrottle = (r: Row): ThrottleRecord => ({
  key: String(r.key),
  failures: Number(r.failures),
  lastFailureAt: Number(r.last_failure_at),
  blockedUntil: Number(r.blocked_until),
});

export const toAuditEntry = (r: Row) => ({
  id: String(r.id),
  at: new Date(Number(r.at)).toISOString(),
  actor: JSON.parse(String(r.actor)) as AuditActor,
  door: String(r.door) as Door,
  action: String(r.action),
  summary: JSON.parse(String(r.summary)) as NewAuditEntry['summary'],
  outcome: String(r.outcome),
});

/** The session and user columns of one joined read, the session's created_at renamed apart from the user's. */
export const SESSION_WITH_USER = `SELECT s.id_hash, s.user_id, s.csrf_hash, s.created_at AS s_created_at, s.last_seen_at,
    s.expires_at, s.address, s.user_agent, u.*
  FROM account_session s JOIN account_user u ON u.id = s.user_id WHERE s.id_hash = `;

export const toSessionWithUser = (r: Row) => ({
  session: toSession({ ...r, created_at: r.s_created_at }),
  user: toUser(r),
});

/** `%` and `_` typed into the actor filter are matched as themselves. */
export const likePattern = (text: string) => `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

export const USER_COLUMNS: Record<keyof UserPatch, string> = {
  name: 'name',
  role: 'role',
  disabled: 'disabled',
  passwordHash: 'password_hash',
  lastSignInAt: 'last_sign_in_at',
  updatedAt: 'updated_at',
};

/** The patch's columns and values, in USER_COLUMNS order (undefined fields left out). */
export function userSets(patch: UserPatch): { columns: string[]; values: unknown[] } {
  const columns: string[] = [];
  const values: unknown[] = [];
  for (const [key, column] of Object.entries(USER_COLUMNS) as [keyof UserPatch, string][]) {
    if (patch[key] === undefined) continue;
    columns.push(column);
    values.push(patch[key]);
  }
  return { columns, values };
}

/** Could applying `patch` take away an enabled admin (whoever it is applied to)? */
export const mayRemoveAnAdmin = (patch: UserPatch): boolean =>
  (patch.role !== undefined && patch.role !== 'admin') || patch.disabled === true;

/** Would applying `patch` to `before` take away an enabled admin? */
export const removesAnAdmin = (before: UserRecord, patch: UserPatch): boolean =>
  before.role === 'admin' && !before.disabled && mayRemoveAnAdmin(patch);

/** The WHERE terms of an audit query; `bind` turns each value into its placeholder (`?` or `$n`). */
export function auditWhere(q: AuditQuery, bind: (value: unknown) => string): string {
  const where: string[] = [];
  const cursor = q.cursor ? Number(q.cursor) : null;
  if (cursor !== null && Number.isSafeInteger(cursor)) where.push(`id < ${bind(cursor)}`);
  if (q.actor) where.push(`actor_label LIKE ${bind(likePattern(q.actor))} ESCAPE '\\'`);
  if (q.action) where.push(`action = ${bind(q.action)}`);
  if (q.outcome === 'ok') where.push("outcome = 'ok'");
  if (q.outcome === 'refused') where.push("outcome <> 'ok'");
  if (q.from !== undefined) where.push(`at >= ${bind(q.from)}`);
  if (q.to !== undefined) where.push(`at < ${bind(q.to)}`);
  return where.length ? `WHERE ${where.join(' AND ')}` : '';
}

/** One more failure under a key: the count restarts when the last one is older than the window. */
export function nextFailure(
  before: ThrottleRecord | null,
  key: string,
  now: number,
  windowMs: number,
  blockFor: (failures: number) => number,
): ThrottleRecord {
  const failures = before && now - before.lastFailureAt <= windowMs ? before.failures + 1 : 1;
  const block = blockFor(failures);
  return { key, failures, lastFailureAt: now, blockedUntil: block > 0 ? now + block : 0 };
}

/** One page of the audit log from `limit + 1` rows read newest first. */
export function auditPage(rows: Row[], limit: number) {
  const entries = rows.slice(0, limit).map(toAuditEntry);
  return { entries, nextCursor: rows.length > limit ? entries[entries.length - 1]!.id : null };
}
