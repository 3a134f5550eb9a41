import { useCallback, useEffect, useState, type ReactNode, type RefObject } from 'react';
import { EmptyState } from '../empty-state';
import { dialogOpen, isTyping, onControl } from '../keyboard';
import { ConfirmDialog } from '../modal-dialog';
import { isFiltered } from '../../stores/exchange/exchange-filter-url';
import { useExchangeStore } from '../../stores/exchange/exchange-store';
import { canCall } from '../../stores/session-store';
import { canReplayAsIs } from './detail-actions';
import { DetailPane } from './exchange-detail';
import { ExchangeTable, type Columns } from './exchange-table';
import './exchange.css';

/** Why the list is empty, or that it could not be read; nothing while it has rows or is loading. */
function ListState({ empty }: { empty: ReactNode }) {
  const rows = useExchangeStore((s) => s.rows);
  const query = useExchangeStore((s) => s.query);
  const clear = useExchangeStore((s) => s.clearFilters);
  const reload = useExchangeStore((s) => s.reload);
  if (rows.error && !rows.firstPageLoaded) {
    return (
      <div className="exchange-overlay" role="alert">
        <EmptyState title="The exchanges could not be read">
          <p>{rows.error}</p>
          <button type="button" onClick={reload}>
            Try again
          </button>
        </EmptyState>
      </div>
    );
  }
  if (!rows.firstPageLoaded || rows.count > 0) return null;
  return (
    <div className="exchange-overlay">
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
        empty
      )}
    </div>
  );
}

/**
 * Keys over the list: j/k and the arrows move, Enter opens, / searches, Esc
 * closes the detail, r asks to replay the open delivery. Keys typed into a
 * field belong to the field; an open dialog has them all.
 */
function useListKeys(opts: {
  detailOpen: boolean;
  open(): void;
  close(): void;
  searchRef: RefObject<HTMLInputElement | null>;
  askReplay(): void;
}) {
  const move = useExchangeStore((s) => s.move);
  const { detailOpen, open, close, searchRef, askReplay } = opts;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey || e.defaultPrevented || dialogOpen()) return;
      if (isTyping(e.target)) return;
      if (e.key === 'Escape' && detailOpen) return close();
      const { selectedId } = useExchangeStore.getState();
      const by = (n: number) => {
        e.preventDefault();
        move(n);
      };
      if (e.key === 'j' || e.key === 'ArrowDown') by(1);
      else if (e.key === 'k' || e.key === 'ArrowUp') by(-1);
      else if (e.key === 'PageDown') by(20);
      else if (e.key === 'PageUp') by(-20);
      else if (e.key === 'Enter' && selectedId !== null && !onControl(e.target)) {
        e.preventDefault();
        open();
      } else if (e.key === '/') {
        e.preventDefault();
        searchRef.current?.focus();
        searchRef.current?.select();
      } else if (e.key === 'r') {
        e.preventDefault();
        askReplay();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [move, open, close, detailOpen, searchRef, askReplay]);
}

/**
 * The exchange list with its detail pane, as Deliveries and an inbox show it:
 * the same rows, detail, keys and replay, with the view's own columns.
 */
export function ExchangeBrowser({
  columns,
  label,
  searchRef,
  empty,
}: {
  columns: Columns;
  label: string;
  searchRef: RefObject<HTMLInputElement | null>;
  empty: ReactNode;
}) {
  const selectedId = useExchangeStore((s) => s.selectedId);
  const detailId = useExchangeStore((s) => s.detailId);
  const openDetail = useExchangeStore((s) => s.openDetail);
  const replay = useExchangeStore((s) => s.replay);
  const [detailOpen, setDetailOpen] = useState(false);
  const [confirmReplay, setConfirmReplay] = useState<{ id: string; url: string } | null>(null);

  // the pane follows the selection while it is open (j/k through failures; a click opens at once)
  useEffect(() => {
    if (!detailOpen || !selectedId || selectedId === useExchangeStore.getState().detailId) return;
    const t = setTimeout(() => void openDetail(selectedId), 60);
    return () => clearTimeout(t);
  }, [detailOpen, selectedId, openDetail]);
  // a link in the pane (replay of, replayed as) may open an exchange that is not selected
  useEffect(() => {
    if (detailId) setDetailOpen(true);
  }, [detailId]);

  const open = useCallback(() => setDetailOpen(true), []);
  const openRow = useCallback(
    (id: string) => {
      setDetailOpen(true);
      if (id !== useExchangeStore.getState().detailId) void openDetail(id);
    },
    [openDetail],
  );
  const close = useCallback(() => {
    setDetailOpen(false);
    void openDetail(null);
  }, [openDetail]);
  const askReplay = useCallback(() => {
    const { detail, detailId: id, selectedId } = useExchangeStore.getState();
    if (canCall('replay') && detailOpen && detail && id && canReplayAsIs(detail) && detail.kind === 'delivery')
      setConfirmReplay({ id, url: detail.delivery.targetUrl });
    else if (selectedId !== null) open();
  }, [detailOpen, open]);
  useListKeys({ detailOpen, open, close, searchRef, askReplay });

  // a new filter or scope clears selection and detail: the pane goes until a row is opened again
  const showDetail = detailOpen && (detailId !== null || selectedId !== null);
  return (
    <div className={showDetail ? 'exchange-body with-detail' : 'exchange-body'}>
      <div className="exchange-main">
        <ExchangeTable columns={columns} label={label} onOpen={openRow} />
        <ListState empty={empty} />
      </div>
      {showDetail && <DetailPane onClose={close} />}
      {confirmReplay && (
        <ConfirmDialog
          title="Replay this delivery?"
          confirmLabel="Replay"
          tone="primary"
          onClose={() => setConfirmReplay(null)}
          onConfirm={() => {
            setConfirmReplay(null);
            void replay();
          }}
        >
          <p>
            Sends <code>{confirmReplay.id}</code> again to <code>{confirmReplay.url}</code>, signed now, as a new
            delivery. <kbd>Enter</kbd> replays, <kbd>Esc</kbd> cancels.
          </p>
        </ConfirmDialog>
      )}
    </div>
  );
}
