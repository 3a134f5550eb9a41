import type { Logger } from '../../log';

export interface GroupWriterOptions<T> {
  /** Writes the items in one transaction, or throws having written none of them. */
  commit(items: T[]): void;
  /** Longest a record waits for companions before its group commits. */
  maxDelayMs?: number;
  /** A group this large commits at once. */
  maxBatch?: number;
  log?: Logger;
}

interface Pending<T> {
  item: T;
  resolve(): void;
  reject(err: unknown): void;
}

export class WriterClosedError extends Error {
  constructor() {
    super('the exchange store is closed');
    this.name = 'WriterClosedError';
  }
}

/**
 * Group commit: callers hand records over and get a promise that settles only
 * after the transaction holding their record has committed (in the WAL; with
 * durability 'full', also fsynced). One commit per group instead of per record
 * is what keeps throughput under many concurrent writers.
 */
export class GroupWriter<T> {
  private queue: Pending<T>[] = [];
  private timer: NodeJS.Timeout | null = null;
  private closed = false;
  private readonly maxDelayMs: number;
  private readonly maxBatch: number;
  private idleWaiters: (() => void)[] = [];
  private lastCommitAt = -Infinity;
  private lastGroupSize = 0;
  private immediate: NodeJS.Immediate | null = null;

  constructor(private readonly opts: GroupWriterOptions<T>) {
    this.maxDelayMs = opts.maxDelayMs ?? 4;
    this.maxBatch = opts.maxBatch ?? 1000;
  }

  append(item: T): Promise<void> {
    if (this.closed) return Promise.reject(new WriterClosedError());
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      if (this.queue.length >= this.maxBatch) this.flushSoon(0);
      else if (this.lastGroupSize <= 1 && performance.now() - this.lastCommitAt >= this.maxDelayMs)
        this.flushAtTurnEnd();
      else this.flushSoon(this.maxDelayMs);
    });
  }

  get pending(): number {
    return this.queue.length;
  }

  private flushSoon(delay: number): void {
    if (this.timer && delay > 0) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.flush();
    }, delay);
  }

  /**
   * The last group held one record and a window has passed since: records come
   * one at a time, so waiting a window would only add latency (a lone capture
   * waited 4 ms for companions that never came). What arrived in this turn of
   * the event loop still commits together: setImmediate runs after every ready
   * socket was read. Under load groups are larger, and the window gathers them
   * (committing every turn then cost CPU per record, measured).
   */
  private flushAtTurnEnd(): void {
    this.immediate ??= setImmediate(() => {
      this.immediate = null;
      this.flush();
    });
  }

  /** Commits everything queued now; synchronous because node:sqlite is. */
  flush(): void {
    while (this.queue.length) {
      const group = this.queue.splice(0, this.maxBatch);
      this.commitGroup(group);
    }
    if (!this.timer) for (const w of this.idleWaiters.splice(0)) w();
  }

  private transaction(items: Pending<T>[]): void {
    this.opts.commit(items.map((p) => p.item));
  }

  private commitGroup(group: Pending<T>[]): void {
    this.lastCommitAt = performance.now();
    this.lastGroupSize = group.length;
    try {
      this.transaction(group);
    } catch {
      // One bad record must not sink its neighbours: retry each alone so only it fails.
      for (const p of group) this.commitOne(p);
      return;
    }
    for (const p of group) p.resolve();
  }

  private commitOne(p: Pending<T>): void {
    try {
      this.transaction([p]);
      p.resolve();
    } catch (err) {
      this.opts.log?.warn('exchange store write failed', err instanceof Error ? err.message : String(err));
      p.reject(err);
    }
  }

  /** Resolves once everything appended so far has committed. */
  drain(): Promise<void> {
    if (!this.queue.length && !this.timer && !this.immediate) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Commits what is queued, then refuses new records. */
  close(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.immediate) clearImmediate(this.immediate);
    this.immediate = null;
    this.flush();
    this.closed = true;
  }
}
