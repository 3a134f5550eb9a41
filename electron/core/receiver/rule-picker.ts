import type { CaptureResponse, Inbox, MockResponse, ResponseRule } from '../../../shared/model/inbox';

export interface PickedResponse {
  response: MockResponse;
  source: NonNullable<CaptureResponse['source']>;
  /** 1-based sequence step, when a sequence step answered. */
  step?: number;
}

/**
 * Chooses the answer for each request of an inbox: the sequence steps first
 * ("the first 2 get 503"), then the failure rate, then the base answer. Counts
 * are kept per rule object, so setting a rule (even the same one) starts its
 * sequence over; they restart with the process too, since they are a test
 * fixture for a sender's retries, not a fact worth a disk write per request.
 */
export class RulePicker {
  private counters = new WeakMap<ResponseRule, { n: number }>();

  constructor(private readonly random: () => number = Math.random) {}

  pick(inbox: Pick<Inbox, 'responseRule'>): PickedResponse {
    const rule = inbox.responseRule;
    let counter = this.counters.get(rule);
    if (!counter) this.counters.set(rule, (counter = { n: 0 }));
    const n = counter.n++;
    let upTo = 0;
    for (let i = 0; i < rule.sequence.length; i++) {
      upTo += rule.sequence[i]!.count;
      if (n < upTo) return { response: rule.sequence[i]!, source: 'sequence', step: i + 1 };
    }
    if (rule.failureRate > 0 && this.random() < rule.failureRate) return { response: rule.failure, source: 'failure' };
    return { response: rule, source: 'rule' };
  }
}
