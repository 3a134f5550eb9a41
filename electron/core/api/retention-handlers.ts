import { AppFailure } from '../../../shared/api/result';
import type { ExchangeRetention } from '../store/exchange-retention';
import type { Handlers } from './dispatch';
import type { ExchangeContext } from './exchange-handlers';

function open(ctx: ExchangeContext): ExchangeRetention {
  const r = ctx.retention();
  if (!r) throw new AppFailure('unavailable', 'The exchange store is not open (the core is not started).');
  return r;
}

/** The exchange store's retention setting: read by everyone, changed by admins (method-access). */
export function retentionHandlers(ctx: ExchangeContext): Pick<Handlers, 'getRetention' | 'setRetention'> {
  return {
    getRetention: () => open(ctx).get(),
    setRetention: (input) => open(ctx).set(input),
  };
}
