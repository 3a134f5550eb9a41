import { useEffect, useRef, useState } from 'react';
import { EmptyState } from '../../components/empty-state';
import { ExchangeBrowser } from '../../components/exchange/exchange-browser';
import { FilterBar, FilterSummary } from '../../components/exchange/filter-bar';
import { useExchangeStore } from '../../stores/exchange/exchange-store';
import { useNavStore } from '../../stores/nav-store';
import { BulkReplayPanel } from './bulk-replay';
import { ExportFiltered } from './export-filtered';
import './deliveries.css';
import { GatedButton } from '../../components/gated';

function NoExchanges() {
  const go = useNavStore((s) => s.go);
  return (
    <EmptyState title="No exchanges yet">
      <p>Deliveries you send and requests your inboxes capture show up here as they happen.</p>
      <p>
        <button type="button" onClick={() => go('send')}>
          Send an event
        </button>{' '}
        <button type="button" onClick={() => go('inbox')}>
          Open an inbox
        </button>
      </p>
    </EmptyState>
  );
}

/** Deliveries and captures in one list: filter, browse a million rows, inspect, replay, export. */
export function DeliveriesView() {
  const searchRef = useRef<HTMLInputElement>(null);
  const connect = useExchangeStore((s) => s.connect);
  const syncFromHash = useExchangeStore((s) => s.syncFromHash);
  const [bulkOpen, setBulkOpen] = useState(false);

  useEffect(() => {
    // fresh rows on every visit: live events were not followed while away
    syncFromHash(true);
    const onHash = () => syncFromHash();
    window.addEventListener('hashchange', onHash);
    const off = connect();
    return () => {
      window.removeEventListener('hashchange', onHash);
      off();
    };
  }, [connect, syncFromHash]);

  return (
    <div className="exchange-view deliveries-view">
      <FilterBar searchRef={searchRef} />
      <div className="exchange-toolbar">
        <FilterSummary />
        <div className="toolbar-actions">
          <GatedButton
            method="bulkReplay"
            type="button"
            aria-expanded={bulkOpen}
            onClick={() => setBulkOpen((o) => !o)}
          >
            Bulk replay…
          </GatedButton>
          <ExportFiltered />
        </div>
      </div>
      {bulkOpen && <BulkReplayPanel onClose={() => setBulkOpen(false)} />}
      <ExchangeBrowser columns="deliveries" label="Exchanges" searchRef={searchRef} empty={<NoExchanges />} />
    </div>
  );
}
