import { AppFailure } from '../../../shared/api/result';
import type { HeaderList } from '../../../shared/model/exchange';
import type { ExchangeRetention } from '../store/exchange-retention';
import type { ExchangeStore } from '../store/port';
import type { SecretBox } from '../store/secret-box';
import type { Handlers } from './dispatch';

export interface ExchangeContext {
  /** Null until the core has started (stores open in start, close in stop). */
  exchanges(): ExchangeStore | null;
  /** Unseals what the receiver sealed (the settings' SecretBox); null until started. */
  secretBox(): SecretBox | null;
  /** The retention setting (the store holds it in the form it understands); null until started. */
  retention(): ExchangeRetention | null;
}

type ExchangeMethod =
  'queryExchanges' | 'exchangeFacets' | 'getExchange' | 'revealCredentials' | 'purgeExchanges' | 'getStorageInfo';

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
    getExchange: async ({ id }) => {
      const found = await exchanges().getExchange(id);
      if (!found)
        throw new AppFailure(
          'not_found',
          `No exchange with id ${JSON.stringify(id)} in the exchange store (it may have been removed by retention).`,
        );
      return found;
    },
    revealCredentials: async ({ id }) => {
      const store = exchanges();
      const found = await store.getExchange(id);
      if (!found || found.kind !== 'capture')
        throw new AppFailure('not_found', `No capture with id ${JSON.stringify(id)} in the exchange store.`);
      const sealed = await store.sealedCredentials(id);
      const box = ctx.secretBox();
      if (!sealed || !box) return { headers: found.capture.headers };
      let originals: [number, string][];
      try {
        originals = JSON.parse(box.decrypt(sealed)) as [number, string][];
      } catch (err) {
        throw new AppFailure(
          'failed',
          `The credentials of capture ${id} cannot be unsealed: ${(err as Error).message}.`,
        );
      }
      const headers: HeaderList = found.capture.headers.map(([name, value]) => [name, value]);
      for (const [i, value] of originals) if (headers[i]) headers[i]![1] = value;
      return { headers };
    },
    purgeExchanges: async (request) => ({ removed: await exchanges().purge(request) }),
    getStorageInfo: async () => {
      const info = await exchanges().info();
      return { ...info, retention: ctx.retention()?.get() ?? info.retention };
    },
  };
}
