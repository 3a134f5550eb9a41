import { DEFAULT_AUDIT_RETENTION, type AuditRetention as Retention } from '../../../shared/model/settings';
import type { AuditActor } from '../../../shared/model/account';
import type { Clock } from '../clock';
import type { Logger } from '../log';
import type { AccountsStore } from '../store/accounts/accounts-store';
import type { PreferencesStore } from '../store/port';
import type { AuditLog } from './audit';

const DAY_MS = 86_400_000;
/**
 * Entries per delete. On SQLite each batch runs on the event loop (node:sqlite is
 * synchronous): 1,000 rows with their two indexes took 1.5–4 ms (median) on
 * the shared 2-core development machine, longer when SQLite's WAL checkpoint
 * falls in one (about every 17th); the loop turns between batches. Smaller
 * batches cost more per row and still meet the checkpoints.
 */
export const AUDIT_RETENTION_BATCH = 1000;
/** How often a pass runs, as for the exchange store's retention. */
export const AUDIT_RETENTION_EVERY_MS = 10 * 60_000;

/** Who removes old entries: Hookbench itself, not a person or a key. */
export const RETENTION_ACTOR: AuditActor = { kind: 'system', userId: null, label: 'Hookbench', role: null };
/** The action of the one entry a pass that removed anything records. */
export const AUDIT_RETENTION_ACTION = 'removeOldAuditEntries';

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

export interface AuditRetentionOptions {
  store: AccountsStore;
  preferences: PreferencesStore;
  audit: AuditLog;
  clock: Clock;
  log: Logger;
  /** 0: no timer (tests call runNow). */
  intervalMs?: number;
}

/**
 * Keeps the audit log to the days the admins chose (Settings → Audit log,
 * `hookbench settings set --audit-retention-days`, PUT /api/v1/audit/retention):
 * entries older than that are removed in the background, in batches, by one
 * node at a time, and each pass that removed any records one entry saying
 * how many. A pass that fails is logged and tried again at the next tick.
 */
export class AuditRetention {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<number> | null = null;
  private stopped = false;

  constructor(private readonly o: AuditRetentionOptions) {}

  get(): Retention {
    return { ...DEFAULT_AUDIT_RETENTION, ...this.o.preferences.get().auditRetention };
  }

  /** Saves the setting (every node reads it from the shared settings) and applies it at once. */
  async set(maxAgeDays: number): Promise<Retention> {
    await this.o.preferences.update({ auditRetention: { maxAgeDays } });
    if (this.timer) void this.runNow();
    return this.get();
  }

  start(): void {
    const every = this.o.intervalMs ?? AUDIT_RETENTION_EVERY_MS;
    if (every <= 0) return;
    this.timer = setInterval(() => void this.runNow(), every);
    this.timer.unref();
    void this.runNow();
  }

  /** One pass (or the one under way); resolves with the number of entries it removed. */
  runNow(): Promise<number> {
    this.running ??= this.pass()
      .catch((err: unknown) => {
        this.o.log.error('audit retention failed', err);
        return 0;
      })
      .finally(() => (this.running = null));
    return this.running;
  }

  /** No new pass; resolves once the one under way (which stops between batches) has ended. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  private async pass(): Promise<number> {
    const { maxAgeDays } = this.get();
    if (maxAgeDays <= 0 || this.stopped) return 0;
    const before = this.o.clock.now() - maxAgeDays * DAY_MS;
    const removed = await this.o.store.withAuditRetentionLock(async () => {
      let total = 0;
      while (!this.stopped) {
        const n = await this.o.store.deleteAuditBefore(before, AUDIT_RETENTION_BATCH);
        total += n;
        if (n < AUDIT_RETENTION_BATCH) break;
        await turn();
      }
      // Recorded under the lock: a node starting a pass now finds nothing left, and records nothing.
      if (total > 0)
        await this.o.audit.record(
          RETENTION_ACTOR,
          'system',
          AUDIT_RETENTION_ACTION,
          { maxAgeDays, removed: total },
          'ok',
        );
      return total;
    });
    return removed ?? 0;
  }
}
