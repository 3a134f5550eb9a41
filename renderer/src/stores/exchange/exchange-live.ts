import type { ExchangeFilter, ExchangeSummary } from '../../../../shared/model/exchange';
import type { CaptureSummary } from '../../../../shared/model/inbox';
import type { DeliveryChange } from '../../../../shared/model/subscription';
import { bridge } from '../../bridge/bridge';
import { matchesFilter } from './exchange-filter-url';
import type { ExchangeWindow } from './exchange-window';

export interface LiveHooks {
  applied(): ExchangeFilter;
  onPrepended(n: number): void;
  /** Rows were added or changed: counts may be stale. */
  countsChanged(): void;
  reload(): void;
  /** A row changed that the open detail may show (itself, or a replay of it). */
  touched(ids: string[]): void;
}

const FETCH_EVERY_MS = 250;

/**
 * Keeps the list live from core events, which carry whole rows: a known row
 * is replaced where it is, a new one that passes the filter goes on top, and
 * a replay's original learns how its replay went. Only what the page cannot
 * decide itself (a free-text filter, events missed while disconnected) is
 * read back from the core.
 */
export function startLiveRows(win: ExchangeWindow, hooks: LiveHooks): () => void {
  let fetchTimer: ReturnType<typeof setTimeout> | null = null;
  let fetching = false;
  let again = false;

  async function fetchNewer(): Promise<void> {
    if (fetching) {
      again = true;
      return;
    }
    fetching = true;
    try {
      if (!win.firstPageLoaded) return; // the first page, when it lands, will hold these rows
      const newest = win.newestTime();
      if (newest === null) return hooks.reload(); // the list was empty: read it from the top
      const applied = hooks.applied();
      const epoch = win.epoch;
      const from = applied.from && applied.from > newest ? applied.from : newest;
      const result = await bridge().call('queryExchanges', { ...applied, from, limit: win.pageSize });
      // another filter or inbox came meanwhile: these rows are not the list's any more
      if (!result.ok || win.epoch !== epoch) return;
      if (result.value.nextCursor) return hooks.reload(); // more arrived than one page: start over
      const n = win.prepend(result.value.items);
      if (n) hooks.onPrepended(n);
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

  function arrived(row: ExchangeSummary): void {
    // a replay's original shows how its newest replay went
    if (row.replayOf) win.patch(row.replayOf, { replay: { id: row.id, outcome: row.outcome } });
    const { replay: _keep, ...changed } = row;
    if (win.patch(row.id, changed)) return hooks.countsChanged();
    const matches = matchesFilter(row, hooks.applied());
    if (matches === null) return fetchSoon();
    if (!matches || !win.firstPageLoaded) return;
    // Older than what is on top (a retry of an old delivery): it belongs further down, where a page read finds it.
    const newest = win.newestTime();
    if (newest !== null && row.time < newest) return;
    const n = win.prepend([row]);
    if (n) hooks.onPrepended(n);
    hooks.countsChanged();
  }

  const offEvents = bridge().subscribe((message) => {
    if (message.name === 'delivery.updated') {
      const { row } = message.payload as DeliveryChange;
      arrived(row);
      hooks.touched(row.replayOf ? [row.id, row.replayOf] : [row.id]);
    } else if (message.name === 'capture.received') {
      arrived((message.payload as CaptureSummary).row);
    }
  });
  let wasConnected: boolean | null = null;
  let everConnected = false;
  const offConnection = bridge().onConnection((connected) => {
    if (connected && wasConnected === false) {
      // After a drop, events may have been missed (changes too): read everything again. A stream
      // that opened only after the first page was asked for may have missed what came in between.
      if (everConnected) hooks.reload();
      else fetchSoon();
    }
    if (connected) everConnected = true;
    wasConnected = connected;
  });
  return () => {
    offEvents();
    offConnection();
    if (fetchTimer) clearTimeout(fetchTimer);
  };
}
