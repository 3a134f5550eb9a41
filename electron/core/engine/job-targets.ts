import type { Subscription } from '../../../shared/model/subscription';
import type { Job } from './delivery-job';
import type { TargetSpec } from './request-builder';
import { scheduleFor, SINGLE_ATTEMPT, type Schedule } from './retry-policy';
import { subscriptionSpec } from './subscription-target';
import type { SubscriptionService } from './subscriptions';

/** Where each job goes, how it is signed and how it is retried, resolved at each attempt so edits apply to retries. */
export class JobTargets {
  /** Specs by subscription view: a view is replaced on every write, so a cached spec never outlives an edit. */
  private readonly specs = new WeakMap<Subscription, Omit<TargetSpec, 'url'>>();

  constructor(private readonly subscriptions: SubscriptionService) {}

  target(job: Job): { spec: TargetSpec; enabled: boolean } {
    if (job.adHoc) return { spec: job.adHoc, enabled: true };
    const sub = this.subscriptions.get(job.subscriptionId!);
    let shared = this.specs.get(sub);
    if (!shared) {
      shared = subscriptionSpec(sub, this.subscriptions.material(sub.id));
      this.specs.set(sub, shared);
    }
    return { spec: { ...shared, url: job.url }, enabled: sub.enabled };
  }

  retrySchedule(job: Job): Schedule {
    if (job.adHoc || job.negative) return SINGLE_ATTEMPT;
    return scheduleFor(job.profile, this.subscriptions.get(job.subscriptionId!).retry);
  }
}
