import type { RetentionSettings } from '../../../../shared/model/exchange';
import type { Clock } from '../../clock';
import type { Logger } from '../../log';
import { DROP_EMPTY_COUNTS_SQL, rollupRows } from './rollup';
import { scalar, SEQ_PER_MS, type Db } from './schema';

/**
 * Defaults: 90 days covers a quarter of history for debugging regressions,
 * and 1,000,000 rows (about 2–3 GB with 1 KiB bodies and the search index) is
 * where the benchmarks say the log is still instant. Whichever bites first wins.
 */
export const DEFAULT_RETENTION: RetentionSettings = { maxAgeDays: 90, maxRows: 1_000_000 };

const DAY_MS = 86_400_000;
/** Small batches keep each delete transaction to a few ms so group commits interleave. */
const BATCH = 500;

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Deletes the oldest rows up to and including `upToSeq`, one small transaction.
 * Rows are keyed by time, so "older than" and "the oldest N" are both a key
 * prefix; FTS entries are removed explicitly (external content needs the old text), only
 * for rows already indexed (search-index.ts).
 */
function deletePrefix(db: Db, upToSeq: number, onDelete?: (upToSeq: number) => void): number {
  const bound = scalar<number | null>(
    db,
    'SELECT max(seq) FROM (SELECT seq FROM exchange WHERE seq <= ? ORDER BY seq LIMIT ?)',
    upToSeq,
    BATCH,
  );
  if (bound === null || bound === undefined) return 0;
  db.exec('BEGIN IMMEDIATE');
  try {
    db.prepare(
      `INSERT INTO exchange_fts (exchange_fts, rowid, body, headers)
       SELECT 'delete', seq, body, headers FROM exchange_search
       WHERE seq <= min(?, (SELECT indexed_to FROM exchange_fts_state))`,
    ).run(bound);
    rollupRows(db, bound, -1);
    db.prepare('DELETE FROM exchange_content WHERE seq <= ?').run(bound);
    db.prepare('DELETE FROM attempt WHERE seq <= ?').run(bound);
    const { changes } = db.prepare('DELETE FROM exchange WHERE seq <= ?').run(bound);
    db.exec('COMMIT');
    onDelete?.(bound);
    return changes;
  } catch (err) {
    if (db.isTransaction) db.exec('ROLLBACK');
    throw err;
  }
}

export function rowCount(db: Db): number {
  return Number(scalar(db, 'SELECT coalesce(sum(n), 0) FROM exchange_rollup'));
}

/** Deletes every row whose seq is <= upToSeq, batch by batch, yielding between batches. */
export async function deleteUpTo(
  db: Db,
  upToSeq: number,
  isOpen: () => boolean,
  onDelete?: (upToSeq: number) => void,
): Promise<number> {
  let total = 0;
  while (isOpen()) {
    const n = deletePrefix(db, upToSeq, onDelete);
    total += n;
    if (n < BATCH) break;
    await yieldToEventLoop();
  }
  return total;
}

export async function enforceRetention(
  db: Db,
  settings: RetentionSettings,
  clock: Clock,
  isOpen: () => boolean,
  onDelete?: (upToSeq: number) => void,
): Promise<number> {
  let removed = 0;
  const cutoffMs = clock.now() - settings.maxAgeDays * DAY_MS;
  if (cutoffMs > 0) removed += await deleteUpTo(db, cutoffMs * SEQ_PER_MS - 1, isOpen, onDelete);
  let excess = rowCount(db) - settings.maxRows;
  while (excess > 0 && isOpen()) {
    const upTo = scalar<number>(
      db,
      'SELECT max(seq) FROM (SELECT seq FROM exchange ORDER BY seq LIMIT ?)',
      Math.min(excess, BATCH),
    );
    const n = deletePrefix(db, upTo, onDelete);
    if (n === 0) break;
    removed += n;
    excess -= n;
    await yieldToEventLoop();
  }
  if (removed > 0 && isOpen()) db.exec(`${DROP_EMPTY_COUNTS_SQL} PRAGMA optimize`);
  return removed;
}

/**
 * Runs retention now and then every `intervalMs`, one pass at a time; errors
 * are logged, never thrown (a full disk must not take the app down).
 */
export class RetentionTimer {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<number> | null = null;

  constructor(
    private readonly run: () => Promise<number>,
    private readonly intervalMs: number,
    private readonly log: Logger,
  ) {}

  start(): void {
    void this.runNow();
    this.timer = setInterval(() => void this.runNow(), this.intervalMs);
    this.timer.unref();
  }

  runNow(): Promise<number> {
    this.running ??= this.run()
      .catch((err) => {
        this.log.error('exchange store retention failed', err);
        return 0;
      })
      .finally(() => {
        this.running = null;
      });
    return this.running;
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }
}
