import { statSync } from 'node:fs';
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
import { systemClock, type Clock } from '../../clock';
import { silentLogger, type Logger } from '../../log';
import { DEFAULT_BODY_CAP } from './body-codec';
import { Checkpointer } from './checkpointer';
import { DeliveryQueries } from './delivery-queries';
import { GroupWriter } from './group-writer';
import { exchangeFacets } from './facets';
import { queryExchanges } from './query';
import { DROP_EMPTY_COUNTS_SQL } from './rollup';
import { DEFAULT_RETENTION, deleteUpTo, enforceRetention, RetentionTimer } from './retention';
import { arrays, openExchangeDb, scalar, SEQ_PER_MS } from './schema';
import { ExchangeRows, type ExchangeWrite } from './exchange-rows';
import { SearchUpkeep } from './search-upkeep';
import { toMs } from './write-values';
import type { ReplaySource } from '../port';

export interface ExchangeFileOptions {
  path: string;
  clock?: Clock;
  log?: Logger;
  bodyCapBytes?: number;
  /** synchronous=NORMAL (default) or FULL; see openExchangeDb. */
  durability?: 'normal' | 'full';
  retention?: RetentionSettings;
  /** How often background retention runs; 0 disables the timer (tests call enforceRetention). */
  retentionIntervalMs?: number;
  writer?: { maxDelayMs?: number; maxBatch?: number };
  /** Recorded as the owner of the leases this process takes on owed deliveries. */
  nodeId?: string;
}

export type PurgeRequest = { all: true } | { olderThan: string };

/**
 * The exchange store as the rest of the core sees it: appends that resolve once
 * committed, reads for the log view, retention and purge.
 */
export class ExchangeFile {
  readonly path: string;
  private readonly rows: ExchangeRows;
  private readonly writer: GroupWriter<ExchangeWrite>;
  private readonly timer: RetentionTimer;
  /** Started by the first write: a log that is only read needs no checkpoints, and start-up stays lean. */
  private checkpointer: Checkpointer | null = null;
  private readonly logger: Logger;
  private readonly clock: Clock;
  private retention: RetentionSettings;
  private open = true;
  private readonly search: SearchUpkeep;
  readonly synchronous: string;
  readonly journalMode: string;

  constructor(opts: ExchangeFileOptions) {
    this.path = opts.path;
    this.clock = opts.clock ?? systemClock;
    const logger = opts.log ?? silentLogger;
    const opened = openExchangeDb(opts.path, opts.durability);
    this.synchronous = opened.synchronous;
    this.journalMode = opened.journalMode;
    this.rows = new ExchangeRows(opened.db, opts.bodyCapBytes ?? DEFAULT_BODY_CAP, opts.nodeId, true);
    this.writer = new GroupWriter({
      commit: (writes) => {
        this.rows.writeBatch(writes);
        this.search.afterCommit();
      },
      log: logger,
      ...opts.writer,
    });
    this.logger = logger;
    this.search = new SearchUpkeep(this.rows, logger);
    this.retention = opts.retention ?? DEFAULT_RETENTION;
    this.timer = new RetentionTimer(() => this.enforceRetention(), opts.retentionIntervalMs ?? 10 * 60_000, logger);
    if (opts.retentionIntervalMs !== 0) this.timer.start();
  }

  private get db() {
    return this.rows.db;
  }

  /** Resolves after the transaction holding the record committed; rejects if it could not be stored. */
  append(write: ExchangeWrite): Promise<void> {
    this.checkpointer ??= new Checkpointer(this.db, this.path, this.logger);
    return this.writer.append(write);
  }
  appendDelivery(delivery: NewDelivery): Promise<void> {
    return this.append({ type: 'delivery', delivery });
  }
  appendAttempt(attempt: NewAttempt, update?: DeliveryUpdate): Promise<void> {
    return this.append({ type: 'attempt', attempt, update });
  }
  updateDelivery(id: string, update: DeliveryUpdate): Promise<void> {
    return this.append({ type: 'deliveryUpdate', id, update });
  }
  appendCapture(capture: NewCapture): Promise<void> {
    return this.append({ type: 'capture', capture });
  }

