import { UnknownEventError } from '../../../shared/catalog';
import { AppFailure } from '../../../shared/api/result';
import { checkEvents, providerTimeoutMs, runChecks, subscriptionTarget } from '../check';
import { adHocSpec } from '../engine/emitter';
import { SigningInputError } from '../signing';
import type { Handlers } from './dispatch';
import { requireDelivery, type DeliveryContext } from './subscription-handlers';

/** Input mistakes the core finds only while preparing (unknown event, unusable secret) become field errors. */
function asInputError(err: unknown): never {
  if (err instanceof UnknownEventError) throw new AppFailure('invalid_input', err.message, { events: [err.message] });
  if (err instanceof SigningInputError)
    throw new AppFailure('invalid_input', err.message, { [`target.${err.field}`]: [err.message] });
  throw err;
}

export function checkHandlers(ctx: DeliveryContext): Pick<Handlers, 'checkEndpoint'> {
  return {
    checkEndpoint: async ({ target, events, timeoutMs, burst }) => {
      const { system } = requireDelivery(ctx);
      try {
        if (target.kind === 'subscription') {
          const sub = system.subscriptions.get(target.id);
          return await runChecks(
            subscriptionTarget(system.subscriptions, sub.id),
            {
              events: checkEvents(sub.profile, events, sub.events),
              timeoutMs: timeoutMs ?? sub.readTimeoutMs,
              burstSize: burst,
              subscriptionId: sub.id,
            },
            { sender: system.sender, clock: ctx.clock },
          );
        }
        return await runChecks(
          adHocSpec(target.provider, target),
          {
            events: checkEvents(target.provider, events),
            timeoutMs: timeoutMs ?? providerTimeoutMs(target.provider),
            burstSize: burst,
          },
          { sender: system.sender, clock: ctx.clock },
        );
      } catch (err) {
        return asInputError(err);
      }
    },
  };
}
