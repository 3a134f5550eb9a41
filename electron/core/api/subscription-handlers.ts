import { AppFailure } from '../../../shared/api/result';
import type { Clock } from '../clock';
import type { DeliverySystem } from '../engine/delivery-system';
import { subscriptionHealth } from '../engine/health';
import type { ExchangeStore } from '../store/port';
import type { Handlers } from './dispatch';

export interface DeliveryContext {
  /** Null until the core has started (the engine needs the stores). */
  delivery(): DeliverySystem | null;
  exchanges(): ExchangeStore | null;
  clock: Clock;
}

type SubscriptionMethod =
  | 'listSubscriptions'
  | 'getSubscription'
  | 'createSubscription'
  | 'updateSubscription'
  | 'deleteSubscription'
  | 'setSubscriptionEnabled'
  | 'regenerateSecret'
  | 'subscriptionHealth';

export function requireDelivery(ctx: DeliveryContext): { system: DeliverySystem; exchanges: ExchangeStore } {
  const system = ctx.delivery();
  const exchanges = ctx.exchanges();
  if (!system || !exchanges)
    throw new AppFailure('unavailable', 'The delivery engine is not running (the core is not started).');
  return { system, exchanges };
}

export function subscriptionHandlers(ctx: DeliveryContext): Pick<Handlers, SubscriptionMethod> {
  const subs = () => requireDelivery(ctx).system.subscriptions;
  return {
    listSubscriptions: () => subs().list(),
    getSubscription: ({ id }) => subs().get(id),
    createSubscription: (input) => subs().create(input),
    updateSubscription: (input) => subs().update(input),
    deleteSubscription: async ({ id }) => {
      const { system } = requireDelivery(ctx);
      system.subscriptions.get(id);
      const cancelledDeliveries = await system.engine.cancelForSubscription(id);
      return { deleted: await system.subscriptions.remove(id), cancelledDeliveries };
    },
    setSubscriptionEnabled: ({ id, enabled }) => subs().setEnabled(id, enabled),
    regenerateSecret: ({ id, secret, fusionAuthAlg }) => subs().regenerate(id, secret, fusionAuthAlg),
    subscriptionHealth: ({ id }) => {
      const { system, exchanges } = requireDelivery(ctx);
      return subscriptionHealth(id, { exchanges, subscriptions: system.subscriptions, clock: ctx.clock });
    },
  };
}
