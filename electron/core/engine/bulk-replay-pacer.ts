import type { BulkReplayRate } from '../../../shared/model/bulk-replay';

/** Replays in flight at most: enough that a slow endpoint (seconds per answer) still lets the rate through, bounded for a hung one. */
const MAX_SLOTS = 256;

/**
 * Paces the starts of a bulk replay and bounds how many run at once. Starts are
 * spaced on a grid (one interval apart), not "one interval after the previous
 * start returned", so timer lateness does not make the job slower than asked;
 * but when the job fell behind (all slots busy on a slow endpoint) the grid is
 * moved to now instead of bursting to catch up, so the rate is never exceeded
 * by more than a little catch-up. At 'max' there is no grid: a replay starts
 * whenever a slot is free, so the engine sets the pace. Every wait ends at once
 * when the job is aborted, so cancel and core.stop() are prompt.
 */
export class Pacer {
  /** 0 at 'max'. */
  private readonly intervalMs: number;
  /** How far behind the grid may be made up at full speed; beyond that the grid restarts from now. */
  private readonly catchUpMs: number;
  private readonly maxInFlight: number;
  private nextDue = performance.now();
  private running = 0;
  private aborted = false;
  /** Ends the walk's current wait (only the walk calls next(), one call at a time). */
  private wake: (() => void) | null = null;
  private readonly idle: (() => void)[] = [];

  constructor(rate: BulkReplayRate) {
    this.intervalMs = rate === 'max' ? 0 : 1000 / rate;
    this.catchUpMs = Math.max(this.intervalMs, 50);
    this.maxInFlight = rate === 'max' ? MAX_SLOTS : Math.min(MAX_SLOTS, Math.max(8, rate * 2));
  }

  get isAborted(): boolean {
    return this.aborted;
  }

  abort(): void {
    this.aborted = true;
    this.wake?.();
  }

  /** Resolves when the next start is due and a slot is free; false when aborted meanwhile. */
  async next(): Promise<boolean> {
    for (;;) {
      if (this.aborted) return false;
      // A counter and one waiter: racing every task in flight cost O(slots) per start and piled reactions on each task.
      if (this.running >= this.maxInFlight) {
        await this.sleep();
        continue;
      }
      const now = performance.now();
      if (now - this.nextDue > this.catchUpMs) this.nextDue = now;
      const wait = this.nextDue - now;
      if (wait > 0) {
        await this.sleep(wait);
        continue;
      }
      this.nextDue += this.intervalMs;
      return true;
    }
  }

  /** Tracks a started task; its failure is the task's business (it reports its own). */
  track(task: Promise<unknown>): void {
    this.running++;
    const settle = () => {
      this.running--;
      this.wake?.();
      if (this.running === 0) for (const resolve of this.idle.splice(0)) resolve();
    };
    task.then(settle, settle);
  }

  /** Resolves once every started task has settled. */
  settled(): Promise<void> {
    if (this.running === 0) return Promise.resolve();
    return new Promise((resolve) => this.idle.push(resolve));
  }

  /** Until a task settles, the job is aborted, or `ms` pass (when given). */
  private sleep(ms?: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = ms === undefined ? undefined : setTimeout(() => done(), ms);
      const done = () => {
        clearTimeout(timer);
        this.wake = null;
        resolve();
      };
      this.wake = done;
    });
  }
}