  /** Waits until everything appended so far has committed. */
  flush(): Promise<void> {
    return this.writer.drain();
  }

  /**
   * Commits the queued group now instead of at the end of its window, for a
   * writer that knows nobody else will join it (the receiver, when every open
   * connection is already waiting for its commit): waiting longer is idle time.
   */
  commitNow(): void {
    this.writer.flush();
  }

  query(filter: ExchangeFilter, page?: { limit?: number; cursor?: string | null }): ExchangePage {
    if (filter.text) this.search.now();
    return queryExchanges(this.rows, filter, page);
  }

  facets(filter: ExchangeFilter): ExchangeFacets {
    if (filter.text) this.search.now();
    return exchangeFacets(this.rows, filter);
  }

  /** The engine's reads (persisted schedule, health); commits queued writes first so they see them. */
  deliveries(): DeliveryQueries {
    this.writer.flush();
    return new DeliveryQueries(this.rows);
  }

  getExchange(id: string): ExchangeDetail | null {
    return this.rows.reads.getExchange(id);
  }

  replaySource(id: string): ReplaySource | null {
    return this.rows.reads.replaySource(id);
  }

  /** The sealed originals of a capture's masked credential headers, or null (see revealCredentials). */
  sealedCredentials(id: string): string | null {
    return this.rows.reads.sealedCredentials(id);
  }

  setRetention(settings: RetentionSettings): void {
    this.retention = settings;
  }

  enforceRetention(): Promise<number> {
    this.writer.flush();
    return enforceRetention(
      this.db,
      this.retention,
      this.clock,
      () => this.open,
      (seq) => this.rows.forgetUpTo(seq),
    );
  }

  /** Deletes in small batches so appends keep committing meanwhile; resolves with the number of exchanges removed. */
  async purge(request: PurgeRequest): Promise<number> {
    this.writer.flush();
    const upTo = 'all' in request ? Number.MAX_SAFE_INTEGER : toMs(request.olderThan, 'olderThan') * SEQ_PER_MS - 1;
    const removed = await deleteUpTo(
      this.db,
      upTo,
      () => this.open,
      (seq) => this.rows.forgetUpTo(seq),
    );
    if (this.open) this.db.exec(DROP_EMPTY_COUNTS_SQL);
    return removed;
  }

  info(): StorageInfo {
    const size = (p: string) => {
      try {
        return statSync(p).size;
      } catch {
        return 0;
      }
    };
    const byKind = arrays(this.db.prepare('SELECT kind, sum(n) FROM exchange_rollup GROUP BY kind')).all() as [
      number,
      number,
    ][];
    const deliveries = byKind.find(([k]) => k === 0)?.[1] ?? 0;
    const captures = byKind.find(([k]) => k === 1)?.[1] ?? 0;
    return {
      dbPath: this.path,
      dbBytes: size(this.path),
      walBytes: size(`${this.path}-wal`),
      rows: {
        exchanges: deliveries + captures,
        deliveries,
        captures,
        attempts: Number(scalar(this.db, 'SELECT count(*) FROM attempt')),
      },
      retention: { ...this.retention },
      bodyCapBytes: this.rows.bodyCap,
      synchronous: this.synchronous,
      journalMode: this.journalMode,
    };
  }

  integrityCheck(): string {
    return String(scalar(this.db, 'PRAGMA integrity_check'));
  }

  async close(): Promise<void> {
    if (!this.open) return;
    this.writer.close();
    this.search.now();
    this.search.stop();
    this.open = false;
    await this.timer.stop();
    await this.checkpointer?.stop();
    this.db.exec('PRAGMA optimize');
    this.db.close();
  }
}
