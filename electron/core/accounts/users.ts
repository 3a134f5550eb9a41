import { randomUUID } from 'node:crypto';
import { AppFailure } from '../../../shared/api/result';
import type { Role, User } from '../../../shared/model/account';
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from '../../../shared/model/account';
import type { Clock } from '../clock';
import {
  DuplicateEmailError,
  LastAdminError,
  type AccountsStore,
  type IdentityRecord,
  type UserRecord,
} from '../store/accounts/accounts-store';
import { DEFAULT_SCRYPT, generatePassword, hashPassword, type ScryptParams } from './passwords';

export interface UserInput {
  email: string;
  name?: string;
  role: Role;
  password?: string;
}

/** What is wrong with a password as a new one, or null. Schemas check the length at the doors; the CLI and the environment come here. */
export function passwordProblem(password: string, email?: string): string | null {
  if (password.length < MIN_PASSWORD_LENGTH) return `it must be at least ${MIN_PASSWORD_LENGTH} characters long`;
  if (password.length > MAX_PASSWORD_LENGTH) return `it must be at most ${MAX_PASSWORD_LENGTH} characters long`;
  if (new Set(password).size < 5) return 'it repeats too few different characters';
  if (email && password.trim().toLowerCase() === email.trim().toLowerCase()) return 'it is the email address';
  return null;
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export function publicUser(u: UserRecord, identities: IdentityRecord[] = []): User {
  return {
    id: u.id,
    email: u.email,
    name: u.name,
    role: u.role,
    disabled: u.disabled,
    hasPassword: u.passwordHash !== null,
    identities: identities.filter((i) => i.userId === u.id).map((i) => i.provider),
    createdAt: iso(u.createdAt)!,
    lastSignInAt: iso(u.lastSignInAt),
  };
}

/**
 * Account management, shared by the contract methods (admins in Settings or
 * over the APIs) and the offline CLI (`hookbench users …`). Store errors become
 * AppFailures the doors turn into 4xx; every change here also ends the sessions
 * it makes unsafe (a disabled account, a reset password).
 */
export class UserDirectory {
  constructor(
    readonly store: AccountsStore,
    private readonly clock: Clock,
    private readonly scrypt: ScryptParams = DEFAULT_SCRYPT,
  ) {}

  async hasUsers(): Promise<boolean> {
    return (await this.store.countUsers()) > 0;
  }

  async list(): Promise<User[]> {
    const [users, identities] = await Promise.all([this.store.listUsers(), this.store.listIdentities()]);
    return users.map((u) => publicUser(u, identities));
  }

  async byEmail(email: string): Promise<UserRecord> {
    const u = await this.store.userByEmail(email);
    if (!u) throw new AppFailure('not_found', `No account with the email ${email}.`, { user: ['no such account'] });
    return u;
  }

  async byId(id: string): Promise<UserRecord> {
    const u = await this.store.userById(id);
    if (!u) throw new AppFailure('not_found', `No account with id "${id}".`);
    return u;
  }

  /** Without a password one is generated and returned (shown once). */
  async create(input: UserInput): Promise<{ user: User; password: string | null }> {
    const email = input.email.trim().toLowerCase();
    const generated = input.password === undefined ? generatePassword() : null;
    const password = input.password ?? generated!;
    const problem = passwordProblem(password, email);
    if (problem)
      throw new AppFailure('invalid_input', `The password is too weak: ${problem}.`, { password: [problem] });
    const now = this.clock.now();
    const record: UserRecord = {
      id: `usr_${randomUUID()}`,
      email,
      name: input.name?.trim() || email.split('@')[0]!,
      role: input.role,
      disabled: false,
      passwordHash: await hashPassword(password, this.scrypt),
      createdAt: now,
      updatedAt: now,
      lastSignInAt: null,
    };
    try {
      await this.store.insertUser(record);
    } catch (err) {
      if (err instanceof DuplicateEmailError) throw new AppFailure('conflict', err.message, { email: ['taken'] });
      throw err;
    }
    return { user: publicUser(record), password: generated };
  }

  async update(id: string, patch: { name?: string; role?: Role; disabled?: boolean }): Promise<User> {
    const before = await this.byId(id);
    let updated: UserRecord | null;
    try {
      updated = await this.store.updateUser(id, {
        ...(patch.name !== undefined ? { name: patch.name.trim() || before.email.split('@')[0]! } : {}),
        ...(patch.role !== undefined ? { role: patch.role } : {}),
        ...(patch.disabled !== undefined ? { disabled: patch.disabled } : {}),
        updatedAt: this.clock.now(),
      });
    } catch (err) {
      if (err instanceof LastAdminError)
        throw new AppFailure('conflict', err.message, { [patch.disabled ? 'disabled' : 'role']: [err.message] });
      throw err;
    }
    if (!updated) throw new AppFailure('not_found', `No account with id "${id}".`);
    // A disabled account is out at once: its sessions end (its API keys are refused when used).
    if (updated.disabled) await this.store.deleteUserSessions(id);
    return publicUser(updated, await this.store.listIdentities());
  }

  /** Sets a new password (generated when none is given) and ends every session of the account but `keep`. */
  async setPassword(id: string, password?: string, keep?: string): Promise<{ password: string | null }> {
    const user = await this.byId(id);
    const generated = password === undefined ? generatePassword() : null;
    const next = password ?? generated!;
    const problem = passwordProblem(next, user.email);
    if (problem)
      throw new AppFailure('invalid_input', `The password is too weak: ${problem}.`, { password: [problem] });
    await this.store.updateUser(id, {
      passwordHash: await hashPassword(next, this.scrypt),
      updatedAt: this.clock.now(),
    });
    await this.store.deleteUserSessions(id, keep);
    return { password: generated };
  }

  /** HOOKBENCH_ADMIN_EMAIL / HOOKBENCH_ADMIN_PASSWORD: the first admin, created only while there are no accounts. */
  async ensureFirstAdmin(email: string, password: string): Promise<boolean> {
    if (await this.hasUsers()) return false;
    try {
      await this.create({ email, password, role: 'admin' });
    } catch (err) {
      // Team mode: another node starting with the same variables created it first.
      if (err instanceof AppFailure && err.code === 'conflict') return false;
      throw err;
    }
    return true;
  }
}
