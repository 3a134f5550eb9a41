import type { Logger } from '../../log';
import type { ExchangeRows } from './exchange-rows';

/** Rows waiting that start indexing at once. */
const INDEX_BATCH = 2048;
/**
 * Rows indexed per turn of the event loop in the background (about 3 ms of
 * work): one 2,048-row transaction held the loop ~37 ms, the receiver's p99 ack.
 */
const INDEX_SLICE = 256;
/** Longest new rows wait to be indexed while writes trickle in (a search never waits: it catches up). */
const INDEX_DELAY_MS = 1000;

/**
 * Keeps the search index up behind the commits (see search-index.ts), one
 * bounded piece of work per turn of the event loop so that no ack waits long
 * behind it: a slice of new rows to index, or a step of merging the index's
 * segments, alternating while both are due so merging keeps pace with indexing.
 */
export class SearchUpkeep {
  private timer: NodeJS.Timeout | null = null;
  /** Slicing started (a full batch, or writes paused) and goes on until nothing waits. */
  private indexing = false;
  private mergeOwed = false;
  private lastWasIndex = false;
  private stopped = false;

  constructor(
    private readonly rows: ExchangeRows,
    private readonly logger: Logger,
  ) {}

  /** After a commit: indexing starts at once when a batch is full, else once writes pause. */
  afterCommit(): void {
    const pending = this.rows.search.pending;
    if (pending >= INDEX_BATCH && !this.indexing) {
      this.indexing = true;
      this.schedule(0);
    } else if (pending > 0 && !this.timer) this.schedule(INDEX_DELAY_MS);
  }

  /** Indexes every waiting row now, in one go: a search must find them all. */
  now(): void {
    if (this.stopped) return;
    if (this.index(Infinity) > 0) this.mergeOwed = true;
    this.indexing = false;
    if (this.mergeOwed && !this.timer) this.schedule(0);
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private schedule(delayMs: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      if (delayMs > 0) this.indexing = true;
      this.step();
    }, delayMs);
    this.timer.unref();
  }

  private step(): void {
    if (this.stopped) return;
    if (this.indexing && !(this.mergeOwed && this.lastWasIndex)) {
      if (this.index(INDEX_SLICE) > 0) this.mergeOwed = true;
      if (this.rows.search.pending === 0) this.indexing = false;
      this.lastWasIndex = true;
    } else if (this.mergeOwed) {
      this.mergeOwed = this.merge();
      this.lastWasIndex = false;
    }
    if (this.indexing || this.mergeOwed) this.schedule(0);
    else if (this.rows.search.pending > 0) this.schedule(INDEX_DELAY_MS);
  }

  // A failure leaves the work for the next slice, step or search; the rows themselves are committed.
  private index(maxRows: number): number {
    try {
      return this.rows.indexPending(maxRows);
    } catch (err) {
      this.logger.warn('exchange store: search indexing failed', err instanceof Error ? err.message : String(err));
      this.indexing = false;
      return 0;
    }
  }

  private merge(): boolean {
    try {
      return this.rows.search.mergeStep();
    } catch (err) {
      this.logger.warn(
        'exchange store: merging the search index failed',
        err instanceof Error ? err.message : String(err),
      );
      return false;
    }
  }
}
