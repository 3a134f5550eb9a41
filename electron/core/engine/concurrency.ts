/**
 * Bounds requests in flight overall and per endpoint. A hung endpoint can
 * hold at most its own share of slots, so the others keep moving; waiters are
 * served round-robin across endpoints so a deep queue for one cannot starve another.
 */
export class ConcurrencyLimiter {
  private active = 0;
  private readonly perKey = new Map<string, number>();
  private readonly queues = new Map<string, (() => void)[]>();

  constructor(
    readonly maxTotal: number,
    readonly maxPerKey: number,
  ) {}

  async run<T>(key: string, work: () => Promise<T>): Promise<T> {
    await this.acquire(key);
    try {
      return await work();
    } finally {
      this.release(key);
    }
  }

  get inFlight(): number {
    return this.active;
  }

  private canStart(key: string): boolean {
    return this.active < this.maxTotal && (this.perKey.get(key) ?? 0) < this.maxPerKey;
  }

  private take(key: string): void {
    this.active++;
    this.perKey.set(key, (this.perKey.get(key) ?? 0) + 1);
  }

  private acquire(key: string): Promise<void> {
    if (!this.queues.get(key)?.length && this.canStart(key)) {
      this.take(key);
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const queue = this.queues.get(key) ?? [];
      queue.push(resolve);
      this.queues.set(key, queue);
    });
  }

  private release(key: string): void {
    this.active--;
    const left = (this.perKey.get(key) ?? 1) - 1;
    if (left === 0) this.perKey.delete(key);
    else this.perKey.set(key, left);
    this.drain();
  }

  private drain(): void {
    // Map iteration order rotates: a served key moves to the back.
    for (const [key, queue] of [...this.queues]) {
      if (this.active >= this.maxTotal) return;
      if (!this.canStart(key)) continue;
      const next = queue.shift()!;
      this.queues.delete(key);
      if (queue.length) this.queues.set(key, queue);
      this.take(key);
      next();
    }
  }
}
