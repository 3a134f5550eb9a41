import { useEffect, useLayoutEffect, useRef, type ReactNode } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { ExchangeSummary } from '../../../../shared/model/exchange';
import { useExchangeStore } from '../../stores/exchange/exchange-store';
import {
  formatBytes,
  formatCount,
  formatDuration,
  formatTime,
  outcomeLabel,
  outcomeTone,
  statusTone,
} from './exchange-format';

export const ROW_HEIGHT = 28;
/** Browsers stop growing an element near 33.5 million px; past that the list ends with a note. */
export const MAX_ROWS = Math.floor(32_000_000 / ROW_HEIGHT);

export type Columns = 'deliveries' | 'inbox';

interface Column {
  title: string;
  className: string;
  cell(row: ExchangeSummary): ReactNode;
}

const replayMarks: Record<ExchangeSummary['outcome'], string> = {
  succeeded: '✓',
  failed: '✗',
  rejected: '✗',
  cancelled: '–',
  pending: '…',
  retrying: '…',
};

/** How it went, and the replay links: "↺" a replay of another, "replayed ✓" how this one's newest replay went. */
function OutcomeCell({ row }: { row: ExchangeSummary }) {
  const label = outcomeLabel(row);
  return (
    <>
      {row.replayOf && (
        <span className="replay-of" title={`A replay of ${row.replayOf}`} aria-label="replay">
          ↺{' '}
        </span>
      )}
      <span className={`tone-${label.tone}`}>{label.text}</span>
      {row.replay && (
        <span
          className={`replay-mark tone-${outcomeTone(row.replay.outcome)}`}
          title={`Replayed as ${row.replay.id}: ${row.replay.outcome}`}
          aria-label={`replayed, the replay ${row.replay.outcome}`}
        >
          {' '}
          · replayed {replayMarks[row.replay.outcome]}
        </span>
      )}
    </>
  );
}

/** An inbox's column: the verdict in a word (a refused request was never checked). */
function SignatureCell({ row }: { row: ExchangeSummary }) {
  if (row.outcome === 'rejected') return <span className="tone-bad">rejected</span>;
  if (row.verdict === 'valid') return <span className="tone-ok">✓ valid</span>;
  if (row.verdict === 'invalid') return <span className="tone-bad">✗ invalid</span>;
  return <span className="tone-neutral">not checked</span>;
}

const time = (ms: boolean): Column => ({ title: 'Time', className: 'c-time', cell: (r) => formatTime(r.time, { ms }) });
const event: Column = {
  title: 'Event',
  className: 'c-event',
  cell: (r) => r.eventType ?? <span className="muted">—</span>,
};
const outcome: Column = { title: 'Outcome', className: 'c-outcome', cell: (r) => <OutcomeCell row={r} /> };
const status = (title: string): Column => ({
  title,
  className: 'c-status',
  cell: (r) => <span className={`status-${statusTone(r.status)}`}>{r.status || '—'}</span>,
});

const columnSets: Record<Columns, Column[]> = {
  deliveries: [
    time(true),
    {
      title: 'Kind',
      className: 'c-kind',
      cell: (r) => (
        <span className={`kind-${r.kind}`} title={r.kind}>
          <span aria-hidden="true">{r.kind === 'delivery' ? '↗' : '↘'}</span>{' '}
          <span className="kind-label">{r.kind}</span>
        </span>
      ),
    },
    event,
    {
      title: 'Target / inbox',
      className: 'c-target',
      cell: (r) => (
        <>
          {r.kind === 'capture' && r.sourceId ? <span className="muted">{r.sourceId} · </span> : null}
          {r.target}
        </>
      ),
    },
    outcome,
    status('Status'),
    { title: 'Duration', className: 'c-num', cell: (r) => formatDuration(r.durationMs) },
    { title: 'Attempts', className: 'c-num', cell: (r) => (r.kind === 'delivery' ? r.attempts : '') },
  ],
  // captures arrive at a human pace: seconds are enough to tell them apart
  inbox: [
    time(false),
    { title: 'Method', className: 'c-method', cell: (r) => r.method },
    { title: 'Path', className: 'c-target', cell: (r) => r.target },
    event,
    { title: 'Signature', className: 'c-outcome', cell: (r) => <SignatureCell row={r} /> },
    status('Answer'),
    { title: 'Size', className: 'c-num', cell: (r) => formatBytes(r.size) },
  ],
};

