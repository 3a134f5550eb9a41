import type { SubscriptionHealth } from '../../../shared/model/subscription';
import type { Clock } from '../clock';
import type { ExchangeStore } from '../store/port';
import type { SubscriptionService } from './subscriptions';

/** Health over the last 24 h, read from the exchange store (the one source of truth for outcomes). */
export function subscriptionHealth(
  id: string,
  deps: { exchanges: ExchangeStore; subscriptions: SubscriptionService; clock: Clock },
): Promise<SubscriptionHealth> {
  deps.subscriptions.get(id);
  return deps.exchanges.health(id, deps.clock.now());
}
