import { AppFailure } from '../../../shared/api/result';
import type { ExchangeDetail } from '../../../shared/model/exchange';
import { ImportFormatError, parseImport } from '../../../shared/export/import-parse';
import { storeImported } from '../export/import-exchanges';
import type { Handlers } from './dispatch';
import { requireExchangeStore, type ExchangeContext } from './exchange-handlers';

export function transferHandlers(ctx: ExchangeContext): Pick<Handlers, 'exportExchanges' | 'importExchanges'> {
  const openStore = () => requireExchangeStore(ctx);
  return {
    exportExchanges: async ({ ids, limit, cursor, ...filter }) => {
      const store = openStore();
      const details = async (list: string[]) =>
        (await Promise.all(list.map((id) => store.getExchange(id)))).filter((e): e is ExchangeDetail => e !== null);
      if (ids) return { exchanges: await details(ids), nextCursor: null };
      const page = await store.query(filter, { limit, cursor });
      return { exchanges: await details(page.items.map((s) => s.id)), nextCursor: page.nextCursor };
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
