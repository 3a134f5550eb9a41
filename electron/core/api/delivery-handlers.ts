import { replay } from '../engine/replay';
import type { Handlers } from './dispatch';
import { requireDelivery, type DeliveryContext } from './subscription-handlers';

type DeliveryMethod = 'emit' | 'testSend' | 'replay' | 'cancelDelivery';

export function deliveryHandlers(ctx: DeliveryContext): Pick<Handlers, DeliveryMethod> {
  return {
    emit: (input) => requireDelivery(ctx).system.emitter.emit(input),
    testSend: ({ id, events, negative }) => requireDelivery(ctx).system.emitter.testSend(id, events, negative),
    replay: (input) => {
      const { system, exchanges } = requireDelivery(ctx);
      return replay(input, { exchanges, subscriptions: system.subscriptions, emitter: system.emitter });
    },
    cancelDelivery: async ({ id }) => ({ cancelled: await requireDelivery(ctx).system.engine.cancel(id) }),
  };
}
