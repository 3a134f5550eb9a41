import type { ExchangeFilter, ExchangeSummary } from '../../../../shared/model/exchange';
import type { CaptureSummary } from '../../../../shared/model/inbox';
import type { DeliveryChange } from '../../../../shared/model/subscription';
import { bridge } from '../../bridge/bridge';
import { matchesFilter } from './exchange-filter-url';
import { newestFirst, type ExchangeWindow } from './exchange-window';

export interface LiveHooks {
  applied(): ExchangeFilter;
  /** Whether the list shows its top: new rows go on top then, else they wait and are counted. */
  following(): boolean;
  /** How many new rows wait above the list for the user to come back to the top (0: none); `exact`: or more. */
  waiting(n: number, exact: boolean): void;
  /** Rows were added or changed: counts may be stale. */
  countsChanged(): void;
  /** Events were missed (the stream broke): the list is read again. */
  reload(): void;
  /** Rows changed that the open detail may show (itself, or a replay of it). */
  touched(ids: string[]): void;
}

export interface LiveRows {
  /** The user came back to the top: the waiting rows go on top. */
  catchUp(): void;
  /** New rows not shown yet (they are in the core's counts, not in the window). */
  waitingCount(): number;
  stop(): void;
}

/** Events are applied in batches: a list at 2,000 deliveries/s changes 10 times a second, not 4,000. */
const FLUSH_EVERY_MS = 100;
/** A free-text filter cannot be decided here: new matches are read back at most this often. */
const FETCH_EVERY_MS = 250;
/** New rows kept while the user reads further down; past that only their number is kept. */
const MAX_WAITING = 2000;

/**
 * Keeps the list live from core events, which carry whole rows. Events are
 * gathered and applied every 100 ms: a known row is replaced where it is, a
 * new one that passes the filter goes on top while the list shows its top,
 * and a replay's original learns how its replay went. While the user reads
 * further down, new rows wait (counted, "N new") instead of moving the rows
 * under the pointer; coming back to the top puts them on. Nothing resets the
 * list: past MAX_HEAD live rows, page 0 is read again behind the rows shown.
 * Only what the page cannot decide itself (a free-text filter, events missed
 * while disconnected) is read back from the core.
 */
