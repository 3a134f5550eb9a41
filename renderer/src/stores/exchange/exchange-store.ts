import { create, type StateCreator } from 'zustand';
import type { ExchangeFacets, ExchangeFilter } from '../../../../shared/model/exchange';
import { bridge } from '../../bridge/bridge';
import { createBulkSlice, type BulkSlice } from './exchange-bulk';
import { createDetailSlice, type DetailSlice } from './exchange-detail';
import {
  effectiveFilter,
  emptyQuery,
  fromHash,
  hashFor,
  queryToParams,
  type ExchangeQuery,
  type ExchangeScope,
} from './exchange-filter-url';
import { startLiveRows, type LiveRows } from './exchange-live';
import { ExchangeWindow, PAGE_SIZE, type RowsView } from './exchange-window';

/** An inbox shows a screenful of captures: a smaller first page comes back sooner. */
const INBOX_PAGE_SIZE = 50;
/**
 * Counts are read again at most this often while rows stream in, and never
 * more often than ten times their own cost allows (a count over millions of
 * rows must not take the core from the deliveries it is making).
 */
const FACETS_EVERY_MS = 2000;

interface ListSlice {
  scope: ExchangeScope;
  query: ExchangeQuery;
  /** The filter as last sent to the core (scope and relative range resolved). */
  applied: ExchangeFilter;
  rows: RowsView;
  /** Counts for the filter bar (Deliveries only: an inbox's list needs none). */
  facets: ExchangeFacets | null;
  facetsError: string | null;
  /** New rows waiting above the list while the user reads further down ("N new"); `exact`: or more when false. */
  newRows: { n: number; exact: boolean };
  /** The selected row, by id: it stays selected wherever live rows move it. */
  selectedId: string | null;
  /** Set by a keyboard move: the table scrolls the row at `index` into view. */
  reveal: { index: number; seq: number } | null;
  /** Shows a scope (Deliveries, or one inbox) with a filter; does nothing when that is already shown. */
  enter(scope: ExchangeScope, query?: ExchangeQuery): void;
  setQuery(change: Partial<ExchangeFilter> & { range?: ExchangeQuery['range'] }): void;
  clearFilters(): void;
  reload(): void;
  /** Reads scope and filter from the URL: `force` on mount (reload even if unchanged), else only when it changed. */
  syncFromHash(force?: boolean): void;
  showRange(start: number, end: number): void;
  /** The table tells whether it shows the top of the list: new rows go on there, else they wait. */
  setFollowing(atTop: boolean): void;
  select(id: string | null): void;
  /** Moves the selection by `by` rows from the selected one (the first row when none is). */
  move(by: number): void;
  /** Selects a row by id when it is loaded, and opens it in the detail pane either way (a replay link). */
  openById(id: string): void;
  /** Core events → rows; returns the unsubscribe. */
  connect(): () => void;
  /**
   * Opening the app straight on a list: asks for the first page while React
   * is still mounting, instead of after the view's first commit.
   */
  prefetchFromHash(): void;
}

export type ExchangeState = ListSlice & DetailSlice & BulkSlice;

const sameScope = (a: ExchangeScope, b: ExchangeScope) =>
  a.area === b.area && (a.area === 'deliveries' || a.inboxId === (b as { inboxId: string }).inboxId);

/**
 * The one store of exchanges, for Deliveries and for an inbox's captures: the
 * scope and filter (mirrored in the URL), keyset pages of rows kept live from
 * core events, the facet counts, the selection, the detail pane and bulk
 * replay. The page window is this store's own; components read `rows`, a
 * picture of it replaced on every change.
 */
