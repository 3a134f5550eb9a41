import { accountHandlers, type AccountContext } from './account-handlers';
import { apiKeyHandlers, type ApiKeyContext } from './api-key-handlers';
import { bulkReplayHandlers } from './bulk-replay-handlers';
import { checkHandlers } from './check-handlers';
import type { BulkReplayer } from '../engine/bulk-replay';
import { deliveryHandlers } from './delivery-handlers';
import type { Handlers } from './dispatch';
import { inboxHandlers, type InboxContext } from './inbox-handlers';
import { exchangeHandlers, type ExchangeContext } from './exchange-handlers';
import { signingHandlers } from './signing-handlers';
import { statusHandlers, type StatusContext } from './status-handlers';
import { subscriptionHandlers, type DeliveryContext } from './subscription-handlers';
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

/** Every area's handlers, spread into the one object the dispatcher serves. */
export function createHandlers(ctx: HandlerContext): Handlers {
  return {
    ...statusHandlers(ctx.status),
    ...signingHandlers(),
    ...exchangeHandlers(ctx.exchanges),
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