/**
 * Exchanges as an ARIA grid over a virtual list: only the rows on screen (and
 * a few more) are in the DOM; the store loads pages by cursor as they come
 * into view. Deliveries and an inbox show the same list with their columns.
 */
export function ExchangeTable({ columns, label, onOpen }: { columns: Columns; label: string; onOpen(): void }) {
  const rows = useExchangeStore((s) => s.rows);
  const selectedIndex = useExchangeStore((s) => s.selectedIndex);
  const prepended = useExchangeStore((s) => s.prepended);
  const select = useExchangeStore((s) => s.select);
  const showRange = useExchangeStore((s) => s.showRange);
  const cols = columnSets[columns];
  const count = Math.min(rows.count, MAX_ROWS);
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

  const walk = rows.walk;
  return (
    <div
      className={`exchange-grid cols-${columns}`}
      role="grid"
      aria-label={label}
      aria-rowcount={count + 1}
      aria-colcount={cols.length}
      aria-busy={!rows.firstPageLoaded}
    >
      <div role="rowgroup" className="exchange-head">
        <div role="row" aria-rowindex={1} className="exchange-row">
          {cols.map((c) => (
            <span key={c.title} role="columnheader" className={c.className}>
              {c.title}
            </span>
          ))}
        </div>
      </div>
      <div ref={scrollRef} className="exchange-scroll" data-testid="exchange-scroll">
        <div role="rowgroup" style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {items.map((v) => {
            const row = rows.rowAt(v.index);
            const selected = v.index === selectedIndex;
            return (
              <div
                key={v.index}
                role="row"
                aria-rowindex={v.index + 2}
                aria-selected={selected}
                aria-busy={row ? undefined : true}
                data-id={row?.id}
                data-outcome={row?.outcome}
                className={`exchange-row${selected ? ' selected' : ''}${row ? '' : ' loading'}`}
                style={{ transform: `translateY(${v.start}px)`, height: ROW_HEIGHT }}
                onClick={() => {
                  select(v.index);
                  onOpen();
                }}
              >
                {cols.map((c) => (
                  <span key={c.title} role="gridcell" className={row ? c.className : 'c-placeholder'}>
                    {row ? c.cell(row) : null}
                  </span>
                ))}
              </div>
            );
          })}
        </div>
      </div>
      <div className="exchange-foot muted small" role="status" aria-live="polite">
        {walk ? (
          `Reaching row ${formatCount(walk.target * rows.pageSize + 1)}: reading page ${formatCount(walk.at + 1)} of ${formatCount(walk.target + 1)}…`
        ) : rows.count > MAX_ROWS ? (
          `Showing the newest ${formatCount(MAX_ROWS)} of ${formatCount(rows.count)} rows; narrow the filter or the time range to see older ones.`
        ) : (
          <>
            <span className="key-hints">
              <kbd>j</kbd>/<kbd>k</kbd> move · <kbd>Enter</kbd> open · <kbd>/</kbd> search
              {columns === 'deliveries' && (
                <>
                  {' '}
                  · <kbd>r</kbd> replay
                </>
              )}{' '}
              · <kbd>Esc</kbd> close
            </span>
            <span className="key-hints-short">
              <kbd>j</kbd>/<kbd>k</kbd> move · <kbd>?</kbd> all keys
            </span>
          </>
        )}
      </div>
    </div>
  );
}
