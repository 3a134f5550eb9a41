import type { AttemptSummary } from '../../../shared/model/subscription';
import { AD_HOC } from '../../../shared/model/exchange';
import { timeOrderedUuid } from '../ids';
import type { OwedDelivery } from '../store/port';
import { AttemptRunner, ATTEMPT_LEASE_MARGIN_MS, type AttemptDeps } from './attempt-runner';
import { jobOf, newJob, type Job, type NewJob } from './delivery-job';
import { DeliveryLedger, type LedgerDeps } from './delivery-ledger';
import { InFlight } from './in-flight';
import { JobTargets } from './job-targets';
import { buildRequest, deadlineOf } from './request-builder';
import { Scheduler } from './scheduler';
import { isoTime } from './iso-time';

// Deliveries sent to a URL with a secret given for that call only: the secret is never stored, so they get one attempt.
export { AD_HOC };
export type { NewJob };

export type EngineDeps = AttemptDeps & LedgerDeps;

/** Longest a waited first attempt holds its delivery's row back to write both in one insert. */
const HOLD_MS = 100;

/**
 * Owns the deliveries this node holds until they are final: the first send,
 * the retries, the cancel. The exchange store row (pending/retrying +
 * next_attempt_at, leased to this node) is written before anything is sent, so
 * a restart — or another node, once the lease runs out — finds every owed
 * attempt there. A retry keeps its lease until its due time + leaseMs and is
 * confirmed (one statement) before it is sent: a delivery cancelled, finished
 * or taken over elsewhere is dropped instead.
 */
export class DeliveryEngine {
  private readonly inFlight = new InFlight();
  private readonly ledger: DeliveryLedger;
  private readonly jobs: Map<string, Job>;
  private readonly targets: JobTargets;
  private readonly scheduler: Scheduler;
  private readonly attempts: AttemptRunner;

  constructor(private readonly d: EngineDeps) {
    this.ledger = new DeliveryLedger(d, this.inFlight);
    this.jobs = this.ledger.jobs;
    this.targets = new JobTargets(d.subscriptions);
    // A failed write (the store closed under a late attempt) must not crash the process: log it; the row stays owed.
    this.scheduler = new Scheduler(
      (id) =>
        void this.inFlight
          .track(this.attempts.run(id))
          .catch((err: unknown) => d.log.error(`delivery ${id} attempt failed`, err)),
      d.clock,
    );
    this.attempts = new AttemptRunner(d, this.ledger, this.targets, this.scheduler);
  }

  /** An owed delivery the claim loop took from the shared schedule: armed for its due time. */
  claimed(d: OwedDelivery): void {
    if (!this.attempts.running || this.scheduler.has(d.id)) return;
    this.scheduler.schedule(d.id, d.nextAttemptAt ?? this.d.clock.now());
  }

  /**
   * Signs the first attempt and writes the delivery as pending. Resolves once
   * the row is committed: from then on the delivery survives a crash. Signing
   * mistakes (a malformed secret) throw here, before anything is stored or sent.
   */
  async enqueue(spec: NewJob & { url: string }, opts: { schedule: boolean } = { schedule: true }): Promise<string> {
    const { job, append } = await this.write(spec);
    await append();
    this.jobs.set(job.id, job);
    // Committed: a list shows the queued row now, before its first attempt answers.
    this.ledger.changed(job, 'pending', job.createdAt);
    if (opts.schedule) this.scheduler.schedule(job.id, job.createdAt);
    return job.id;
  }

  /**
   * As enqueue, but the first attempt starts at once instead of after the
   * delivery's row committed. With `hold` (the caller waits for the answer
   * anyway), the row is handed to the store together with the attempt's
   * record when the answer comes within HOLD_MS, and the store writes the
   * delivery with its outcome in one row insert instead of an insert and an
   * update in two group commits (see first-attempt-fold.ts); a slower answer
   * lets the row go alone at HOLD_MS, so a list shows it as before. Nothing is
   * acknowledged before its row committed: the caller awaits `committed`. A
   * crash before that leaves an unacknowledged attempt unrecorded, as a crash
   * between an attempt and its record always could.
   */
  async enqueueAndSend(
    spec: NewJob & { url: string },
    opts: { hold: boolean },
  ): Promise<{ id: string; committed: Promise<void>; first: Promise<AttemptSummary | null> }> {
    const { job, append } = await this.write(spec);
    const queued = { ...job };
    let committed: Promise<void> | undefined;
    const writeRow = () => {
      if (committed) return;
      job.writeRow = undefined;
      clearTimeout(timer);
      committed = append();
      void this.inFlight
        .track(committed.then(() => this.ledger.changed(queued, 'pending', queued.createdAt)))
        .catch(() => undefined);
    };
    let timer: NodeJS.Timeout | undefined;
    if (opts.hold) {
      job.writeRow = writeRow;
      timer = setTimeout(writeRow, HOLD_MS);
    } else writeRow();
    this.jobs.set(job.id, job);
    const first = this.inFlight.track(this.attempts.run(job.id));
    // Whatever ended the attempt (sent, refused, the engine stopping), the row goes to the store.
    const done = first.finally(writeRow);
    void done.catch(() => undefined);
    return {
      id: job.id,
      committed:
        committed ??
        done.then(
          () => committed!,
          () => committed!,
        ),
      first,
    };
  }

