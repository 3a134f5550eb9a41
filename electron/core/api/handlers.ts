import { AppFailure } from '../../../shared/api/result';
import { accountHandlers, type AccountContext } from './account-handlers';
import { apiKeyHandlers, type ApiKeyContext } from './api-key-handlers';
import { bulkReplayHandlers } from './bulk-replay-handlers';
import { checkHandlers } from './check-handlers';
import type { BulkReplayer } from '../engine/bulk-replay';
import { deliveryHandlers } from './delivery-handlers';
import type { Handlers } from './dispatch';
import { inboxHandlers, type InboxContext } from './inbox-handlers';
import { exchangeHandlers, type ExchangeContext } from './exchange-handlers';
import { retentionHandlers } from './retention-handlers';
import { signingHandlers, type StoredMaterial, type StoredRef } from './signing-handlers';
import { statusHandlers, type StatusContext } from './status-handlers';
import { requireDelivery, subscriptionHandlers, type DeliveryContext } from './subscription-handlers';
import { transferHandlers } from './transfer-handlers';

export interface HandlerContext {
  status: StatusContext;
  exchanges: ExchangeContext;
  apiKeys: ApiKeyContext;
  inboxes: InboxContext;
  delivery: DeliveryContext;
  bulkReplay: BulkReplayer;
  accounts: AccountContext;
}

/** What the core keeps to sign for a subscription or to verify for an inbox; never returned to the caller. */
function storedMaterial(ctx: HandlerContext, ref: StoredRef): StoredMaterial {
  if ('subscriptionId' in ref) {
    const subscriptions = requireDelivery(ctx.delivery).system.subscriptions;
    const sub = subscriptions.get(ref.subscriptionId);
    const { secrets, keys, custom } = subscriptions.material(sub.id);
    return { profile: sub.profile, secrets, ...(keys ? { keys } : {}), ...(custom ? { custom } : {}) };
  }
  const inboxes = ctx.inboxes.inboxes();
  if (!inboxes) throw new AppFailure('unavailable', 'Inboxes are not available yet (the core is not started).');
  const v = inboxes.get(ref.inboxId).verification;
  if (!v)
    throw new AppFailure('invalid_input', 'That inbox does not verify signatures, so it keeps no secret.', {
      using: ['The inbox has no verification'],
    });
  return { profile: v.profile, secrets: v.secrets, keys: v.keys, ...(v.custom ? { custom: v.custom } : {}) };
}

/** Every area's handlers, spread into the one object the dispatcher serves. */
export function createHandlers(ctx: HandlerContext): Handlers {
  return {
    ...statusHandlers(ctx.status),
    ...signingHandlers({ stored: (ref) => storedMaterial(ctx, ref) }),
    ...exchangeHandlers(ctx.exchanges),
    ...retentionHandlers(ctx.exchanges),
    ...apiKeyHandlers(ctx.apiKeys),
    ...transferHandlers(ctx.exchanges),
    ...inboxHandlers(ctx.inboxes),
    ...subscriptionHandlers(ctx.delivery),
    ...deliveryHandlers(ctx.delivery),
    ...bulkReplayHandlers(ctx.bulkReplay),
    ...checkHandlers(ctx.delivery),
    ...accountHandlers(ctx.accounts),
  };
}
