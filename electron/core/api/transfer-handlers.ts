import { AppFailure } from '../../../shared/api/result';
import type { ExchangeDetail } from '../../../shared/model/exchange';
import { ImportFormatError, parseImport } from '../../../shared/export/import-parse';
import { storeImported } from '../export/import-exchanges';
import type { Handlers } from './dispatch';
import { requireExchangeStore, type ExchangeContext } from './exchange-handlers';

export function transferHandlers(ctx: ExchangeContext): Pick<Handlers, 'exportExchanges' | 'importExchanges'> {
  const openStore = () => requireExchangeStore(ctx);
  return {
    exportExchanges: ({ ids, limit, cursor, ...filter }) => {
      const store = openStore();
      if (ids) {
        const exchanges = ids.map((id) => store.getExchange(id)).filter((e): e is ExchangeDetail => e !== null);
        return { exchanges, nextCursor: null };
      }
      const page = store.query(filter, { limit, cursor });
      const exchanges = page.items.map((s) => store.getExchange(s.id)).filter((e): e is ExchangeDetail => e !== null);
      return { exchanges, nextCursor: page.nextCursor };
    },
    importExchanges: async ({ content }) => {
      let parsed;
      try {
        parsed = parseImport(content);
      } catch (err) {
        if (err instanceof ImportFormatError)
          throw new AppFailure('invalid_input', err.message, { content: [err.message] });
        throw err;
      }
      try {
        const outcome = await storeImported(openStore(), parsed.exchanges);
        return { format: parsed.format, ...outcome, problems: parsed.problems };
      } catch (err) {
        throw new AppFailure(
          'invalid_input',
          `The file parsed, but a record could not be stored: ${(err as Error).message}`,
        );
      }
    },
  };
}
