import type pg from 'pg';
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
import type { Clock } from '../../clock';
import type { Logger } from '../../log';
import { toMs } from '../exchange/write-values';
import { DEFAULT_RETENTION } from '../exchange/retention';
import type { ExchangeStore, ExchangeWrite, LeaseWrite, PurgeRequest, ReplaySource } from '../port';
import { redactUrl, withPoolClient } from './pg-client';
import { facets } from './pg-facets';
import { subscriptionHealth } from './pg-health';
import { queryPage } from './pg-query';
import { SearchDays } from './pg-search';
import { getExchange, replaySource, sealedCredentials } from './pg-read-rows';
import { deleteBefore, enforceRetention, purgeAll } from './pg-retention';
import { LOCKS } from './pg-schema';
import type { PgGroupWriter } from './pg-writer';

/** The exchange store on PostgreSQL: the group writer for writes, the pool for reads. */
export class PgExchangeStore implements ExchangeStore {
  readonly backend = 'postgres';
  private retention: RetentionSettings;
  private open = true;
  /** The day partitions a search walks, newest first; the writer says when it adds some. */
  readonly days = new SearchDays();

  constructor(
    private readonly o: {
      pool: pg.Pool;
      writer: PgGroupWriter;
      url: string;
      clock: Clock;
      log: Logger;
      bodyCapBytes: number;
      retention?: RetentionSettings;
    },
  ) {
    this.retention = o.retention ?? DEFAULT_RETENTION;
  }

  append(write: ExchangeWrite): Promise<void> {
    return this.o.writer.append(write);
  }
  appendDelivery(delivery: NewDelivery, lease: LeaseWrite = {}): Promise<void> {
    return this.append({ type: 'delivery', delivery, ...lease });
  }
  appendAttempt(attempt: NewAttempt, update?: DeliveryUpdate, lease: LeaseWrite = {}): Promise<void> {
    return this.append({ type: 'attempt', attempt, update, ...lease });
  }
  updateDelivery(id: string, update: DeliveryUpdate, lease: LeaseWrite = {}): Promise<void> {
    return this.append({ type: 'deliveryUpdate', id, update, ...lease });
  }
  appendCapture(capture: NewCapture): Promise<void> {
    return this.append({ type: 'capture', capture });
  }
  flush(): Promise<void> {
    return this.o.writer.drain();
  }
  commitNow(): void {
    this.o.writer.commitNow();
  }

  query(filter: ExchangeFilter, page?: { limit?: number; cursor?: string | null }): Promise<ExchangePage> {
    return queryPage(this.o.pool, this.days, filter, page);
  }
  facets(filter: ExchangeFilter): Promise<ExchangeFacets> {
    return facets(this.o.pool, this.days, filter);
  }
  getExchange(id: string): Promise<ExchangeDetail | null> {
    return getExchange(this.o.pool, id);
  }
  replaySource(id: string): Promise<ReplaySource | null> {
    return replaySource(this.o.pool, id);
  }
  sealedCredentials(id: string): Promise<string | null> {
    return sealedCredentials(this.o.pool, id);
  }
  health(subscriptionId: string, nowMs: number): Promise<SubscriptionHealth> {
    return subscriptionHealth(this.o.pool, subscriptionId, nowMs);
  }

  setRetention(settings: RetentionSettings): void {
    this.retention = settings;
  }

  /** One node at a time: the others find the maintenance lock taken and do nothing. */
  async enforceRetention(): Promise<number> {
    return this.withMaintenanceLock(false, (c) =>
      enforceRetention(c, this.retention, this.o.clock.now(), () => this.open),
    );
  }

  /** Waits for any retention in progress, then removes what was asked. */
  async purge(request: PurgeRequest): Promise<number> {
    const cutoff = 'all' in request ? null : toMs(request.olderThan, 'olderThan');
    await this.flush();
    return this.withMaintenanceLock(true, (c) =>
      cutoff === null ? purgeAll(c) : deleteBefore(c, cutoff, () => this.open),
    );
  }

  private async withMaintenanceLock(wait: boolean, fn: (c: pg.PoolClient) => Promise<number>): Promise<number> {
    return withPoolClient(this.o.pool, async (c) => {
      if (wait) await c.query('SELECT pg_advisory_lock($1)', [LOCKS.maintenance]);
      else {
        const got = await c.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1) AS ok', [LOCKS.maintenance]);
        if (!got.rows[0]!.ok) return 0;
      }
      try {
        return await fn(c);
      } finally {
        await c.query('SELECT pg_advisory_unlock($1)', [LOCKS.maintenance]);
      }
    });
  }

  async info(): Promise<StorageInfo> {
    const [kinds, attempts, size, sync] = await Promise.all([
      this.o.pool.query<{ kind: number; n: number }>('SELECT kind, sum(n) AS n FROM exchange_rollup GROUP BY kind'),
      this.o.pool.query<{ n: number }>('SELECT count(*) AS n FROM attempt'),
      this.o.pool.query<{ n: number }>('SELECT pg_database_size(current_database()) AS n'),
      this.o.pool.query<{ synchronous_commit: string }>('SHOW synchronous_commit'),
    ]);
    const deliveries = kinds.rows.find((r) => r.kind === 0)?.n ?? 0;
    const captures = kinds.rows.find((r) => r.kind === 1)?.n ?? 0;
    return {
      dbPath: redactUrl(this.o.url),
      dbBytes: size.rows[0]!.n,
      walBytes: 0,
      rows: { exchanges: deliveries + captures, deliveries, captures, attempts: attempts.rows[0]!.n },
      retention: { ...this.retention },
      bodyCapBytes: this.o.bodyCapBytes,
      synchronous: sync.rows[0]!.synchronous_commit.toUpperCase(),
      journalMode: 'WAL',
    };
  }

  async close(): Promise<void> {
    if (!this.open) return;
    await this.o.writer.close();
    this.open = false;
  }
}
