import type { Clock } from '../clock';
import type { Logger } from '../log';
import type { DeliverySchedule, OwedDelivery } from '../store/port';

export interface ClaimLoopOptions {
  schedule: DeliverySchedule;
  clock: Clock;
  log: Logger;
  /** How often to look for owed deliveries no node holds. */
  intervalMs: number;
  /** Claims what falls due within this much ahead, so each attempt still fires on its exact time. */
  horizonMs: number;
  leaseMs: number;
  batch: number;
  onClaim(delivery: OwedDelivery): void;
}

/**
 * Takes the shared schedule's owed deliveries that no node holds — never held
 * (a delivery another node wrote and died before sending), released, or whose
 * holder's lease ran out (it died) — in batches, as they come due. It replaces
 * re-arming every owed row at start: that would run on every node. A delivery
 * this node holds in memory keeps its lease and is never claimed here.
 */
export class ClaimLoop {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopped = false;
  private first = true;

  constructor(private readonly o: ClaimLoopOptions) {}

  start(): void {
    this.tick();
  }

  private tick(): void {
    if (this.stopped) return;
    this.running = this.claimAll()
      .catch((err: unknown) => this.o.log.warn('delivery schedule: a claim failed; trying again', String(err)))
      .finally(() => {
        this.running = null;
        if (this.stopped) return;
        this.timer = setTimeout(() => this.tick(), this.o.intervalMs);
        this.timer.unref();
      });
  }

  private async claimAll(): Promise<void> {
    let total = 0;
    for (;;) {
      const now = this.o.clock.now();
      const batch = await this.o.schedule.claim({
        now,
        dueBy: now + this.o.horizonMs,
        limit: this.o.batch,
        leaseMs: this.o.leaseMs,
      });
      if (this.stopped) return;
      for (const d of batch) this.o.onClaim(d);
      total += batch.length;
      if (batch.length < this.o.batch) break;
    }
    if (total && this.first) this.o.log.info(`delivery engine took up ${total} owed deliveries`);
    this.first = false;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }
}
