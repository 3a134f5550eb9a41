/**
 * Paces the starts of a bulk replay and bounds how many run at once. Starts are
 * spaced on a grid (one interval apart), not "one interval after the previous
 * start returned", so timer lateness does not make the job slower than asked;
 * but when the job fell behind (all slots busy on a slow endpoint) the grid is
 * moved to now instead of bursting to catch up, so the rate is never exceeded
 * by more than a little catch-up. Every wait ends at once when the job is
 * aborted, so cancel and core.stop() are prompt.
 */
export class Pacer {
  private readonly intervalMs: number;
  /** How far behind the grid may be made up at full speed; beyond that the grid restarts from now. */
  private readonly catchUpMs: number;
  private nextDue = performance.now();
  private readonly inFlight = new Set<Promise<unknown>>();
  private aborted = false;
  private wake: () => void = () => {};
  private readonly abortedSignal: Promise<void>;

  constructor(
    ratePerSecond: number,
    private readonly maxInFlight: number,
  ) {
    this.intervalMs = 1000 / ratePerSecond;
    this.catchUpMs = Math.max(this.intervalMs, 50);
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
    const now = performance.now();
    if (now - this.nextDue > this.catchUpMs) this.nextDue = now;
    const wait = this.nextDue - now;
    if (!this.aborted && wait > 0) {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([this.abortedSignal, new Promise((r) => (timer = setTimeout(r, wait)))]);
      clearTimeout(timer);
    }
    if (this.aborted) return false;
    this.nextDue += this.intervalMs;
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
