import { parentPort, workerData } from 'node:worker_threads';
import { commitWithFallback } from './group-writer';
import { openTrafficDb } from './schema';
import { TrafficLog, type TrafficWrite } from './traffic-log';

/** What the main thread tells the writer thread at start (see writer-thread.ts). */
export interface WriterWorkerData {
  role: 'traffic-writer';
  path: string;
  durability: 'normal' | 'full';
  bodyCap: number;
  /** Int32 [0]: id of the last group committed or failed, so a blocked main thread can wait on it. */
  progress: SharedArrayBuffer;
}

export type ToWriter = { type: 'group'; id: number; writes: TrafficWrite[] } | { type: 'close' };
export type FromWriter =
  | { type: 'ready' }
  | { type: 'done'; id: number; errors: ({ name: string; message: string } | null)[] }
  | { type: 'fatal'; message: string };

function serve(port: NonNullable<typeof parentPort>, data: WriterWorkerData): void {
  const { db } = openTrafficDb(data.path, data.durability);
  // Checkpoints are the checkpointer's job; this connection only checkpoints itself if that one stalls.
  db.exec('PRAGMA wal_autocheckpoint = 10000');
  const log = new TrafficLog(db, data.bodyCap);
  const progress = new Int32Array(data.progress);
  port.on('message', (msg: ToWriter) => {
    if (msg.type === 'close') {
      db.close();
      port.close();
      return;
    }
    const errors = commitWithFallback(msg.writes, (writes) => log.writeBatch(writes)).map((err) =>
      err === null ? null : { name: (err as Error).name ?? 'Error', message: (err as Error).message ?? String(err) },
    );
    Atomics.store(progress, 0, msg.id);
    Atomics.notify(progress, 0);
    port.postMessage({ type: 'done', id: msg.id, errors } satisfies FromWriter);
  });
  port.postMessage({ type: 'ready' } satisfies FromWriter);
}

if (parentPort && (workerData as WriterWorkerData | undefined)?.role === 'traffic-writer') {
  try {
    serve(parentPort, workerData as WriterWorkerData);
  } catch (err) {
    parentPort.postMessage({ type: 'fatal', message: (err as Error).message ?? String(err) } satisfies FromWriter);
  }
}
