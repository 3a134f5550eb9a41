import { AppFailure } from '../../../shared/api/result';
import type { ExchangeDetail } from '../../../shared/model/traffic';
import { ImportFormatError, parseImport } from '../../../shared/export/import-parse';
import { importExchanges } from '../export/import-exchanges';
import type { Handlers } from './dispatch';
import type { LogContext } from './log-handlers';

export function transferHandlers(ctx: LogContext): Pick<Handlers, 'exportLog' | 'importLog'> {
  const traffic = () => {
    const store = ctx.traffic();
    if (!store) throw new AppFailure('unavailable', 'The traffic log is not open (the core is not started).');
    return store;
  };
  return {
    exportLog: ({ ids, limit, cursor, ...filter }) => {
      const store = traffic();
      if (ids) {
        const exchanges = ids.map((id) => store.getExchange(id)).filter((e): e is ExchangeDetail => e !== null);
        return { exchanges, nextCursor: null };
      }
      const page = store.query(filter, { limit, cursor });
      const exchanges = page.items.map((s) => store.getExchange(s.id)).filter((e): e is ExchangeDetail => e !== null);
      return { exchanges, nextCursor: page.nextCursor };
    },
    importLog: async ({ content }) => {
      let parsed;
      try {
        parsed = parseImport(content);
      } catch (err) {
        if (err instanceof ImportFormatError)
          throw new AppFailure('invalid_input', err.message, { content: [err.message] });
        throw err;
      }
      try {
        const outcome = await importExchanges(traffic(), parsed.exchanges);
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
