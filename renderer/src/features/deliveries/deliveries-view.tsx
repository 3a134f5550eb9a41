import { useCallback, useEffect, useRef, useState } from 'react';
import { EmptyState } from '../../components/empty-state';
import { useDetailStore } from '../../stores/log-detail-store';
import { isFiltered } from '../../stores/log-filter-url';
import { prefetchIfShown, rows, useLogStore } from '../../stores/log-store';
import { useNavStore } from '../../stores/nav-store';
import { BulkReplayPanel } from './bulk-replay';
import { DetailPane } from './detail-pane';
import { ExportFiltered } from './export-filtered';
import { FilterBar, FilterSummary } from './filter-bar';
import { LogTable } from './log-table';
import './deliveries.css';
import { GatedButton } from '../../components/gated';
import { canCall } from '../../stores/session-store';

// Runs once the module graph has evaluated (main.tsx has set the bridge and
// asked React to render) and before React's scheduled mount.
queueMicrotask(prefetchIfShown);

/** Enter on a button, link or tab activates it; only elsewhere does it open the selected row. */
function onControl(e: KeyboardEvent): boolean {
  const t = e.target as HTMLElement | null;
  return Boolean(t?.closest('button, a, summary, [role="tab"], [role="radio"]'));
}

/** Keys typed into a field belong to the field, not to the list. */
function typingInField(e: KeyboardEvent): boolean {
  const t = e.target as HTMLElement | null;
  if (!t) return false;
  return (
    t.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(t.tagName) || Boolean(t.closest('.monaco-editor'))
  );
}

function ListState() {
  useLogStore((s) => s.version);
  const query = useLogStore((s) => s.query);
  const clear = useLogStore((s) => s.clearFilters);
  const reload = useLogStore((s) => s.reload);
  const go = useNavStore((s) => s.go);
  const win = rows();
  if (win.error && !win.firstPageLoaded) {
    return (
      <div className="log-overlay" role="alert">
        <EmptyState title="The log could not be read">
          <p>{win.error}</p>
          <button type="button" onClick={reload}>
            Try again
          </button>
        </EmptyState>
      </div>
    );
  }
  if (!win.firstPageLoaded || win.count > 0) return null;
  return (
    <div className="log-overlay">
      {isFiltered(query) ? (
        <EmptyState title="Nothing matches these filters">
          <p>
            Search looks for whole words in bodies and headers (add <kbd>*</kbd> for a prefix). Widen the time range or
            clear the filters.
          </p>
          <button type="button" onClick={clear}>
            Clear filters
          </button>
        </EmptyState>
      ) : (
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
      )}
    </div>
  );
}

/** Deliveries and captures in one log: filter, browse a million rows, inspect, replay, export. */
export function DeliveriesView() {
  const searchRef = useRef<HTMLInputElement>(null);
  const connect = useLogStore((s) => s.connect);
  const syncFromHash = useLogStore((s) => s.syncFromHash);
  const select = useLogStore((s) => s.select);
  const selectedId = useLogStore((s) => s.selectedId);
  const openDetail = useDetailStore((s) => s.open);
  const [detailOpen, setDetailOpen] = useState(false);
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

  // the pane follows the selection while it is open (j/k through failures)
  useEffect(() => {
    if (!detailOpen || !selectedId) return;
    const t = setTimeout(() => void openDetail(selectedId), 60);
    return () => clearTimeout(t);
  }, [detailOpen, selectedId, openDetail]);

  const open = useCallback(() => setDetailOpen(true), []);
  const close = useCallback(() => {
    setDetailOpen(false);
    void openDetail(null);
  }, [openDetail]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey || e.defaultPrevented) return;
      if (document.querySelector('dialog[open]')) return; // the shortcuts list (or another dialog) has the keys
      if (e.key === 'Escape' && detailOpen && !typingInField(e)) return close();
      if (typingInField(e)) return;
      const { selectedIndex } = useLogStore.getState();
      const move = (by: number) => {
        e.preventDefault();
        select(selectedIndex === null ? 0 : selectedIndex + by);
      };
      if (e.key === 'j' || e.key === 'ArrowDown') move(1);
      else if (e.key === 'k' || e.key === 'ArrowUp') move(-1);
      else if (e.key === 'PageDown') move(20);
      else if (e.key === 'PageUp') move(-20);
      else if (e.key === 'Enter' && selectedIndex !== null && !onControl(e)) {
        e.preventDefault();
        open();
      } else if (e.key === '/') {
        e.preventDefault();
        searchRef.current?.focus();
        searchRef.current?.select();
      } else if (e.key === 'r') {
        const { detail, id, replay } = useDetailStore.getState();
        if (
          canCall('replay') &&
          detailOpen &&
          detail &&
          id === useLogStore.getState().selectedId &&
          detail.kind === 'delivery' &&
          detail.delivery.subscriptionId
        ) {
          e.preventDefault();
          void replay();
        } else if (selectedIndex !== null) open();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [select, open, close, detailOpen]);

  return (
    <div className={detailOpen ? 'deliveries-view with-detail' : 'deliveries-view'}>
      <FilterBar searchRef={searchRef} />
      <div className="log-toolbar">
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
      <div className="log-body">
        <div className="log-main">
          <LogTable onOpen={open} />
          <ListState />
        </div>
        {detailOpen && <DetailPane onClose={close} />}
      </div>
    </div>
  );
}
