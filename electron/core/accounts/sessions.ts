import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { User } from '../../../shared/model/account';
import type { Clock } from '../clock';
import type { AccountsStore, SessionRecord, UserRecord } from '../store/accounts/accounts-store';
import type { AuditLog } from './audit';
import type { Caller } from './caller';
import {
  burnEquivalentTime,
  DEFAULT_SCRYPT,
  hashPassword,
  needsRehash,
  verifyPassword,
  type ScryptParams,
} from './passwords';
import { SignInThrottle } from './sign-in-throttle';
import { publicUser } from './users';

/** A session ends after this long unused… */
export const SESSION_IDLE_MS = 12 * 3600_000;
/** …and this long after sign-in, used or not. */
export const SESSION_MAX_MS = 7 * 24 * 3600_000;
/** last_seen_at is written at most this often per session (not on every call). */
const TOUCH_EVERY_MS = 60_000;

export const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

function sameHash(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === y.length && x.length > 0 && timingSafeEqual(x, y);
}

export type SignInOutcome =
  | { ok: true; user: User; token: string; csrf: string; expiresAt: number }
  | { ok: false; reason: 'wrong' | 'disabled' | 'off' }
  | { ok: false; reason: 'throttled'; retryAfterMs: number };

export interface SessionOptions {
  idleMs?: number;
  maxMs?: number;
  scrypt?: ScryptParams;
}

/**
 * Sign-in and sessions. A session is two random secrets: the cookie's value
 * (HttpOnly, so page scripts never see it) and a CSRF token the page keeps in
 * its origin's storage and sends as a header. Both are needed on every call,
 * so a cookie that leaks to another port of the same host (browsers scope
 * cookies by host, not port) is useless alone, and a cross-site request —
 * which carries the cookie but cannot read the token — is refused. The
 * database holds only their SHA-256.
 */
export class Sessions {
  private readonly throttle: SignInThrottle;
  private readonly idleMs: number;
  private readonly maxMs: number;
  private readonly scrypt: ScryptParams;

  constructor(
    private readonly store: AccountsStore,
    private readonly clock: Clock,
    private readonly audit: AuditLog,
    opts: SessionOptions = {},
  ) {
    this.throttle = new SignInThrottle(store);
    this.idleMs = opts.idleMs ?? SESSION_IDLE_MS;
    this.maxMs = opts.maxMs ?? SESSION_MAX_MS;
    this.scrypt = opts.scrypt ?? DEFAULT_SCRYPT;
  }

  /** The session's absolute lifetime, for the cookie's Max-Age. */
  get maxAgeSeconds(): number {
    return Math.floor(this.maxMs / 1000);
  }

  async signIn(given: {
    email: string;
    password: string;
    address: string | null;
    userAgent: string | null;
  }): Promise<SignInOutcome> {
    const email = given.email.trim().toLowerCase().slice(0, 254);
    const now = this.clock.now();
    if ((await this.store.countUsers()) === 0) return { ok: false, reason: 'off' };
    // Refused before any hashing: a blocked guesser costs no CPU.
    const wait = await this.throttle.blockedFor(email, given.address, now);
    if (wait > 0) return { ok: false, reason: 'throttled', retryAfterMs: wait };

    const user = await this.store.userByEmail(email);
    let matches = false;
    if (user?.passwordHash) matches = await verifyPassword(given.password, user.passwordHash);
    else await burnEquivalentTime(given.password, this.scrypt);
    const anonymous = { kind: 'anonymous' as const, userId: null, label: email, role: null, ...addr(given.address) };
    if (!user || !matches) {
      await this.throttle.failed(email, given.address, this.clock.now());
      await this.audit.record(anonymous, 'auth', 'signInRefused', {}, 'wrong_password');
      return { ok: false, reason: 'wrong' };
    }
    if (user.disabled) {
      await this.audit.record(anonymous, 'auth', 'signInRefused', {}, 'disabled');
      return { ok: false, reason: 'disabled' };
    }
    await this.throttle.succeeded(email);
    const signedInAt = this.clock.now();
    await this.store.updateUser(user.id, {
      lastSignInAt: signedInAt,
      updatedAt: user.updatedAt,
      ...(needsRehash(user.passwordHash!, this.scrypt)
        ? { passwordHash: await hashPassword(given.password, this.scrypt) }
        : {}),
    });
    const token = randomBytes(32).toString('base64url');
    const csrf = randomBytes(32).toString('base64url');
    const session: SessionRecord = {
      idHash: sha256(token),
      userId: user.id,
      csrfHash: sha256(csrf),
      createdAt: signedInAt,
      lastSeenAt: signedInAt,
      expiresAt: signedInAt + Math.min(this.idleMs, this.maxMs),
      address: given.address,
      userAgent: given.userAgent?.slice(0, 300) ?? null,
    };
    await this.store.insertSession(session);
    await this.audit.record(
      { kind: 'user', userId: user.id, label: user.email, role: user.role, ...addr(given.address) },
      'auth',
      'signIn',
      {},
      'ok',
    );
    return {
      ok: true,
      user: publicUser({ ...user, lastSignInAt: signedInAt }),
      token,
      csrf,
      expiresAt: session.expiresAt,
    };
  }

  /**
   * The caller a cookie and CSRF header stand for, or null: no such session,
   * expired, the header missing or wrong, or the account disabled since.
   * `csrf` null means the request carried none (only allowed for reading the
   * session's state, never for a call).
   */
  async authenticate(
    token: string,
    csrf: string | null,
    door: Caller['door'],
    address?: string,
  ): Promise<Caller | null> {
    const found = await this.find(token);
    if (!found) return null;
    const { session, user } = found;
    if (csrf === null || !sameHash(session.csrfHash, sha256(csrf))) return null;
    const now = this.clock.now();
    if (now - session.lastSeenAt >= TOUCH_EVERY_MS)
      await this.store.touchSession(session.idHash, now, Math.min(now + this.idleMs, session.createdAt + this.maxMs));
    return userCaller(user, door, { session: session.idHash, address });
  }

  /** Ends the session a cookie holds; true when there was one. */
  async signOut(token: string, address?: string): Promise<boolean> {
    const found = await this.find(token);
    if (!found) return false;
    await this.store.deleteSession(found.session.idHash);
    await this.audit.record(
      { kind: 'user', userId: found.user.id, label: found.user.email, role: found.user.role, ...addr(address ?? null) },
      'auth',
      'signOut',
      {},
      'ok',
    );
    return true;
  }

  private async find(token: string): Promise<{ session: SessionRecord; user: UserRecord } | null> {
    if (!token) return null;
    const found = await this.store.sessionWithUser(sha256(token));
    if (!found) return null;
    if (found.session.expiresAt <= this.clock.now()) {
      await this.store.deleteSession(found.session.idHash);
      return null;
    }
    return found.user.disabled ? null : found;
  }

  /** Expired sessions and forgotten failures; run now and then. */
  async prune(): Promise<void> {
    const now = this.clock.now();
    await this.store.prune(now, this.throttle.forgetBefore(now));
  }
}

const addr = (address: string | null) => (address ? { address } : {});

export function userCaller(user: UserRecord, door: Caller['door'], extra: Partial<Caller> = {}): Caller {
  return {
    door,
    kind: 'user',
    role: user.role,
    userId: user.id,
    label: user.email,
    name: user.name,
    hasPassword: user.passwordHash !== null,
    ...extra,
  };
}
