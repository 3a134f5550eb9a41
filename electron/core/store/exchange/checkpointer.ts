import { Worker } from 'node:worker_threads';
import type { Logger } from '../../log';
import type { Db } from './schema';

/**
 * Runs in the worker: its own connection to the same file, checkpointing the
 * WAL into the database every few ms. PASSIVE never waits for readers or the
 * writer; once a checkpoint has copied every frame, the writer's next commit
 * starts the WAL over, so the file stays small.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { DatabaseSync } = require('node:sqlite');
const db = new DatabaseSync(workerData.path, { timeout: 0 });
const timer = setInterval(() => {
  try { db.exec('PRAGMA wal_checkpoint(PASSIVE)'); } catch (err) { parentPort.postMessage(String(err && err.message || err)); }
}, workerData.intervalMs);
parentPort.on('message', () => { clearInterval(timer); db.close(); parentPort.close(); });
`;

/** Pages the writer may leave in the WAL before checkpointing itself: only reached if the worker stalls. */
const FALLBACK_AUTOCHECKPOINT = 10_000;

/**
 * Moves WAL checkpoints off the event loop. With SQLite's default
 * auto-checkpoint, every thousandth page written made one commit copy 4 MB
 * into the database file while the event loop waited: about half of a group
 * commit's cost (measured). If the worker cannot start, the writer goes back
 * to checkpointing itself.
 */
export class Checkpointer {
  private worker: Worker | null = null;

  constructor(
    private readonly db: Db,
    path: string,
    log: Logger,
    intervalMs = 50,
  ) {
    try {
      const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { path, intervalMs } });
      worker.unref();
      worker.on('message', (msg: string) => log.warn('exchange store checkpoint failed', msg));
      worker.on('error', (err) => {
        if (this.worker !== worker) return; // already stopped: the database may be closed
        this.worker = null;
        log.warn('exchange store checkpointer stopped; checkpointing on the main thread', err.message);
        this.db.exec('PRAGMA wal_autocheckpoint = 1000');
      });
      this.db.exec(`PRAGMA wal_autocheckpoint = ${FALLBACK_AUTOCHECKPOINT}`);
      this.worker = worker;
    } catch (err) {
      log.warn('exchange store checkpointer unavailable; checkpointing on the main thread', (err as Error).message);
    }
  }

  /** Stops the worker and waits for its connection to close, so the writer's close can checkpoint and remove the WAL. */
  async stop(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    if (!worker) return;
    const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
    worker.ref(); // an unref'd worker would let the process exit before the database is closed
    worker.postMessage('stop');
    await exited;
  }
}
