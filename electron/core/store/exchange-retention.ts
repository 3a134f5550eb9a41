import type { RetentionSettings } from '../../../shared/model/exchange';
import type { Logger } from '../log';
import { DEFAULT_RETENTION } from './exchange/retention';
import type { ExchangeStore, SettingsPort } from './port';

/**
 * What the stores are given for "no limit" (0 in the setting): an age whose
 * cutoff lies before 1970 and a row count no store reaches, so the stores'
 * passes, which know nothing of 0, remove nothing on that account.
 */
const NO_LIMIT = Number.MAX_SAFE_INTEGER;

/** The setting as the exchange stores take it: 0 ("no limit") becomes a limit never reached. */
export function storeRetention(r: RetentionSettings): RetentionSettings {
  return { maxAgeDays: r.maxAgeDays || NO_LIMIT, maxRows: r.maxRows || NO_LIMIT };
}

export interface ExchangeRetentionOptions {
  exchanges: ExchangeStore;
  settings: SettingsPort;
  log: Logger;
  /** false: a change runs no pass of its own (tests call runNow; the store's timer is off too). */
  passOnChange: boolean;
}

/**
 * How much of the exchange store is kept, as the admins chose it (Settings →
 * Deliveries and captures, `hookbench settings set --retention-days/--retention-rows`,
 * PUT /api/v1/exchanges/retention). The setting lives in the shared settings;
 * this node's store takes it at once, and again whenever another node changes
 * it. The store's own background pass does the removing.
 */
export class ExchangeRetention {
  private readonly unsubscribe: () => void;
  private running: Promise<number> | null = null;
  private stopped = false;

  constructor(private readonly o: ExchangeRetentionOptions) {
    // The store was opened with the raw setting; it gets the one it understands before its first pass.
    this.apply();
    this.unsubscribe = o.settings.onExternalChange((change) => {
      if (change === 'preferences') this.apply();
    });
  }

  get(): RetentionSettings {
    return { ...DEFAULT_RETENTION, ...this.o.settings.preferences.get().retention };
  }

  /** Saves the setting (every node reads it from the shared settings), applies it, and starts a pass. */
  async set(retention: RetentionSettings): Promise<RetentionSettings> {
    await this.o.settings.preferences.update({ retention });
    this.apply();
    if (this.o.passOnChange) void this.runNow();
    return this.get();
  }

  /** One pass (or the one this object started and is under way); resolves with the rows it removed. */
  runNow(): Promise<number> {
    if (this.stopped) return Promise.resolve(0);
    this.running ??= this.o.exchanges
      .enforceRetention()
      .catch((err: unknown) => {
        this.o.log.error('exchange store retention failed', err);
        return 0;
      })
      .finally(() => (this.running = null));
    return this.running;
  }

  /** No new pass; resolves once the one under way has ended (before the store closes). */
  async stop(): Promise<void> {
    this.stopped = true;
    this.unsubscribe();
    await this.running;
  }

  private apply(): void {
    this.o.exchanges.setRetention(storeRetention(this.get()));
  }
}
