import type { SubscriptionHealth } from '../../../shared/model/subscription';
import type { Clock } from '../clock';
import type { TrafficStore } from '../store/traffic/traffic-store';
import type { SubscriptionService } from './subscriptions';

/** Health over the last 24 h, read from the traffic log (the one source of truth for outcomes). */
export function subscriptionHealth(
  id: string,
  deps: { traffic: TrafficStore; subscriptions: SubscriptionService; clock: Clock },
): SubscriptionHealth {
  deps.subscriptions.get(id);
  return deps.traffic.deliveries().health(id, deps.clock.now());
}
