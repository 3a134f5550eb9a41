import type { Clock } from '../clock';
import type { Logger } from '../log';
import type { AccountsStore } from '../store/accounts/accounts-store';
import type { PreferencesStore } from '../store/port';
import type { KeyRecordInfo } from '../rest/api-keys';
import { AuditLog } from './audit';
import { AuditRetention } from './audit-retention';
import type { Caller } from './caller';
import { Sessions, userCaller, type SessionOptions } from './sessions';
import { UserDirectory } from './users';

export { AuditLog, summarizeCall, summarizeInput, summarizeResult } from './audit';
export { AuditRetention } from './audit-retention';
export { ownerCaller, actorOf, currentUserOf, OWNER_LABEL, type Caller } from './caller';
export { Sessions, type SignInOutcome } from './sessions';
export { UserDirectory, passwordProblem } from './users';

/** How often expired sessions and old sign-in failures are removed. */
const PRUNE_EVERY_MS = 10 * 60_000;

export interface AccountsOptions extends SessionOptions {
  store: AccountsStore;
  clock: Clock;
  log: Logger;
  audit: AuditLog;
  /** Where the audit retention setting lives (the settings every node shares). */
  preferences: PreferencesStore;
  /** How often old audit entries are removed; 0: never by itself (tests call retention.runNow()). */
  retentionIntervalMs?: number;
}

/** Users, sessions and the audit log of one running core, over one accounts store. */
export class Accounts {
  readonly store: AccountsStore;
  readonly users: UserDirectory;
  readonly sessions: Sessions;
  readonly audit: AuditLog;
  readonly retention: AuditRetention;
  private readonly timer: NodeJS.Timeout;

  constructor(opts: AccountsOptions) {
    this.store = opts.store;
    this.audit = opts.audit;
    this.users = new UserDirectory(opts.store, opts.clock, opts.scrypt);
    this.sessions = new Sessions(opts.store, opts.clock, opts.audit, opts);
    const prune = () =>
      void this.sessions.prune().catch((err: unknown) => opts.log.error('accounts: pruning sessions failed', err));
    this.timer = setInterval(prune, PRUNE_EVERY_MS);
    this.timer.unref();
    prune();
    this.retention = new AuditRetention({
      store: opts.store,
      preferences: opts.preferences,
      audit: opts.audit,
      clock: opts.clock,
      log: opts.log,
      ...(opts.retentionIntervalMs !== undefined ? { intervalMs: opts.retentionIntervalMs } : {}),
    });
    this.retention.start();
  }

  /**
   * The caller an API key stands for: its account, with that account's role
   * as it is now (a role change applies at once); null when the account is
   * disabled or gone. A key of the local owner (no account) acts as an admin.
   */
  async keyCaller(key: KeyRecordInfo, door: Caller['door'], address?: string): Promise<Caller | null> {
    const base = { door, kind: 'apiKey' as const, keyName: key.name, ...(address ? { address } : {}) };
    if (!key.userId)
      return {
        ...base,
        role: 'admin',
        userId: null,
        label: `API key "${key.name}"`,
        name: key.name,
        hasPassword: false,
      };
    const user = await this.store.userById(key.userId);
    if (!user || user.disabled) return null;
    return { ...userCaller(user, door), ...base };
  }

  /** Stops pruning and retention (a pass under way ends after its batch); the store closes with the storage. */
  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.retention.stop();
  }
}
