import type { Clock } from '../clock';

export interface Timers {
  set(fn: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

const realTimers: Timers = {
  set: (fn, ms) => {
    const t = setTimeout(fn, ms);
    t.unref?.();
    return t;
  },
  clear: (h) => clearTimeout(h as NodeJS.Timeout),
};

/** Longest single wait, so a far-off retry cannot overflow setTimeout (which caps at ~24.8 days). */
const MAX_WAIT_MS = 60 * 60 * 1000;

/**
 * When each owed attempt is due. The persisted truth is the exchange store
 * (outcome pending/retrying + next_attempt_at); this is the in-memory index
 * rebuilt from it on start, with one timer for the earliest entry.
 */
export class Scheduler {
  private readonly due = new Map<string, number>();
  private heap: { at: number; id: string }[] = [];
  private timer: unknown = null;
  private timerAt = Infinity;
  private stopped = false;

  constructor(
    private readonly fire: (id: string) => void,
    private readonly clock: Clock,
    private readonly timers: Timers = realTimers,
  ) {}

  schedule(id: string, at: number): void {
    if (this.stopped) return;
    this.due.set(id, at);
    this.push({ at, id });
    this.arm();
  }

  cancel(id: string): boolean {
    return this.due.delete(id);
  }

  has(id: string): boolean {
    return this.due.has(id);
  }

  get size(): number {
    return this.due.size;
  }

  stop(): void {
    this.stopped = true;
    if (this.timer !== null) this.timers.clear(this.timer);
    this.timer = null;
    this.due.clear();
    this.heap = [];
  }

  private arm(): void {
    const next = this.peek();
    if (!next || next.at >= this.timerAt) return;
    if (this.timer !== null) this.timers.clear(this.timer);
    this.timerAt = next.at;
    const wait = Math.min(MAX_WAIT_MS, Math.max(0, next.at - this.clock.now()));
    this.timer = this.timers.set(() => this.run(), wait);
  }

  private run(): void {
    this.timer = null;
    this.timerAt = Infinity;
    const now = this.clock.now();
    const ready: string[] = [];
    for (let top = this.peek(); top && top.at <= now; top = this.peek()) {
      this.pop();
      // Stale heap entries (rescheduled or cancelled ids) are skipped.
      if (this.due.get(top.id) === top.at) {
        this.due.delete(top.id);
        ready.push(top.id);
      }
    }
    this.arm();
    for (const id of ready) this.fire(id);
  }

  private peek(): { at: number; id: string } | undefined {
    while (this.heap.length && this.due.get(this.heap[0]!.id) !== this.heap[0]!.at) this.pop();
    return this.heap[0];
  }

  private push(item: { at: number; id: string }): void {
    const h = this.heap;
    h.push(item);
    for (let i = h.length - 1; i > 0;) {
      const p = (i - 1) >> 1;
      if (h[p]!.at <= h[i]!.at) break;
      [h[p], h[i]] = [h[i]!, h[p]!];
      i = p;
    }
  }

  private pop(): void {
    const h = this.heap;
    const last = h.pop()!;
    if (!h.length) return;
    h[0] = last;
    for (let i = 0; ;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < h.length && h[l]!.at < h[m]!.at) m = l;
      if (r < h.length && h[r]!.at < h[m]!.at) m = r;
      if (m === i) break;
      [h[m], h[i]] = [h[i]!, h[m]!];
      i = m;
    }
  }
}
