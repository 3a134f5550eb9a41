import type { CaptureResponse, Inbox, MockResponse, ResponseRule } from '../../../shared/model/inbox';

export interface PickedResponse {
  response: MockResponse;
  source: NonNullable<CaptureResponse['source']>;
  /** 1-based sequence step, when a sequence step answered. */
  step?: number;
}

/**
 * Chooses the answer for each request of an inbox: the sequence steps first
 * ("the first 2 get 503"), then the failure rate, then the base answer. The
 * count restarts whenever the rule changes (and with the process: it is a test
 * fixture for a sender's retries, not a fact worth a disk write per request).
 */
export class RulePicker {
  private counters = new Map<string, { key: string; n: number }>();
  private keys = new WeakMap<ResponseRule, string>();

  constructor(private readonly random: () => number = Math.random) {}

  pick(inbox: Pick<Inbox, 'id' | 'responseRule'>): PickedResponse {
    const rule = inbox.responseRule;
    const key = this.keyOf(rule);
    let counter = this.counters.get(inbox.id);
    if (!counter || counter.key !== key) this.counters.set(inbox.id, (counter = { key, n: 0 }));
    const n = counter.n++;
    let upTo = 0;
    for (let i = 0; i < rule.sequence.length; i++) {
      upTo += rule.sequence[i]!.count;
      if (n < upTo) return { response: rule.sequence[i]!, source: 'sequence', step: i + 1 };
    }
    if (rule.failureRate > 0 && this.random() < rule.failureRate) return { response: rule.failure, source: 'failure' };
    return { response: rule, source: 'rule' };
  }

  forget(inboxId: string): void {
    this.counters.delete(inboxId);
  }

  private keyOf(rule: ResponseRule): string {
    let key = this.keys.get(rule);
    if (key === undefined) this.keys.set(rule, (key = JSON.stringify(rule)));
    return key;
  }
}
