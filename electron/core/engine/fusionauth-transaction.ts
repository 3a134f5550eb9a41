import type { TransactionOutcome, TransactionPolicy } from '../../../shared/model/subscription';
import { transactionPolicies } from '../../../shared/model/subscription';

/** `*.complete` events are sent after the fact: FusionAuth never fails a call for them. */
export function isTransactional(event: string): boolean {
  return !event.endsWith('.complete');
}

/** Whether `succeeded` of `total` webhooks satisfies the policy (FusionAuth's thresholds). */
export function policyMet(policy: TransactionPolicy, succeeded: number, total: number): boolean {
  switch (policy) {
    case 'None':
      return true;
    case 'Any':
      return succeeded >= 1 || total === 0;
    case 'SimpleMajority':
      return succeeded * 2 >= total;
    case 'SuperMajority':
      return succeeded * 3 >= total * 2;
    case 'AbsoluteMajority':
      return succeeded === total;
  }
}

/** When several subscriptions name different policies, the strictest decides (as one tenant setting would). */
export function strictest(policies: TransactionPolicy[]): TransactionPolicy {
  return policies.reduce<TransactionPolicy>(
    (a, b) => (transactionPolicies.indexOf(b) > transactionPolicies.indexOf(a) ? b : a),
    'None',
  );
}

export function transactionOutcome(
  policy: TransactionPolicy,
  event: string,
  succeeded: number,
  total: number,
): TransactionOutcome {
  const transactional = isTransactional(event) && policy !== 'None';
  const met = !transactional || policyMet(policy, succeeded, total);
  return {
    policy,
    transactional,
    webhooks: total,
    succeeded,
    succeededCall: met,
    error: met ? null : { status: 504, code: '[WebhookTransactionException]' },
    retriesScheduled: met && succeeded < total,
  };
}