  /** The job of a new delivery, signed, and its row handed to the store (held by this node: no claim needed). */
  private async write(spec: NewJob & { url: string }): Promise<{ job: Job; append: () => Promise<void> }> {
    const now = this.d.clock.now();
    const id = timeOrderedUuid(now);
    const job = newJob(spec, id, now);
    const { spec: target } = this.targets.target(job);
    job.prepared = await buildRequest(
      target,
      { id: spec.eventId, event: spec.event, body: spec.body },
      now,
      spec.negative,
    );
    // Written already held by this node: its first attempt needs no claim.
    const leaseUntil = (job.leaseUntil = now + deadlineOf(target) + ATTEMPT_LEASE_MARGIN_MS);
    const request = { method: 'POST', url: spec.url, headers: job.prepared.loggedHeaders, body: job.prepared.body };
    const append = () =>
      this.d.exchanges.appendDelivery(
        {
          id,
          createdAt: isoTime(now),
          eventType: spec.event,
          eventId: spec.eventId,
          subscriptionId: spec.subscriptionId ?? AD_HOC,
          profile: spec.profile,
          targetUrl: spec.url,
          outcome: 'pending',
          nextAttemptAt: isoTime(now),
          request,
          replayOf: spec.replayOf ?? null,
        },
        { leaseUntil },
      );
    return { job, append };
  }

  /** Hands a committed delivery to the scheduler (at once by default): no row is ever left owed with nothing to send it. */
  schedule(id: string, at = this.d.clock.now()): void {
    if (this.attempts.running) this.scheduler.schedule(id, at);
  }

  /** Runs one attempt now (used for waited and ordered sends); retries go through the scheduler. */
  sendNow(id: string, holdRetry = false): Promise<AttemptSummary | null> {
    const job = this.jobs.get(id);
    if (job) job.holdRetry = holdRetry;
    return this.inFlight.track(this.attempts.run(id));
  }

  /** After a FusionAuth transaction: held retries go ahead only when the call would have succeeded. */
  async releaseHeld(ids: string[], allowRetries: boolean): Promise<void> {
    for (const id of ids) {
      const job = this.jobs.get(id);
      if (!job || job.heldRetryAt === undefined || job.heldRetryAt === null) continue;
      const at = job.heldRetryAt;
      job.heldRetryAt = undefined;
      if (allowRetries) this.scheduler.schedule(id, at);
      else
        await this.ledger.finalize(
          job,
          'failed',
          'the FusionAuth transaction failed, so failed webhooks are not retried',
        );
    }
  }

  /**
   * Cancels pending retries; an attempt in flight finishes and is then marked
   * cancelled unless it succeeded. A delivery this node does not hold (another
   * node's, or one not yet due) is cancelled in the store: its holder's
   * confirm then fails, and an attempt it has in flight cannot undo the cancel.
   */
  async cancel(id: string): Promise<boolean> {
    const job = this.jobs.get(id);
    const wasScheduled = this.scheduler.cancel(id);
    if (wasScheduled || (job?.heldRetryAt ?? null) !== null) {
      // a resumed delivery is scheduled before its job is read back from the store
      const known = job ?? (await this.ledger.load(id));
      if (known) await this.ledger.finalize(known, 'cancelled', 'cancelled by the user');
      return true;
    }
    if (job) {
      job.cancelled = true;
      return true;
    }
    const found = await this.d.exchanges.getExchange(id);
    if (found?.kind !== 'delivery' || !['pending', 'retrying'].includes(found.delivery.outcome)) return false;
    await this.ledger.finalize(jobOf(found.delivery), 'cancelled', 'cancelled by the user');
    return true;
  }

  async cancelForSubscription(subscriptionId: string): Promise<number> {
    let n = 0;
    for (const id of await this.d.schedule.pendingFor(subscriptionId)) if (await this.cancel(id)) n++;
    return n;
  }

  get pending(): number {
    return this.scheduler.size;
  }

  /**
   * Stops scheduling; attempts queued behind the limits stay owed in the log.
   * Waits up to `graceMs` for attempts in flight, so the caller can then close
   * the sender (ending hung requests) and await `drained()`.
   */
  async stop(graceMs = 2000): Promise<void> {
    this.attempts.running = false;
    this.scheduler.stop();
    await this.inFlight.settle(graceMs);
  }

  async drained(): Promise<void> {
    await this.inFlight.drained();
  }
}
