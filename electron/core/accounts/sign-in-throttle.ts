import type { AccountsStore } from '../store/accounts/accounts-store';

/**
 * Sign-in rate limits, kept in the accounts store so every node sharing a
 * database counts the same failures. Two keys per attempt: the account (an
 * attacker guessing one person's password from many addresses) and the
 * client address (one address guessing many accounts). Past the free tries,
 * each failure blocks that key for twice as long as the previous one, up to a
 * cap; while blocked, attempts are refused before any password is hashed.
 * Failures older than the window are forgotten.
 */
export interface ThrottlePolicy {
  /** Failures allowed before the key is blocked. */
  free: number;
  /** Block after the first failure past the free ones; doubled after each further one. */
  baseMs: number;
  maxMs: number;
  windowMs: number;
}

export const ACCOUNT_POLICY: ThrottlePolicy = { free: 5, baseMs: 30_000, maxMs: 15 * 60_000, windowMs: 15 * 60_000 };
export const ADDRESS_POLICY: ThrottlePolicy = { free: 20, baseMs: 60_000, maxMs: 30 * 60_000, windowMs: 30 * 60_000 };

export function blockFor(policy: ThrottlePolicy, failures: number): number {
  if (failures < policy.free) return 0;
  return Math.min(policy.baseMs * 2 ** (failures - policy.free), policy.maxMs);
}

export const accountKey = (email: string) => `account:${email.trim().toLowerCase()}`;
export const addressKey = (address: string) => `address:${address}`;

export class SignInThrottle {
  constructor(
    private readonly store: AccountsStore,
    private readonly account: ThrottlePolicy = ACCOUNT_POLICY,
    private readonly address: ThrottlePolicy = ADDRESS_POLICY,
  ) {}

  /** How long until this account may be tried from this address again; 0 when it may now. */
  async blockedFor(email: string, address: string | null, now: number): Promise<number> {
    const keys = [accountKey(email), ...(address ? [addressKey(address)] : [])];
    const records = await this.store.throttles(keys);
    return Math.max(0, ...records.map((r) => r.blockedUntil - now));
  }

  async failed(email: string, address: string | null, now: number): Promise<void> {
    await this.store.recordFailure(accountKey(email), now, this.account.windowMs, (n) => blockFor(this.account, n));
    if (address)
      await this.store.recordFailure(addressKey(address), now, this.address.windowMs, (n) => blockFor(this.address, n));
  }

  /**
   * A correct password clears the account's count, not the address's: an
   * attacker holding one account of their own must not reset their address.
   */
  async succeeded(email: string): Promise<void> {
    await this.store.clearFailures(accountKey(email));
  }

  /** The oldest failure worth remembering, for pruning. */
  forgetBefore(now: number): number {
    return now - Math.max(this.account.windowMs, this.address.windowMs);
  }
}
