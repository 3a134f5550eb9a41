import { useEffect, useLayoutEffect, useRef } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { ExchangeSummary } from '../../../../shared/model/exchange';
import { rows, useLogStore } from '../../stores/log-store';
import { PAGE_SIZE } from '../../stores/log-window';
import { formatCount, formatDuration, formatTime, outcomeTone, statusTone } from './format';

export const ROW_HEIGHT = 28;
/** Browsers stop growing an element near 33.5 million px; past that the list ends with a note. */
export const MAX_ROWS = Math.floor(32_000_000 / ROW_HEIGHT);

const columns = ['Time', 'Kind', 'Event', 'Target / inbox', 'Outcome', 'Status', 'Duration', 'Attempts'];

function Cells({ row }: { row: ExchangeSummary }) {
  const tone = outcomeTone(row.outcome);
  return (
    <>
      <span role="gridcell" className="c-time">
        {formatTime(row.time)}
      </span>
      <span role="gridcell" className={`c-kind kind-${row.kind}`} title={row.kind}>
        <span aria-hidden="true">{row.kind === 'delivery' ? '↗' : '↘'}</span>{' '}
        <span className="kind-label">{row.kind}</span>
      </span>
      <span role="gridcell" className="c-event" title={row.eventType ?? undefined}>
        {row.eventType ?? <span className="muted">—</span>}
      </span>
      <span role="gridcell" className="c-target" title={row.target}>
        {row.kind === 'capture' && row.sourceId ? <span className="muted">{row.sourceId} · </span> : null}
        {row.target}
      </span>
      <span role="gridcell" className={`c-outcome tone-${tone}`}>
        {row.outcome}
      </span>
      <span role="gridcell" className={`c-status status-${statusTone(row.status)}`}>
        {row.status ?? '—'}
      </span>
      <span role="gridcell" className="c-num">
        {formatDuration(row.durationMs)}
      </span>
      <span role="gridcell" className="c-num">
        {row.kind === 'delivery' ? row.attempts : ''}
      </span>
    </>
  );
}

function Placeholder() {
  return (
    <>
      {columns.map((c) => (
        <span key={c} role="gridcell" className="c-placeholder" aria-hidden="true" />
      ))}
    </>
  );
}

/**
 * The log as an ARIA grid over a virtual list: only the rows on screen (and a
 * few more) are in the DOM; the window behind it loads pages by cursor as they
 * come into view.
 */
export function LogTable({ onOpen }: { onOpen(index: number): void }) {
  useLogStore((s) => s.version); // re-render when rows arrive
  const selectedIndex = useLogStore((s) => s.selectedIndex);
  const prepended = useLogStore((s) => s.prepended);
  const select = useLogStore((s) => s.select);
  const showRange = useLogStore((s) => s.showRange);
  const win = rows();
  const count = Math.min(win.count, MAX_ROWS);
  const scrollRef = useRef<HTMLDivElement>(null);

  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });
  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items[items.length - 1]?.index ?? 0;

  useEffect(() => showRange(first, last), [first, last, showRange]);

  // Live rows went in above: when reading further down, move with them so the rows on screen stay put.
  useLayoutEffect(() => {
    const el = scrollRef.current;
    if (el && prepended.n && el.scrollTop > 0) el.scrollTop += prepended.n * ROW_HEIGHT;
  }, [prepended]);

  useEffect(() => {
    if (selectedIndex !== null) virtualizer.scrollToIndex(selectedIndex, { align: 'auto' });
  }, [selectedIndex, virtualizer]);

  const walk = win.walk;
  return (
    <div
      className="log-grid"
      role="grid"
      aria-label="Exchange store"
      aria-rowcount={count + 1}
      aria-colcount={columns.length}
      aria-busy={!win.firstPageLoaded}
    >
      <div role="rowgroup" className="log-head">
        <div role="row" aria-rowindex={1} className="log-row">
          {columns.map((c) => (
            <span key={c} role="columnheader" className={c === 'Duration' || c === 'Attempts' ? 'c-num' : undefined}>
              {c}
            </span>
          ))}
        </div>
      </div>
      <div ref={scrollRef} className="log-scroll" data-testid="log-scroll">
        <div role="rowgroup" style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {items.map((v) => {
            const row = win.rowAt(v.index);
            const selected = v.index === selectedIndex;
            return (
              <div
                key={v.index}
                role="row"
                aria-rowindex={v.index + 2}
                aria-selected={selected}
                aria-busy={row ? undefined : true}
                data-id={row?.id}
                className={`log-row${selected ? ' selected' : ''}${row ? '' : ' loading'}`}
                style={{ transform: `translateY(${v.start}px)`, height: ROW_HEIGHT }}
                onClick={() => {
                  select(v.index);
                  onOpen(v.index);
                }}
              >
                {row ? <Cells row={row} /> : <Placeholder />}
              </div>
            );
          })}
        </div>
      </div>
      <div className="log-foot muted small" role="status" aria-live="polite">
        {walk ? (
          `Reaching row ${formatCount(walk.target * PAGE_SIZE + 1)}: reading page ${formatCount(walk.at + 1)} of ${formatCount(walk.target + 1)}…`
        ) : win.count > MAX_ROWS ? (
          `Showing the newest ${formatCount(MAX_ROWS)} of ${formatCount(win.count)} rows; narrow the filter or the time range to see older ones.`
        ) : (
          <span>
            <kbd>j</kbd>/<kbd>k</kbd> move · <kbd>Enter</kbd> open · <kbd>/</kbd> search · <kbd>r</kbd> replay ·{' '}
            <kbd>Esc</kbd> close
          </span>
        )}
      </div>
    </div>
  );
}
