import type {
  DeliveryUpdate,
  ExchangeDetail,
  ExchangeFacets,
  ExchangeFilter,
  ExchangePage,
  NewAttempt,
  NewCapture,
  NewDelivery,
  RetentionSettings,
  StorageInfo,
} from '../../../../shared/model/exchange';
import type { SubscriptionHealth } from '../../../../shared/model/subscription';
import type { ExchangeFile } from '../exchange/exchange-file';
import type {
  DeliverySchedule,
  ExchangeStore,
  ExchangeWrite,
  LeaseWrite,
  OwedDelivery,
  PurgeRequest,
  ReplaySource,
} from '../port';

/**
 * The port over the laptop's exchange file. node:sqlite is synchronous, so reads
 * answer at once; they are promises only because the port is shared with the
 * PostgreSQL store. Durability and crash guarantees are the file's own.
 */
export class SqliteExchangeStore implements ExchangeStore {
  readonly backend = 'sqlite';

  constructor(readonly file: ExchangeFile) {}

  append(write: ExchangeWrite): Promise<void> {
    return this.file.append(write);
  }
  appendDelivery(delivery: NewDelivery, lease: LeaseWrite = {}): Promise<void> {
    return this.file.append({ type: 'delivery', delivery, ...lease });
  }
  appendAttempt(attempt: NewAttempt, update?: DeliveryUpdate, lease: LeaseWrite = {}): Promise<void> {
    return this.file.append({ type: 'attempt', attempt, update, ...lease });
  }
  updateDelivery(id: string, update: DeliveryUpdate, lease: LeaseWrite = {}): Promise<void> {
    return this.file.append({ type: 'deliveryUpdate', id, update, ...lease });
  }
  appendCapture(capture: NewCapture): Promise<void> {
    return this.file.append({ type: 'capture', capture });
  }
  flush(): Promise<void> {
    return this.file.flush();
  }
  commitNow(): void {
    this.file.commitNow();
  }
  async query(filter: ExchangeFilter, page?: { limit?: number; cursor?: string | null }): Promise<ExchangePage> {
    return this.file.query(filter, page);
  }
  async facets(filter: ExchangeFilter): Promise<ExchangeFacets> {
    return this.file.facets(filter);
  }
  async getExchange(id: string): Promise<ExchangeDetail | null> {
    return this.file.getExchange(id);
  }
  async replaySource(id: string): Promise<ReplaySource | null> {
    return this.file.replaySource(id);
  }
  async sealedCredentials(id: string): Promise<string | null> {
    return this.file.sealedCredentials(id);
  }
  async health(subscriptionId: string, nowMs: number): Promise<SubscriptionHealth> {
    return this.file.deliveries().health(subscriptionId, nowMs);
  }
  purge(request: PurgeRequest): Promise<number> {
    return this.file.purge(request);
  }
  setRetention(settings: RetentionSettings): void {
    this.file.setRetention(settings);
  }
  enforceRetention(): Promise<number> {
    return this.file.enforceRetention();
  }
  async info(): Promise<StorageInfo> {
    return this.file.info();
  }
  close(): Promise<void> {
    return this.file.close();
  }
}

/**
 * The schedule in the exchange file. One process owns a data dir (the data-dir
 * lock), so leases only matter within this run: those of a previous run are
 * released when the file opens, and a claim then hands over every owed delivery.
 */
export class SqliteSchedule implements DeliverySchedule {
  constructor(
    private readonly file: ExchangeFile,
    readonly nodeId: string,
  ) {}

  async claim(o: { now: number; dueBy: number; limit: number; leaseMs: number }): Promise<OwedDelivery[]> {
    return this.file.deliveries().claim(o);
  }
  async confirm(id: string, leaseUntil: number): Promise<boolean> {
    return this.file.deliveries().confirm(id, leaseUntil);
  }
  async releaseAll(): Promise<number> {
    return this.file.deliveries().releaseLeases();
  }
  async pendingFor(subscriptionId: string): Promise<string[]> {
    return this.file.deliveries().pendingFor(subscriptionId);
  }
}
