import { useDetailStore } from './log-detail-store';
import type { ExchangeFilter } from '../../../shared/model/exchange';
import type { DeliveryChange } from '../../../shared/model/subscription';
import { bridge } from '../bridge/bridge';
import { PAGE_SIZE, type LogWindow } from './log-window';

interface LiveHooks {
  applied(): ExchangeFilter;
  onPrepended(n: number): void;
  refreshFacets(): void;
  reload(): void;
}

const FETCH_EVERY_MS = 250;
const FACETS_EVERY_MS = 2000;

/**
 * Keeps the list live: known rows are patched from `delivery.updated`; new
 * deliveries and captures are read back from the core (so the filter applies
 * and the row has every column) at most every 250 ms, and put above the rows
 * already shown. Facet counts follow at a slower pace.
 */
export function startLiveRows(win: LogWindow, hooks: LiveHooks): () => void {
  let fetchTimer: ReturnType<typeof setTimeout> | null = null;
  let facetsTimer: ReturnType<typeof setTimeout> | null = null;
  let fetching = false;
  let again = false;

  const facetsSoon = () => {
    facetsTimer ??= setTimeout(() => {
      facetsTimer = null;
      hooks.refreshFacets();
    }, FACETS_EVERY_MS);
  };

  async function fetchNewer(): Promise<void> {
    if (fetching) {
      again = true;
      return;
    }
    fetching = true;
    try {
      const newest = win.newestTime();
      if (!win.firstPageLoaded) return; // the first page, when it lands, will hold these rows
      if (newest === null) return hooks.reload(); // the list was empty: read it from the top
      const applied = hooks.applied();
      const from = applied.from && applied.from > newest ? applied.from : newest;
      const result = await bridge().call('queryExchanges', { ...applied, from, limit: PAGE_SIZE });
      if (!result.ok) return;
      if (result.value.nextCursor) return hooks.reload(); // more arrived than one page: start over
      const n = win.prepend(result.value.items);
      if (n) hooks.onPrepended(n);
      facetsSoon();
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
    if (message.name === 'delivery.updated') {
      const change = message.payload as DeliveryChange;
      const patched = win.patch(change.id, {
        outcome: change.outcome,
        attempts: change.attempts,
        status: change.lastStatus,
      });
      if (patched) facetsSoon();
      else fetchSoon();
      // the open detail pane follows its delivery too: a retry adds to its timeline as it happens
      const detail = useDetailStore.getState();
      if (detail.id === change.id) void detail.refresh();
    } else if (message.name === 'capture.received') fetchSoon();
  });
  let wasConnected = false;
  let everConnected = false;
  const offConnection = bridge().onConnection((connected) => {
    if (connected && !wasConnected) {
      // The first open races the first page: read only what is newer. After a
      // drop, events may have been missed (patches too): read everything again.
      if (everConnected) hooks.reload();
      else fetchSoon();
      everConnected = true;
    }
    wasConnected = connected;
  });
  return () => {
    offEvents();
    offConnection();
    if (fetchTimer) clearTimeout(fetchTimer);
    if (facetsTimer) clearTimeout(facetsTimer);
  };
}
