import type { ProfileId } from '../../../shared/model/signing';
import type { AttemptSummary, DeliveryChange, NegativeOptions, Subscription } from '../../../shared/model/subscription';
import {
  AD_HOC,
  type Delivery,
  type DeliveryOutcome,
  type DeliveryUpdate,
  type ExchangeSummary,
} from '../../../shared/model/exchange';
import type { Clock } from '../clock';
import { timeOrderedUuid } from '../ids';
import type { Logger } from '../log';
import type { DeliverySchedule, ExchangeStore, OwedDelivery } from '../store/port';
import type { ConcurrencyLimiter } from './concurrency';
import type { HttpSender, SendResult } from './http-sender';
import { classify } from './outcome';
import { buildRequest, deadlineOf, type BuiltRequest, type TargetSpec } from './request-builder';
import { nextDelay, scheduleFor, SINGLE_ATTEMPT, type Schedule } from './retry-policy';
import { Scheduler } from './scheduler';
import { targetUrl } from './target-url';
import { isoTime } from './iso-time';
import type { SubscriptionService } from './subscriptions';

// Deliveries sent to a URL with a secret given for that call only: the secret is never stored, so they get one attempt.
export { AD_HOC };

export interface NewJob {
  eventId: string;
  event: string;
  profile: ProfileId;
  subscriptionId: string | null;
  body: Uint8Array;
  /** Given for ad-hoc targets; subscriptions are resolved at each attempt so edits apply to retries. */
  adHoc?: TargetSpec;
  negative?: NegativeOptions;
  /** The exchange this delivery replays. */
  replayOf?: string | null;
}

interface Job extends NewJob {
  id: string;
  url: string;
  attempts: number;
  /** What the list row shows, kept so every change event carries the whole row. */
  createdAt: number;
  size: number;
  lastStatus: number | null;
  durationMs: number | null;
  prepared?: BuiltRequest;
  cancelled?: boolean;
  /** FusionAuth transactions: the first attempt's retry waits for the transaction's verdict. */
  holdRetry?: boolean;
  /** A row not handed to the store yet (see enqueueAndSend): hands it over; the store must get it before any change. */
  writeRow?: () => void;
  heldRetryAt?: number | null;
  /** Resumed from a log row whose body the storage cap cut short. */
  truncated?: boolean;
  /** Until when this node is known to hold it (epoch ms); unknown means confirm before sending. */
  leaseUntil?: number;
}

export interface EngineDeps {
  exchanges: ExchangeStore;
  schedule: DeliverySchedule;
  /** How long past its due time a retry stays this node's; then another node may take it over. */
  leaseMs: number;
  subscriptions: SubscriptionService;
  sender: HttpSender;
  limiter: ConcurrencyLimiter;
  clock: Clock;
  log: Logger;
  onChange?: (change: DeliveryChange) => void;
  random?: () => number;
}

