/**
 * The engine's work in flight (attempts, and the writes and announcements
 * that follow them), so stopping can wait for it.
 */
export class InFlight {
  private readonly pending = new Set<Promise<unknown>>();

  track<T>(p: Promise<T>): Promise<T> {
    this.pending.add(p);
    void p.finally(() => this.pending.delete(p)).catch(() => undefined);
    return p;
  }

  /** Waits for what is in flight, but no longer than `graceMs`. */
  async settle(graceMs: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([Promise.allSettled([...this.pending]), new Promise((r) => (timer = setTimeout(r, graceMs)))]);
    clearTimeout(timer);
  }

  async drained(): Promise<void> {
    await Promise.allSettled([...this.pending]);
  }
}