const createListSlice: StateCreator<ExchangeState, [], [], ListSlice> = (set, get) => {
  let facetsSeq = 0;
  let prefetched = false;
  let following = true;
  let live: LiveRows | null = null;
  let revealSeq = 0;
  const win = new ExchangeWindow(
    (cursor, limit) => bridge().call('queryExchanges', { ...get().applied, limit, ...(cursor ? { cursor } : {}) }),
    () => set({ rows: win.view() }),
  );

  let facetsTimer: ReturnType<typeof setTimeout> | null = null;
  let facetsAt = 0;
  let facetsCostMs = 0;

  async function loadFacets(filter: ExchangeFilter): Promise<void> {
    if (get().scope.area !== 'deliveries') return;
    const seq = ++facetsSeq;
    // rows on top and rows waiting are inside the count, not inside the chain of pages
    const aboveWhenAsked = win.head.length + (live?.waitingCount() ?? 0);
    const started = performance.now();
    facetsAt = Date.now();
    const result = await bridge().call('exchangeFacets', filter);
    facetsCostMs = performance.now() - started;
    if (seq !== facetsSeq) return; // a newer filter answered or will answer
    if (result.ok) {
      set({ facets: result.value, facetsError: null });
      win.setTotal(result.value.total, aboveWhenAsked);
    } else set({ facetsError: result.error.message });
  }

  /** Live rows changed the counts: read them again once the last read is far enough behind. */
  const facetsSoon = () => {
    if (facetsTimer || get().scope.area !== 'deliveries') return;
    const gap = Math.max(FACETS_EVERY_MS, facetsCostMs * 10);
    facetsTimer = setTimeout(
      () => {
        facetsTimer = null;
        void loadFacets(get().applied);
      },
      Math.max(0, facetsAt + gap - Date.now()),
    );
  };

  function apply(scope: ExchangeScope, query: ExchangeQuery, writeHash: boolean): void {
    const applied = effectiveFilter(query, Date.now(), scope);
    facetsSeq++;
    win.reset(scope.area === 'inbox' ? INBOX_PAGE_SIZE : PAGE_SIZE);
    set({
      scope,
      query,
      applied,
      selectedId: null,
      reveal: null,
      newRows: { n: 0, exact: true },
      rows: win.view(),
      ...(scope.area === 'deliveries' ? {} : { facets: null, facetsError: null }),
    });
    // replaceState: filtering is not navigation, and it fires no hashchange
    if (writeHash && typeof history !== 'undefined') history.replaceState(null, '', hashFor(scope, query));
    win.show(0, 60);
    void win.whenFirstPage().then(() => {
      if (get().applied === applied) void loadFacets(applied);
    });
  }

  return {
    scope: { area: 'deliveries' },
    query: emptyQuery(),
    applied: {},
    rows: win.view(),
    facets: null,
    facetsError: null,
    newRows: { n: 0, exact: true },
    selectedId: null,
    reveal: null,
    enter(scope, query = emptyQuery()) {
      const s = get();
      if (prefetched && sameScope(s.scope, scope) && queryToParams(s.query) === queryToParams(query)) {
        prefetched = false;
        return;
      }
      prefetched = false;
      void get().openDetail(null);
      apply(scope, query, true);
    },
    setQuery(change) {
      const { range, ...filterChange } = change;
      const q = get().query;
      const filter: ExchangeFilter = { ...q.filter, ...filterChange };
      for (const key of Object.keys(filter) as (keyof ExchangeFilter)[])
        if (filter[key] === undefined || filter[key] === '') delete filter[key];
      const next: ExchangeQuery = { filter, range: range === undefined ? q.range : range };
      if (next.range) {
        delete next.filter.from;
        delete next.filter.to;
      }
      apply(get().scope, next, true);
    },
    clearFilters() {
      apply(get().scope, emptyQuery(), true);
    },
    reload() {
      apply(get().scope, get().query, false);
    },
    syncFromHash(force = false) {
      const read = fromHash(location.hash);
      if (!read || (read.area === 'inbox' && !read.inboxId)) return;
      const scope: ExchangeScope =
        read.area === 'deliveries' ? { area: 'deliveries' } : { area: 'inbox', inboxId: read.inboxId! };
      const s = get();
      const same = sameScope(s.scope, scope) && queryToParams(read.query) === queryToParams(s.query);
      // the prefetch at start already asked for exactly this
      if (force && prefetched && same) force = false;
      prefetched = false;
      // the nav's own hash change on arrival must not start a second load of the same filter
      if (!force && same) return;
      apply(scope, read.query, false);
    },
    showRange(start, end) {
      win.show(start, end);
    },
    setFollowing(atTop) {
      if (atTop === following) return;
      following = atTop;
      if (atTop) live?.catchUp();
    },
    select(id) {
      set({ selectedId: id });
    },
    move(by) {
      const { selectedId } = get();
      const from = selectedId === null ? -1 : win.indexOf(selectedId);
      // a selected row no longer loaded (far above, or gone): start again from the top
      const index = Math.max(0, Math.min(from < 0 ? 0 : from + by, win.count - 1));
      const id = win.rowAt(index)?.id;
      if (id) set({ selectedId: id, reveal: { index, seq: ++revealSeq } });
    },
    openById(id) {
      set({ selectedId: id });
      void get().openDetail(id);
    },
    connect() {
      const rows = startLiveRows(win, {
        applied: () => get().applied,
        following: () => following,
        waiting: (n, exact) => set({ newRows: { n, exact } }),
        countsChanged: facetsSoon,
        reload: () => get().reload(),
        touched(ids) {
          // the open detail follows its delivery: a retry adds to its timeline, a replay shows how it went
          const open = get().detailId;
          if (open && ids.includes(open)) void get().refreshDetail();
        },
      });
      live = rows;
      return () => {
        rows.stop();
        if (live === rows) live = null;
        if (facetsTimer) clearTimeout(facetsTimer);
        facetsTimer = null;
      };
    },
    prefetchFromHash() {
      if (get().rows.firstPageLoaded || facetsSeq > 0) return; // something was shown already
      const read = fromHash(location.hash);
      if (!read || (read.area === 'inbox' && !read.inboxId)) return;
      get().syncFromHash(true);
      prefetched = true; // the view's first mount is the one to skip
    },
  };
};

export const useExchangeStore = create<ExchangeState>()((...a) => ({
  ...createListSlice(...a),
  ...createDetailSlice(...a),
  ...createBulkSlice(...a),
}));

// Runs once the module graph has evaluated (main.tsx has set the bridge and
// asked React to render) and before React's scheduled mount.
if (typeof location !== 'undefined') queueMicrotask(() => useExchangeStore.getState().prefetchFromHash());