/** Longest a waited first attempt holds its delivery's row back to write both in one insert. */
const HOLD_MS = 100;
/** Beyond an attempt's own deadline: the lease an attempt in flight holds must outlast it. */
const ATTEMPT_LEASE_MARGIN_MS = 30_000;
const text = (b: Uint8Array) => Buffer.from(b).toString('utf8');

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
  private readonly jobs = new Map<string, Job>();
  private readonly scheduler: Scheduler;
  private readonly inFlight = new Set<Promise<unknown>>();
  private running = true;

  constructor(private readonly d: EngineDeps) {
    // A failed write (the store closed under a late attempt) must not crash the process: log it; the row stays owed.
    this.scheduler = new Scheduler(
      (id) =>
        void this.track(this.attempt(id)).catch((err: unknown) => d.log.error(`delivery ${id} attempt failed`, err)),
      d.clock,
    );
  }

  /** An owed delivery the claim loop took from the shared schedule: armed for its due time. */
  claimed(d: OwedDelivery): void {
    if (!this.running || this.scheduler.has(d.id)) return;
    this.scheduler.schedule(d.id, d.nextAttemptAt ?? this.d.clock.now());
  }

  /** Specs by subscription view: a view is replaced on every write, so a cached spec never outlives an edit. */
  private readonly specs = new WeakMap<Subscription, Omit<TargetSpec, 'url'>>();

  /** Where the job goes and how it is signed, resolved at each attempt so edits apply to retries. */
  private target(job: Job): { spec: TargetSpec; enabled: boolean } {
    if (job.adHoc) return { spec: job.adHoc, enabled: true };
    const sub = this.d.subscriptions.get(job.subscriptionId!);
    let shared = this.specs.get(sub);
    if (!shared) {
      const m = this.d.subscriptions.material(sub.id);
      shared = {
        profile: sub.profile,
        material: m,
        headers: sub.headers,
        basicAuth: sub.basicAuth ? { username: sub.basicAuth.username, password: m.basicAuthPassword ?? '' } : null,
        connectTimeoutMs: sub.connectTimeoutMs,
        readTimeoutMs: sub.readTimeoutMs,
        caCertificatePem: sub.caCertificatePem,
      };
      this.specs.set(sub, shared);
    }
    return { spec: { ...shared, url: job.url }, enabled: sub.enabled };
  }

  private retrySchedule(job: Job): Schedule {
    if (job.adHoc || job.negative) return SINGLE_ATTEMPT;
    return scheduleFor(job.profile, this.d.subscriptions.get(job.subscriptionId!).retry);
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
    this.changed(job, 'pending', job.createdAt);
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
      void this.track(committed.then(() => this.changed(queued, 'pending', queued.createdAt))).catch(() => undefined);
    };
    let timer: NodeJS.Timeout | undefined;
    if (opts.hold) {
      job.writeRow = writeRow;
      timer = setTimeout(writeRow, HOLD_MS);
    } else writeRow();
    this.jobs.set(job.id, job);
    const first = this.track(this.attempt(job.id));
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
    const job: Job = {
      ...spec,
      id,
      attempts: 0,
      createdAt: now,
      size: spec.body.byteLength,
      lastStatus: null,
      durationMs: null,
    };
    const { spec: target } = this.target(job);
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
    if (this.running) this.scheduler.schedule(id, at);
  }

  /** Runs one attempt now (used for waited and ordered sends); retries go through the scheduler. */
  sendNow(id: string, holdRetry = false): Promise<AttemptSummary | null> {
    const job = this.jobs.get(id);
    if (job) job.holdRetry = holdRetry;
    return this.track(this.attempt(id));
  }

  private track<T>(p: Promise<T>): Promise<T> {
    this.inFlight.add(p);
    void p.finally(() => this.inFlight.delete(p)).catch(() => undefined);
    return p;
  }

  private async loadJob(id: string): Promise<Job | null> {
    const found = await this.d.exchanges.getExchange(id);
    return found?.kind === 'delivery' ? jobOf(found.delivery) : null;
  }

  private async finalize(job: Job, outcome: DeliveryOutcome, why: string): Promise<null> {
    job.writeRow?.();
    this.jobs.delete(job.id);
    this.d.log.info(`delivery ${job.id} ${outcome}: ${why}`);
    await this.d.exchanges.updateDelivery(job.id, { outcome, nextAttemptAt: null }, { leaseUntil: null });
    this.changed(job, outcome, null);
    return null;
  }

  /** Announces a committed change with the delivery's whole list row. */
  private changed(job: Job, outcome: DeliveryOutcome, nextAt: number | null): void {
    if (!this.d.onChange) return;
    const row: ExchangeSummary = {
      id: job.id,
      kind: 'delivery',
      time: isoTime(job.createdAt),
      eventType: job.event,
      eventId: job.eventId,
      sourceId: job.subscriptionId ?? AD_HOC,
      target: job.url,
      method: 'POST',
      outcome,
      status: job.lastStatus,
      durationMs: job.durationMs,
      attempts: job.attempts,
      size: job.size,
      verdict: null,
      replayOf: job.replayOf ?? null,
      replay: null,
    };
    this.d.onChange({
      id: job.id,
      subscriptionId: job.subscriptionId,
      outcome,
      attempts: job.attempts,
      lastStatus: job.lastStatus,
      nextAttemptAt: nextAt === null ? null : isoTime(nextAt),
      row,
    });
  }

  private async attempt(id: string): Promise<AttemptSummary | null> {
    if (!this.running) return null;
    const job = this.jobs.get(id) ?? (await this.loadJob(id));
    if (!job || !this.running) return null;
    this.jobs.set(id, job);
    if (job.cancelled) return this.finalize(job, 'cancelled', 'cancelled');
    if (job.truncated)
      return this.finalize(
        job,
        'failed',
        'the stored body was truncated by the storage cap, so it cannot be resent exactly',
      );
    if (!job.subscriptionId && !job.adHoc)
      return this.finalize(job, 'failed', 'an interrupted ad-hoc send cannot resume: its secret is never stored');
    let target: TargetSpec;
    try {
      const resolved = this.target(job);
      if (!resolved.enabled) return this.finalize(job, 'cancelled', 'the subscription is disabled');
      target = resolved.spec;
    } catch (err) {
      return this.finalize(job, 'failed', (err as Error).message);
    }
    return this.d.limiter.run(targetUrl(job.url).origin, () => this.send(job, target));
  }

  private async send(job: Job, target: TargetSpec): Promise<AttemptSummary | null> {
    // Queued behind the limits when the engine stopped: the row stays owed for the next start.
    if (!this.running) return null;
    if (!(await this.holds(job, target))) return null;
    const startedAt = this.d.clock.now();
    let built = job.prepared;
    job.prepared = undefined;
    let result: SendResult;
    try {
      built ??= await buildRequest(
        target,
        { id: job.eventId, event: job.event, body: job.body },
        startedAt,
        job.negative,
      );
      result = await this.d.sender.send({
        url: job.url,
        headers: built.headers,
        body: built.body,
        connectTimeoutMs: target.connectTimeoutMs,
        deadlineMs: deadlineOf(target),
        caCertificatePem: target.caCertificatePem,
      });
    } catch (err) {
      return this.finalize(job, 'failed', `could not sign or send: ${(err as Error).message}`);
    }
    job.attempts++;
    const res = result.response;
    const verdict = classify(
      job.profile,
      { status: result.error ? null : (res?.status ?? null), headers: res?.headers ?? [], error: result.error },
      this.d.clock.now(),
    );
    let outcome: DeliveryOutcome = 'failed';
    let nextAt: number | null = null;
    let error = result.error;
    if (verdict.kind === 'success') outcome = 'succeeded';
    else if (verdict.kind === 'retry') {
      const delay = nextDelay(this.retrySchedule(job), job.attempts, verdict.afterMs, this.d.random);
      if (delay !== null) {
        outcome = 'retrying';
        nextAt = this.d.clock.now() + delay;
      }
    } else if (verdict.kind === 'disable' && job.subscriptionId) {
      await this.d.subscriptions.setEnabled(job.subscriptionId, false, verdict.reason);
      error = verdict.reason;
    }
    if (job.cancelled && outcome !== 'succeeded') {
      outcome = 'cancelled';
      nextAt = null;
    }
    const update: DeliveryUpdate = { outcome, nextAttemptAt: nextAt === null ? null : isoTime(nextAt) };
    // Not awaited: the answer is known now, and the writer commits in append order, so a
    // retry's attempt can never land before this one. Until it commits the delivery is still
    // owed in the log, so a crash in between resends it (it counts as in flight).
    // A retry stays this node's until its due time + the lease; a final outcome needs no holder.
    job.leaseUntil = nextAt === null ? undefined : nextAt + this.d.leaseMs;
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
    void this.track(recorded.then(() => this.changed(snapshot, outcome, nextAt))).catch((err: unknown) =>
      this.d.log.error(`delivery ${job.id}: attempt ${job.attempts} not recorded`, err),
    );
    if (outcome === 'retrying' && nextAt !== null) {
      if (job.holdRetry) job.heldRetryAt = nextAt;
      else this.scheduler.schedule(job.id, nextAt);
    } else this.jobs.delete(job.id);
    job.holdRetry = false;
    return {
      status: res?.status ?? null,
      ok: outcome === 'succeeded',
      error,
      durationMs: result.timings.totalMs,
      timings: result.timings,
      responseHeaders: res?.headers ?? [],
      responseBody: res ? text(res.body) : '',
      responseTruncated: res?.truncated ?? false,
      nextAttemptAt: nextAt === null ? null : isoTime(nextAt),
    };
  }

  /**
   * Whether this node may send the attempt now: yes for a first attempt whose
   * lease (taken when it was written) still covers the attempt's deadline;
   * otherwise — a retry, a claimed delivery — the store confirms it is still
   * owed and still this node's, and extends the lease over the attempt. One
   * finished, cancelled or taken over on another node is dropped here.
   */
  private async holds(job: Job, target: TargetSpec): Promise<boolean> {
    const needed = this.d.clock.now() + deadlineOf(target) + ATTEMPT_LEASE_MARGIN_MS;
    if (job.prepared && job.leaseUntil !== undefined && job.leaseUntil >= needed - ATTEMPT_LEASE_MARGIN_MS) return true;
    if (await this.d.schedule.confirm(job.id, needed)) {
      job.leaseUntil = needed;
      return true;
    }
    this.jobs.delete(job.id);
    this.d.log.info(`delivery ${job.id} is no longer this node's (finished, cancelled or taken over elsewhere)`);
    return false;
  }

  /** After a FusionAuth transaction: held retries go ahead only when the call would have succeeded. */
  async releaseHeld(ids: string[], allowRetries: boolean): Promise<void> {
    for (const id of ids) {
      const job = this.jobs.get(id);
      if (!job || job.heldRetryAt === undefined || job.heldRetryAt === null) continue;
      const at = job.heldRetryAt;
      job.heldRetryAt = undefined;
      if (allowRetries) this.scheduler.schedule(id, at);
      else await this.finalize(job, 'failed', 'the FusionAuth transaction failed, so failed webhooks are not retried');
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
      const known = job ?? (await this.loadJob(id));
      if (known) await this.finalize(known, 'cancelled', 'cancelled by the user');
      return true;
    }
    if (job) {
      job.cancelled = true;
      return true;
    }
    const found = await this.d.exchanges.getExchange(id);
    if (found?.kind !== 'delivery' || !['pending', 'retrying'].includes(found.delivery.outcome)) return false;
    await this.finalize(jobOf(found.delivery), 'cancelled', 'cancelled by the user');
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
    this.running = false;
    this.scheduler.stop();
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([Promise.allSettled([...this.inFlight]), new Promise((r) => (timer = setTimeout(r, graceMs)))]);
    clearTimeout(timer);
  }

  async drained(): Promise<void> {
    await Promise.allSettled([...this.inFlight]);
  }
}

/** The in-memory job of a stored delivery, for one read back from the store. */
function jobOf(dl: Delivery): Job {
  const body = dl.request.body;
  return {
    id: dl.id,
    eventId: dl.eventId,
    event: dl.eventType,
    profile: dl.profile as ProfileId,
    subscriptionId: dl.subscriptionId === AD_HOC ? null : dl.subscriptionId,
    url: dl.targetUrl,
    attempts: dl.attempts,
    body: body.base64 !== null ? Buffer.from(body.base64, 'base64') : Buffer.from(body.text ?? '', 'utf8'),
    truncated: body.truncated,
    replayOf: dl.replayOf,
    createdAt: Date.parse(dl.createdAt),
    size: body.size,
    lastStatus: dl.lastStatus,
    durationMs: dl.durationMs,
  };
}
