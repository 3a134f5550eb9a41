import { create } from 'zustand';
import type { ExchangeFacets, ExchangeFilter } from '../../../shared/model/exchange';
import { bridge } from '../bridge/bridge';
import { effectiveFilter, emptyQuery, queryFromHash, queryToHash, type LogQuery } from './log-filter-url';
import { LogWindow } from './log-window';
import { startLiveRows } from './log-live';

interface LogState {
  query: LogQuery;
  /** The filter as last sent to the core (relative ranges resolved). */
  applied: ExchangeFilter;
  facets: ExchangeFacets | null;
  facetsError: string | null;
  /** Bumped whenever rows, counts or load state change, so the table re-renders. */
  version: number;
  /** Rows added at the top by the last live update (the table keeps the scroll position with it). */
  prepended: { n: number; seq: number };
  selectedIndex: number | null;
  selectedId: string | null;
  setQuery(change: Partial<ExchangeFilter> & { range?: LogQuery['range'] }): void;
  clearFilters(): void;
  reload(): void;
  /** Reads the filter from the URL: `force` on mount (reload even if unchanged), else only when it changed. */
  syncFromHash(force?: boolean): void;
  showRange(start: number, end: number): void;
  select(index: number | null): void;
  /** Core events → rows; returns the unsubscribe. */
  connect(): () => void;
}

let facetsSeq = 0;
let prefetched = false;
let everApplied = false;
// assigned by the store initializer below, which zustand runs at once
let logWindow: LogWindow;

/**
 * The Deliveries list: the filter (mirrored in the URL hash), the facet counts
 * from the core, and a LogWindow over the rows. The window itself lives outside
 * zustand state: it mutates in place and `version` tells React to look again.
 */
export const useLogStore = create<LogState>((set, get) => {
  const win = new LogWindow(
    (cursor, limit) => bridge().call('queryExchanges', { ...get().applied, limit, ...(cursor ? { cursor } : {}) }),
    () => set((s) => ({ version: s.version + 1 })),
  );
  logWindow = win;

  async function loadFacets(filter: ExchangeFilter): Promise<void> {
    const seq = ++facetsSeq;
    const headWhenAsked = win.head.length;
    const result = await bridge().call('exchangeFacets', filter);
    if (seq !== facetsSeq) return; // a newer filter answered or will answer
    if (result.ok) {
      set({ facets: result.value, facetsError: null });
      win.setTotal(result.value.total, headWhenAsked);
    } else set({ facetsError: result.error.message });
  }

  function apply(query: LogQuery, writeHash: boolean): void {
    everApplied = true;
    const applied = effectiveFilter(query, Date.now());
    win.reset();
    set((s) => ({ query, applied, selectedIndex: null, selectedId: null, version: s.version + 1 }));
    if (writeHash) {
      const params = queryToHash(query);
      // replaceState: filtering is not navigation, and it fires no hashchange
      history.replaceState(null, '', `#/deliveries${params ? `/${params}` : ''}`);
    }
    win.show(0, 60);
    void win.whenFirstPage().then(() => {
      if (get().applied === applied) void loadFacets(applied);
    });
  }

  return {
    query: emptyQuery(),
    applied: {},
    facets: null,
    facetsError: null,
    version: 0,
    prepended: { n: 0, seq: 0 },
    selectedIndex: null,
    selectedId: null,
    setQuery(change) {
      const { range, ...filterChange } = change;
      const q = get().query;
      const filter: ExchangeFilter = { ...q.filter, ...filterChange };
      for (const key of Object.keys(filter) as (keyof ExchangeFilter)[])
        if (filter[key] === undefined || filter[key] === '') delete filter[key];
      const next: LogQuery = { filter, range: range === undefined ? q.range : range };
      if (next.range) {
        delete next.filter.from;
        delete next.filter.to;
      }
      apply(next, true);
    },
    clearFilters() {
      apply(emptyQuery(), true);
    },
    reload() {
      apply(get().query, false);
    },
    syncFromHash(force = false) {
      const q = queryFromHash(location.hash);
      const same = queryToHash(q) === queryToHash(get().query);
      // the prefetch at start already asked for exactly this
      if (force && prefetched && same) force = false;
      prefetched = false;
      // the nav's own hash change on arrival must not start a second load of the same filter
      if (!force && same) return;
      apply(q, false);
    },
    showRange(start, end) {
      win.show(start, end);
    },
    select(index) {
      if (index === null) return set({ selectedIndex: null, selectedId: null });
      const i = Math.max(0, Math.min(index, win.count - 1));
      set({ selectedIndex: i, selectedId: win.rowAt(i)?.id ?? null });
    },
    connect() {
      return startLiveRows(win, {
        applied: () => get().applied,
        onPrepended(n) {
          set((s) => ({
            prepended: { n, seq: s.prepended.seq + 1 },
            selectedIndex: s.selectedIndex === null ? null : s.selectedIndex + n,
          }));
        },
        refreshFacets: () => void loadFacets(get().applied),
        reload: () => get().reload(),
      });
    },
  };
});

/** The rows behind the table; read it during render after subscribing to `version`. */
export function rows(): LogWindow {
  return logWindow;
}

/**
 * Opening the app straight on Deliveries: ask for the first page while React
 * is still mounting (the bridge is set by then, since main.tsx runs before
 * any queued task), instead of after the view's first commit.
 */
export function prefetchIfShown(): void {
  if (everApplied || typeof location === 'undefined' || !/^#\/?deliveries(\/|$)/.test(location.hash)) return;
  useLogStore.getState().syncFromHash(true);
  prefetched = true; // the view's first mount is the one to skip
}
