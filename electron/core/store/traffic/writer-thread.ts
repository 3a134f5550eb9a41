import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Logger } from '../../log';
import { GroupWriter, WriterClosedError } from './group-writer';
import type { TrafficWrite } from './traffic-log';
import type { FromWriter, ToWriter, WriterWorkerData } from './writer-worker';

/** What the store needs from a writer, whether it commits on this thread or another. */
export interface TrafficWriter {
  append(write: TrafficWrite): Promise<void>;
  /** Hands over what is queued now and blocks until it has committed, so the caller's next read sees it. */
  flush(): void;
  /** Hands over what is queued now without waiting (the receiver's "nobody else is coming"). */
  commitNow(): void;
  drain(): Promise<void>;
  close(): void | Promise<void>;
}

export interface WriterThreadOptions {
  path: string;
  durability: 'normal' | 'full';
  bodyCap: number;
  log: Logger;
  maxDelayMs?: number;
  maxBatch?: number;
  /** The writer used when the thread cannot start; commits on this thread. */
  inThread: () => GroupWriter<TrafficWrite>;
  /** Tests point this at a file that fails to load. */
  entry?: { url: string; tsx?: string } | null;
}

/**
 * Finds the worker's module: next to this file when running from source (then
 * tsx compiles it in the worker too), or the `traffic-writer.js` entry that
 * electron-vite emits beside the built chunks.
 */
function locateEntry(): { url: string; tsx?: string } | null {
  const here = import.meta.url;
  if (here.endsWith('.ts')) {
    try {
      return { url: new URL('./writer-worker.ts', here).href, tsx: join(dirname(createRequire(here).resolve('tsx/package.json')), 'dist/esm/api/index.mjs') };
    } catch {
      return null;
    }
  }
  for (const rel of ['./traffic-writer.js', '../traffic-writer.js']) {
    const url = new URL(rel, here);
    if (existsSync(fileURLToPath(url))) return { url: url.href };
  }
  return null;
}

const BOOTSTRAP = `
const { parentPort, workerData } = require('node:worker_threads');
(async () => {
  // From source, tsx compiles the worker's TypeScript (its preload registers only on the main thread).
  if (workerData.tsx) (await import(require('node:url').pathToFileURL(workerData.tsx).href)).register();
  await import(workerData.entry);
})().catch((err) => parentPort.postMessage({ type: 'fatal', message: String((err && err.message) || err) }));
`;

/** Longest a flush blocks the event loop waiting for the writer thread before giving up. */
const FLUSH_TIMEOUT_MS = 30_000;

interface Pending {
  write: TrafficWrite;
  resolve(): void;
  reject(err: unknown): void;
}

/**
 * Group commit on a worker thread. SQLite's work for a delivery and its attempt
 * (about 200 µs of CPU, measured) used to run on the event loop between HTTP
 * callbacks; here the event loop only copies each group to the thread. One
 * group is in the thread at a time and the next one gathers meanwhile, so
 * groups grow with load. Promises settle when the thread reports the commit.
 * If the thread cannot start, the same groups commit on this thread instead.
 */
export class WriterThread implements TrafficWriter {
  private queue: Pending[] = [];
  private readonly inFlight = new Map<number, Pending[]>();
  private nextId = 1;
  private timer: NodeJS.Timeout | null = null;
  private worker: Worker | null = null;
  private ready = false;
  private fallback: GroupWriter<TrafficWrite> | null = null;
  private closed = false;
  private idleWaiters: (() => void)[] = [];
  private readonly progress = new SharedArrayBuffer(4);
  private readonly progressView = new Int32Array(this.progress);
  private readonly maxDelayMs: number;
  private readonly maxBatch: number;

  constructor(private readonly opts: WriterThreadOptions) {
    this.maxDelayMs = opts.maxDelayMs ?? 4;
    this.maxBatch = opts.maxBatch ?? 1000;
    const entry = opts.entry === undefined ? locateEntry() : opts.entry;
    if (!entry) {
      this.useInThread('its module was not found', []);
      return;
    }
    const data: WriterWorkerData & { entry: string; tsx?: string } = {
      role: 'traffic-writer', path: opts.path, durability: opts.durability, bodyCap: opts.bodyCap, progress: this.progress,
      entry: entry.url, ...(entry.tsx ? { tsx: entry.tsx } : {}),
    };
    const worker = new Worker(BOOTSTRAP, { eval: true, workerData: data });
    worker.unref();
    worker.on('message', (msg: FromWriter) => this.onMessage(msg));
    worker.on('error', (err) => this.onFailure(err.message));
    worker.on('exit', () => this.onFailure('it exited'));
    this.worker = worker;
  }

