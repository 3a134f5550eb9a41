/**
 * Paces the starts of a bulk replay and bounds how many run at once. Starts are
 * spaced on a fixed grid (start + i / rate), not "rate after the previous one",
 * so a slow row does not make the whole job drift slower than asked. Every wait
 * ends at once when the job is aborted, so cancel and core.stop() are prompt.
 */
export class Pacer {
  private readonly intervalMs: number;
  private readonly startedAt = performance.now();
  private started = 0;
  private readonly inFlight = new Set<Promise<unknown>>();
  private aborted = false;
  private wake: () => void = () => {};
  private readonly abortedSignal: Promise<void>;

  constructor(
    ratePerSecond: number,
    private readonly maxInFlight: number,
  ) {
    this.intervalMs = 1000 / ratePerSecond;
    this.abortedSignal = new Promise((resolve) => (this.wake = resolve));
  }

  get isAborted(): boolean {
    return this.aborted;
  }

  abort(): void {
    this.aborted = true;
    this.wake();
  }

  /** Resolves when the next start is due and a slot is free; false when aborted meanwhile. */
  async next(): Promise<boolean> {
    while (!this.aborted && this.inFlight.size >= this.maxInFlight) {
      await Promise.race([this.abortedSignal, ...this.inFlight]);
    }
    const due = this.startedAt + this.started * this.intervalMs;
    const wait = due - performance.now();
    if (!this.aborted && wait > 0) {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([this.abortedSignal, new Promise((r) => (timer = setTimeout(r, wait)))]);
      clearTimeout(timer);
    }
    if (this.aborted) return false;
    this.started++;
    return true;
  }

  /** Tracks a started task; its failure is the task's business (it reports its own). */
  track(task: Promise<unknown>): void {
    const settled = task.then(
      () => undefined,
      () => undefined,
    );
    this.inFlight.add(settled);
    void settled.then(() => this.inFlight.delete(settled));
  }

  /** Resolves once every started task has settled. */
  async settled(): Promise<void> {
    while (this.inFlight.size) await Promise.all([...this.inFlight]);
  }
}
