import { statSync } from 'node:fs';
import type {
  DeliveryUpdate,
  ExchangeDetail,
  LogFacets,
  LogFilter,
  LogPage,
  NewAttempt,
  NewCapture,
  NewDelivery,
  RetentionSettings,
  StorageInfo,
} from '../../../../shared/model/traffic';
import { systemClock, type Clock } from '../../clock';
import { silentLogger, type Logger } from '../../log';
import { DEFAULT_BODY_CAP } from './body-codec';
import { Checkpointer } from './checkpointer';
import { DeliveryQueries } from './delivery-queries';
import { GroupWriter, WriterClosedError } from './group-writer';
import { logFacets, queryLog } from './query';
import { DEFAULT_RETENTION, deleteUpTo, enforceRetention, RetentionTimer } from './retention';
import { openTrafficDb, scalar, SEQ_PER_MS } from './schema';
import { TrafficLog, toMs, type TrafficWrite } from './traffic-log';
import { WriterThread, type TrafficWriter } from './writer-thread';

export interface TrafficStoreOptions {
  path: string;
  clock?: Clock;
  log?: Logger;
  bodyCapBytes?: number;
  /** synchronous=NORMAL (default) or FULL; see openTrafficDb. */
  durability?: 'normal' | 'full';
  retention?: RetentionSettings;
  /** How often background retention runs; 0 disables the timer (tests call enforceRetention). */
  retentionIntervalMs?: number;
  writer?: { maxDelayMs?: number; maxBatch?: number };
  /** Commit on a worker thread (default) or on this one; see writer-thread.ts. */
  writerThread?: boolean;
}

export type PurgeRequest = { all: true } | { olderThan: string };

/**
 * The traffic log as the rest of the core sees it: appends that resolve once
 * committed, reads for the log view, retention and purge.
 */
export class TrafficStore {
  readonly path: string;
  private readonly log: TrafficLog;
  /** Started by the first write, like the checkpointer. */
  private writer: TrafficWriter | null = null;
  private readonly writerOptions: { maxDelayMs?: number; maxBatch?: number };
  private readonly durability: 'normal' | 'full';
  private readonly useThread: boolean;
  private readonly timer: RetentionTimer;
  /** Started by the first write: a log that is only read needs no checkpoints, and start-up stays lean. */
  private checkpointer: Checkpointer | null = null;
  private readonly logger: Logger;
  private readonly clock: Clock;
  private retention: RetentionSettings;
  private open = true;
  readonly synchronous: string;
  readonly journalMode: string;

  constructor(opts: TrafficStoreOptions) {
    this.path = opts.path;
    this.clock = opts.clock ?? systemClock;
    const logger = opts.log ?? silentLogger;
    const opened = openTrafficDb(opts.path, opts.durability);
    this.synchronous = opened.synchronous;
    this.journalMode = opened.journalMode;
    this.log = new TrafficLog(opened.db, opts.bodyCapBytes ?? DEFAULT_BODY_CAP);
    this.writerOptions = opts.writer ?? {};
    this.durability = opts.durability ?? 'normal';
    this.useThread = opts.writerThread ?? true;
    this.logger = logger;
    this.retention = opts.retention ?? DEFAULT_RETENTION;
    this.timer = new RetentionTimer(() => this.enforceRetention(), opts.retentionIntervalMs ?? 10 * 60_000, logger);
    if (opts.retentionIntervalMs !== 0) this.timer.start();
  }

  private get db() {
    return this.log.db;
  }

  private inThreadWriter(): GroupWriter<TrafficWrite> {
    return new GroupWriter({ commit: (writes) => this.log.writeBatch(writes), log: this.logger, ...this.writerOptions });
  }

  private startWriter(): TrafficWriter {
    if (!this.useThread) return this.inThreadWriter();
    return new WriterThread({
      path: this.path, durability: this.durability, bodyCap: this.log.bodyCap, log: this.logger, ...this.writerOptions,
      inThread: () => this.inThreadWriter(),
    });
  }

  /** Where commits run: on the writer thread, on this one (no thread, or it failed), or nowhere yet. */
  get writerMode(): 'thread' | 'main' | 'idle' {
    if (!this.writer) return 'idle';
    return this.writer instanceof WriterThread && this.writer.threaded ? 'thread' : 'main';
  }

  /** Resolves after the transaction holding the record committed; rejects if it could not be stored. */
  append(write: TrafficWrite): Promise<void> {
    if (!this.open) return Promise.reject(new WriterClosedError());
    this.checkpointer ??= new Checkpointer(this.db, this.path, this.logger);
    this.writer ??= this.startWriter();
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
    return this.writer?.drain() ?? Promise.resolve();
  }

  /**
   * Commits the queued group now instead of at the end of its window, for a
   * writer that knows nobody else will join it (the receiver, when every open
   * connection is already waiting for its commit): waiting longer is idle time.
   */
  commitNow(): void {
    this.writer?.commitNow();
  }

  query(filter: LogFilter, page?: { limit?: number; cursor?: string | null }): LogPage {
    return queryLog(this.log, filter, page);
  }

  facets(filter: LogFilter): LogFacets {
    return logFacets(this.log, filter);
  }

  /** The engine's reads (persisted schedule, health); commits queued writes first so they see them. */
  deliveries(): DeliveryQueries {
    this.writer?.flush();
    return new DeliveryQueries(this.log);
  }

  getExchange(id: string): ExchangeDetail | null {
    return this.log.getExchange(id);
  }

  setRetention(settings: RetentionSettings): void {
    this.retention = settings;
  }

  enforceRetention(): Promise<number> {
    this.writer?.flush();
    return enforceRetention(this.db, this.retention, this.clock, () => this.open);
  }

  /** Deletes in small batches so appends keep committing meanwhile; resolves with the number of exchanges removed. */
  async purge(request: PurgeRequest): Promise<number> {
    this.writer?.flush();
    const upTo = 'all' in request ? Number.MAX_SAFE_INTEGER : toMs(request.olderThan, 'olderThan') * SEQ_PER_MS - 1;
    const removed = await deleteUpTo(this.db, upTo, () => this.open);
    if (this.open) this.db.exec('DELETE FROM exchange_rollup WHERE n = 0; DELETE FROM exchange_facet_hour WHERE n = 0');
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
    const byKind = this.db.prepare('SELECT kind, sum(n) FROM exchange_rollup GROUP BY kind').raw().all() as [number, number][];
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
      bodyCapBytes: this.log.bodyCap,
      synchronous: this.synchronous,
      journalMode: this.journalMode,
    };
  }

  integrityCheck(): string {
    return String(scalar(this.db, 'PRAGMA integrity_check'));
  }

  async close(): Promise<void> {
    if (!this.open) return;
    this.open = false;
    await this.writer?.close();
    await this.timer.stop();
    await this.checkpointer?.stop();
    this.db.exec('PRAGMA optimize');
    this.db.close();
  }
}