  /** False once commits have moved to this thread. */
  get threaded(): boolean {
    return !this.fallback;
  }

  append(write: TrafficWrite): Promise<void> {
    if (this.fallback) return this.fallback.append(write);
    if (this.closed) return Promise.reject(new WriterClosedError());
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ write, resolve, reject });
      if (this.queue.length >= this.maxBatch) this.send();
      else this.timer ??= setTimeout(() => this.send(), this.maxDelayMs);
    });
  }

  /** Posts the queued group unless one is already in the thread; that one's answer posts the next. */
  private send(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (!this.worker || this.inFlight.size > 0 || !this.queue.length) return;
    this.post(this.queue.splice(0, this.maxBatch));
  }

  private post(group: Pending[]): number {
    const id = this.nextId++;
    this.inFlight.set(id, group);
    this.worker!.ref(); // a group in the thread keeps the process alive until it has committed
    this.worker!.postMessage({ type: 'group', id, writes: group.map((p) => p.write) } satisfies ToWriter);
    return id;
  }

  private onMessage(msg: FromWriter): void {
    if (msg.type === 'ready') this.ready = true;
    else if (msg.type === 'fatal') this.onFailure(msg.message);
    else this.settle(msg.id, msg.errors);
  }

  private settle(id: number, errors: ({ name: string; message: string } | null)[]): void {
    const group = this.inFlight.get(id);
    if (!group) return;
    this.inFlight.delete(id);
    group.forEach((p, i) => {
      const e = errors[i];
      if (!e) return p.resolve();
      this.opts.log.warn('traffic log write failed', e.message);
      const err = new Error(e.message);
      err.name = e.name;
      p.reject(err);
    });
    if (this.queue.length) this.send();
    if (!this.inFlight.size) {
      this.worker?.unref();
      if (!this.queue.length) for (const w of this.idleWaiters.splice(0)) w();
    }
  }

  /**
   * The thread failed. Before it said ready it has written nothing, so its groups
   * commit here instead; after that, a group it held may or may not have
   * committed, and saying so is the only honest answer.
   */
  private onFailure(why: string): void {
    if (this.fallback || (this.closed && !this.inFlight.size)) return;
    const held = [...this.inFlight.values()].flat();
    this.inFlight.clear();
    if (this.ready) {
      for (const p of held) p.reject(new Error(`the traffic log writer thread stopped (${why}); this record may not have been stored`));
      this.useInThread(why, []);
    } else this.useInThread(why, held);
  }

  private useInThread(why: string, unwritten: Pending[]): void {
    this.opts.log.warn('traffic log writer thread unavailable; writing on the main thread', why);
    const worker = this.worker;
    this.worker = null;
    void worker?.terminate();
    this.fallback = this.opts.inThread();
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    for (const p of [...unwritten, ...this.queue.splice(0)]) this.fallback.append(p.write).then(p.resolve, p.reject);
    for (const w of this.idleWaiters.splice(0)) void this.fallback.drain().then(w);
    if (this.closed) this.fallback.close();
  }

  flush(): void {
    if (this.fallback) return this.fallback.flush();
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (!this.worker) return;
    let last = 0;
    while (this.queue.length) last = this.post(this.queue.splice(0, this.maxBatch));
    if (!last) last = Math.max(0, ...this.inFlight.keys());
    const deadline = Date.now() + FLUSH_TIMEOUT_MS;
    // Blocks like the in-thread writer's synchronous commit did; the answers still arrive as messages.
    while (Atomics.load(this.progressView, 0) < last) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`the traffic log writer thread did not commit within ${FLUSH_TIMEOUT_MS / 1000} s`);
      Atomics.wait(this.progressView, 0, Atomics.load(this.progressView, 0), Math.min(left, 100));
    }
  }

  commitNow(): void {
    if (this.fallback) return this.fallback.flush();
    this.send();
  }

  drain(): Promise<void> {
    if (this.fallback) return this.fallback.drain();
    if (!this.queue.length && !this.inFlight.size) return Promise.resolve();
    this.send();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.fallback) return this.fallback.close();
    while (this.queue.length) this.post(this.queue.splice(0, this.maxBatch));
    await this.drain();
    const worker = this.worker;
    if (!worker) return;
    this.worker = null;
    const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
    worker.ref();
    worker.postMessage({ type: 'close' } satisfies ToWriter);
    await exited;
  }
}
