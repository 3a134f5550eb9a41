import type { AttemptSummary } from '../../../shared/model/subscription';
import type { DeliveryOutcome } from '../../../shared/model/exchange';
import type { Clock } from '../clock';
import type { Logger } from '../log';
import type { DeliverySchedule } from '../store/port';
import type { ConcurrencyLimiter } from './concurrency';
import { attemptSummary, type Job } from './delivery-job';
import type { DeliveryLedger } from './delivery-ledger';
import type { HttpSender, SendResult } from './http-sender';
import type { JobTargets } from './job-targets';
import { classify } from './outcome';
import { buildRequest, deadlineOf, type TargetSpec } from './request-builder';
import { nextDelay } from './retry-policy';
import type { Scheduler } from './scheduler';
import { targetUrl } from './target-url';
import type { SubscriptionService } from './subscriptions';

export interface AttemptDeps {
  schedule: DeliverySchedule;
  /** How long past its due time a retry stays this node's; then another node may take it over. */
  leaseMs: number;
  subscriptions: SubscriptionService;
  sender: HttpSender;
  limiter: ConcurrencyLimiter;
  clock: Clock;
  log: Logger;
  random?: () => number;
}

/** Beyond an attempt's own deadline: the lease an attempt in flight holds must outlast it. */
export const ATTEMPT_LEASE_MARGIN_MS = 30_000;

/**
 * The send path: one attempt of a delivery this node holds, from resolving its
 * target through the concurrency limits, the lease check, signing and sending,
 * to its outcome (recorded by the ledger) and, for a retry, its next due time.
 */
export class AttemptRunner {
  /** Cleared by stop: no attempt starts after it, and one queued behind the limits leaves its row owed. */
  running = true;

  constructor(
    private readonly d: AttemptDeps,
    private readonly ledger: DeliveryLedger,
    private readonly targets: JobTargets,
    private readonly scheduler: Scheduler,
  ) {}

  async run(id: string): Promise<AttemptSummary | null> {
    if (!this.running) return null;
    const jobs = this.ledger.jobs;
    const job = jobs.get(id) ?? (await this.ledger.load(id));
    if (!job || !this.running) return null;
    jobs.set(id, job);
    if (job.cancelled) return this.ledger.finalize(job, 'cancelled', 'cancelled');
    if (job.truncated)
      return this.ledger.finalize(
        job,
        'failed',
        'the stored body was truncated by the storage cap, so it cannot be resent exactly',
      );
    if (!job.subscriptionId && !job.adHoc)
      return this.ledger.finalize(
        job,
        'failed',
        'an interrupted ad-hoc send cannot resume: its secret is never stored',
      );
    let target: TargetSpec;
    try {
      const resolved = this.targets.target(job);
      if (!resolved.enabled) return this.ledger.finalize(job, 'cancelled', 'the subscription is disabled');
      target = resolved.spec;
    } catch (err) {
      return this.ledger.finalize(job, 'failed', (err as Error).message);
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
      return this.ledger.finalize(job, 'failed', `could not sign or send: ${(err as Error).message}`);
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
      const delay = nextDelay(this.targets.retrySchedule(job), job.attempts, verdict.afterMs, this.d.random);
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
    // A retry stays this node's until its due time + the lease; a final outcome needs no holder.
    job.leaseUntil = nextAt === null ? undefined : nextAt + this.d.leaseMs;
    this.ledger.recordAttempt(job, startedAt, built, result, error, outcome, nextAt);
    if (outcome === 'retrying' && nextAt !== null) {
      if (job.holdRetry) job.heldRetryAt = nextAt;
      else this.scheduler.schedule(job.id, nextAt);
    } else this.ledger.jobs.delete(job.id);
    job.holdRetry = false;
    return attemptSummary(result, outcome, error, nextAt);
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
    this.ledger.jobs.delete(job.id);
    this.d.log.info(`delivery ${job.id} is no longer this node's (finished, cancelled or taken over elsewhere)`);
    return false;
  }
}
