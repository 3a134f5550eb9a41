import type { DeliveryChange } from '../../../shared/model/subscription';
import type { DeliveryOutcome, DeliveryUpdate } from '../../../shared/model/exchange';
import type { Logger } from '../log';
import type { ExchangeStore } from '../store/port';
import { deliveryChange, jobOf, type Job } from './delivery-job';
import type { SendResult } from './http-sender';
import type { InFlight } from './in-flight';
import { isoTime } from './iso-time';
import type { BuiltRequest } from './request-builder';

export interface LedgerDeps {
  exchanges: ExchangeStore;
  log: Logger;
  onChange?: (change: DeliveryChange) => void;
}

/**
 * The deliveries this node holds, by id, and the bookkeeping of what their
 * attempts come to: every outcome is written to the exchange store, then
 * announced with the delivery's whole list row.
 */
export class DeliveryLedger {
  readonly jobs = new Map<string, Job>();

  constructor(
    private readonly d: LedgerDeps,
    private readonly inFlight: InFlight,
  ) {}

  /** A delivery read back from the store (resumed or claimed), or null when it is not a delivery. */
  async load(id: string): Promise<Job | null> {
    const found = await this.d.exchanges.getExchange(id);
    return found?.kind === 'delivery' ? jobOf(found.delivery) : null;
  }

  async finalize(job: Job, outcome: DeliveryOutcome, why: string): Promise<null> {
    job.writeRow?.();
    this.jobs.delete(job.id);
    this.d.log.info(`delivery ${job.id} ${outcome}: ${why}`);
    await this.d.exchanges.updateDelivery(job.id, { outcome, nextAttemptAt: null }, { leaseUntil: null });
    this.changed(job, outcome, null);
    return null;
  }

  /**
   * Writes an answered attempt with the delivery's new outcome and lease
   * (`job.leaseUntil`), and announces it once committed. Not awaited: the
   * answer is known now, and the writer commits in append order, so a retry's
   * attempt can never land before this one. Until it commits the delivery is
   * still owed in the log, so a crash in between resends it (it counts as in flight).
   */
  recordAttempt(
    job: Job,
    startedAt: number,
    built: BuiltRequest,
    result: SendResult,
    error: string | null,
    outcome: DeliveryOutcome,
    nextAt: number | null,
  ): void {
    const res = result.response;
    const update: DeliveryUpdate = { outcome, nextAttemptAt: nextAt === null ? null : isoTime(nextAt) };
    // A held row goes first, in the same group as its attempt: one row insert (first-attempt-fold.ts).
    job.writeRow?.();
    const recorded = this.d.exchanges.appendAttempt(
      {
        deliveryId: job.id,
        n: job.attempts,
        startedAt: isoTime(startedAt),
        request: { headers: built.loggedHeaders, body: built.body },
        response: res ? { status: res.status, headers: res.headers, body: res.body } : null,
        timings: result.timings,
        error,
      },
      update,
      { leaseUntil: job.leaseUntil ?? null },
    );
    job.lastStatus = res?.status ?? null;
    job.durationMs = result.timings.totalMs;
    const snapshot = { ...job };
    void this.inFlight
      .track(recorded.then(() => this.changed(snapshot, outcome, nextAt)))
      .catch((err: unknown) => this.d.log.error(`delivery ${job.id}: attempt ${job.attempts} not recorded`, err));
  }

  /** Announces a committed change with the delivery's whole list row. */
  changed(job: Job, outcome: DeliveryOutcome, nextAt: number | null): void {
    if (this.d.onChange) this.d.onChange(deliveryChange(job, outcome, nextAt));
  }
}