export function startLiveRows(win: ExchangeWindow, hooks: LiveHooks): LiveRows {
  const batch = new Map<string, ExchangeSummary>();
  let flushTimer: ReturnType<typeof setTimeout> | null = null;
  /** New rows waiting above the list, newest first, while it does not show its top. */
  let waiting: ExchangeSummary[] = [];
  let waitingCount = 0;
  /** More new rows came than are kept (or a read-back found more than a page): page 0 is read again. */
  let overflow = false;
  /** False once a read-back found more than a page: the count is a lower bound. */
  let exact = true;
  let waitingEpoch = win.epoch;

  let fetchTimer: ReturnType<typeof setTimeout> | null = null;
  let fetching = false;
  let again = false;
  /**
   * New rows whose events came while page 0 was being read: the page may have
   * been read before they were written, so they are decided again once it is in.
   */
  const early = new Map<string, ExchangeSummary>();
  let stopped = false;

  const newestTime = (): string | null => {
    const shown = win.newestTime();
    const held = waiting[0]?.time ?? null;
    return shown === null || (held !== null && held > shown) ? held : shown;
  };

  function forgetWaiting(): void {
    const had = waitingCount > 0 || overflow;
    waiting = [];
    waitingCount = 0;
    overflow = false;
    exact = true;
    waitingEpoch = win.epoch;
    if (had) hooks.waiting(0, true);
  }

  /** New rows, newest first: on top when the list shows its top, else waiting. `more`: and others not read. */
  function add(rows: ExchangeSummary[], more = false): void {
    if (win.epoch !== waitingEpoch) forgetWaiting(); // another filter: what waited belongs to the old one
    if (hooks.following() && !waitingCount && !overflow) {
      if (more) void win.reanchor();
      else if (win.addLive(rows) && win.headFull) void win.reanchor();
      return;
    }
    const held = new Set(waiting.map((r) => r.id));
    const floor = win.floorTime();
    const fresh = win.unknown(rows).filter((r) => !held.has(r.id) && (floor === null || r.time >= floor));
    if (!fresh.length && !more) return;
    waitingCount += fresh.length;
    if (more) exact = false;
    if (more || waitingCount > MAX_WAITING) overflow = true;
    waiting = overflow ? [] : [...fresh, ...waiting].sort(newestFirst);
    hooks.waiting(waitingCount, exact);
  }

  function catchUp(): void {
    if (win.epoch !== waitingEpoch) return forgetWaiting();
    if (!waitingCount && !overflow) return;
    const rows = waiting;
    const reread = overflow;
    const unshown = waitingCount;
    forgetWaiting();
    if (reread) void win.reanchor(unshown);
    else if (win.addLive(rows) && win.headFull) void win.reanchor();
  }

  function flush(): void {
    flushTimer = null;
    if (!batch.size) return;
    const rows = [...batch.values()];
    batch.clear();
    const touched = new Set<string>();
    const changes = new Map<string, Partial<ExchangeSummary>>();
    for (const row of rows) {
      touched.add(row.id);
      // a replay's original shows how its newest replay went
      if (row.replayOf) {
        touched.add(row.replayOf);
        changes.set(row.replayOf, { ...changes.get(row.replayOf), replay: { id: row.id, outcome: row.outcome } });
      }
      const { replay: _keep, ...changed } = row;
      changes.set(row.id, { ...changes.get(row.id), ...changed });
    }
    const known = win.patch(changes);
    const applied = hooks.applied();
    const floor = win.floorTime();
    const fresh: ExchangeSummary[] = [];
    let readBack = false;
    const waitingIds = waiting.length ? new Map(waiting.map((r, i) => [r.id, i])) : null;
    for (const row of rows) {
      if (known.has(row.id)) continue;
      if (!win.firstPageLoaded) {
        holdUntilFirstPage(row);
        continue;
      }
      const w = waitingIds?.get(row.id);
      if (w !== undefined) {
        waiting[w] = row; // not rendered: replaced in place
        continue;
      }
      const matches = matchesFilter(row, applied);
      if (matches === null) readBack = true;
      // Older than the rows on top (a retry of an old delivery): it belongs further down, where a page read finds it.
      else if (matches && (floor === null || row.time >= floor)) fresh.push(row);
    }
    if (fresh.length) add(fresh);
    if (readBack) fetchSoon();
    if (known.size || fresh.length) hooks.countsChanged();
    hooks.touched([...touched]);
  }

  function holdUntilFirstPage(row: ExchangeSummary): void {
    const first = !early.size;
    early.set(row.id, row);
    if (!first) return;
    void win.whenFirstPage().then(() => {
      if (stopped) return;
      const rows = [...early.values()];
      early.clear();
      // a page that failed shows its error; the list is read again from there
      if (!win.firstPageLoaded) return;
      for (const r of rows) if (!batch.has(r.id)) batch.set(r.id, r);
      flush();
    });
  }

  function arrived(row: ExchangeSummary): void {
    batch.set(row.id, row); // a row's latest change, in the place of its first
    flushTimer ??= setTimeout(flush, FLUSH_EVERY_MS);
  }

  async function fetchNewer(): Promise<void> {
    if (fetching) {
      again = true;
      return;
    }
    fetching = true;
    try {
      // a page 0 under way may have been read before these rows were written: ask once it is in
      if (!win.firstPageLoaded) await win.whenFirstPage();
      if (!win.firstPageLoaded) return;
      const newest = newestTime();
      if (newest === null) return hooks.reload(); // the list was empty: read it from the top
      const applied = hooks.applied();
      const epoch = win.epoch;
      const from = applied.from && applied.from > newest ? applied.from : newest;
      const result = await bridge().call('queryExchanges', { ...applied, from, limit: win.pageSize });
      // another filter or inbox came meanwhile: these rows are not the list's any more
      if (!result.ok || win.epoch !== epoch) return;
      // more than a page came: the rows on top are read again from the top, behind what is shown
      add(result.value.items, result.value.nextCursor !== null);
      hooks.countsChanged();
    } finally {
      fetching = false;
      if (again) {
        again = false;
        fetchSoon();
      }
    }
  }

  function fetchSoon(): void {
    fetchTimer ??= setTimeout(() => {
      fetchTimer = null;
      void fetchNewer();
    }, FETCH_EVERY_MS);
  }

  const offEvents = bridge().subscribe((message) => {
    if (message.name === 'delivery.updated') arrived((message.payload as DeliveryChange).row);
    else if (message.name === 'capture.received') arrived((message.payload as CaptureSummary).row);
  });
  let wasConnected: boolean | null = null;
  let everConnected = false;
  const offConnection = bridge().onConnection((connected) => {
    if (connected && wasConnected === false) {
      // After a drop, events may have been missed (changes too): read everything again. A stream
      // that opened only after the first page was asked for may have missed what came in between.
      if (everConnected) {
        forgetWaiting();
        hooks.reload();
      } else fetchSoon();
    }
    if (connected) everConnected = true;
    wasConnected = connected;
  });
  return {
    catchUp,
    waitingCount: () => (win.epoch === waitingEpoch ? waitingCount : 0),
    stop() {
      stopped = true;
      offEvents();
      offConnection();
      if (fetchTimer) clearTimeout(fetchTimer);
      if (flushTimer) clearTimeout(flushTimer);
    },
  };
}
