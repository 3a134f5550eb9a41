import { AppFailure } from '../../../shared/api/result';
import type { TrafficStore } from '../store/traffic/traffic-store';
import type { Handlers } from './dispatch';

export interface LogContext {
  /** Null until the core has started (stores open in start, close in stop). */
  traffic(): TrafficStore | null;
}

type LogMethod = 'queryLog' | 'logFacets' | 'getExchange' | 'purgeLog' | 'getStorageInfo';

export function logHandlers(ctx: LogContext): Pick<Handlers, LogMethod> {
  const traffic = (): TrafficStore => {
    const store = ctx.traffic();
    if (!store) throw new AppFailure('unavailable', 'The traffic log is not open (the core is not started).');
    return store;
  };
  return {
    queryLog: ({ limit, cursor, ...filter }) => traffic().query(filter, { limit, cursor }),
    logFacets: (filter) => traffic().facets(filter),
    getExchange: ({ id }) => {
      const found = traffic().getExchange(id);
      if (!found)
        throw new AppFailure(
          'not_found',
          `No exchange with id ${JSON.stringify(id)} in the log (it may have been removed by retention).`,
        );
      return found;
    },
    purgeLog: async (request) => ({ removed: await traffic().purge(request) }),
    getStorageInfo: () => traffic().info(),
  };
}
