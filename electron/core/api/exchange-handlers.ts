import { AppFailure } from '../../../shared/api/result';
import type { ExchangeStore } from '../store/exchange/exchange-store';
import type { Handlers } from './dispatch';

export interface ExchangeContext {
  /** Null until the core has started (stores open in start, close in stop). */
  exchanges(): ExchangeStore | null;
}

type ExchangeMethod = 'queryExchanges' | 'exchangeFacets' | 'getExchange' | 'purgeExchanges' | 'getStorageInfo';

export function requireExchangeStore(ctx: ExchangeContext): ExchangeStore {
  const store = ctx.exchanges();
  if (!store) throw new AppFailure('unavailable', 'The exchange store is not open (the core is not started).');
  return store;
}

export function exchangeHandlers(ctx: ExchangeContext): Pick<Handlers, ExchangeMethod> {
  const exchanges = () => requireExchangeStore(ctx);
  return {
    queryExchanges: ({ limit, cursor, ...filter }) => exchanges().query(filter, { limit, cursor }),
    exchangeFacets: (filter) => exchanges().facets(filter),
    getExchange: ({ id }) => {
      const found = exchanges().getExchange(id);
      if (!found)
        throw new AppFailure(
          'not_found',
          `No exchange with id ${JSON.stringify(id)} in the exchange store (it may have been removed by retention).`,
        );
      return found;
    },
    purgeExchanges: async (request) => ({ removed: await exchanges().purge(request) }),
    getStorageInfo: () => exchanges().info(),
  };
}
