import { memo, useCallback, useEffect, useRef, type ReactNode } from 'react';
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
import { SourceName } from './source-names';

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
          {r.kind === 'capture' && r.sourceId ? (
            <span className="muted">
              <SourceName id={r.sourceId} /> ·{' '}
            </span>
          ) : null}
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
 * One row, keyed by its place: when live rows stream in at the top, each place
 * gets the text of another row (cheaper than creating every row's elements
 * anew ten times a second); a row that did not change is not rendered again.
 */
const Row = memo(function Row({
  row,
  index,
  start,
  selected,
  cols,
  onPick,
}: {
  row: ExchangeSummary | undefined;
  index: number;
  start: number;
  selected: boolean;
  cols: Column[];
  onPick(id: string): void;
}) {
  return (
    <div
      role="row"
      aria-rowindex={index + 2}
      aria-selected={selected}
      aria-busy={row ? undefined : true}
      data-id={row?.id}
      data-outcome={row?.outcome}
      className={`exchange-row${selected ? ' selected' : ''}${row ? '' : ' loading'}`}
      style={{ transform: `translateY(${start}px)`, height: ROW_HEIGHT }}
      // the row under the pointer when it was clicked, whatever moved since: selection is by id
      onClick={row ? () => onPick(row.id) : undefined}
    >
      {cols.map((c) => (
        <span key={c.title} role="gridcell" className={row ? c.className : 'c-placeholder'}>
          {row ? c.cell(row) : null}
        </span>
      ))}
    </div>
  );
});

/** "N new": rows that came while the user read further down; a click (or scrolling up) puts them on top. */
function NewRows({ onShow }: { onShow(): void }) {
  const { n, exact } = useExchangeStore((s) => s.newRows);
  if (!n) return null;
  return (
    <button type="button" className="new-rows" title="Go to the top and show the newest rows" onClick={onShow}>
      ↑ {formatCount(n)}
      {exact ? '' : '+'} new
    </button>
  );
}

/**
 * Exchanges as an ARIA grid over a virtual list: only the rows on screen (and
 * a few more) are in the DOM; the store loads pages by cursor as they come
 * into view. Deliveries and an inbox show the same list with their columns.
 * At the top the list follows new rows; scrolled down it holds still and
 * counts them instead.
 */
export function ExchangeTable({
  columns,
  label,
  onOpen,
}: {
  columns: Columns;
  label: string;
  onOpen(id: string): void;
}) {
  const rows = useExchangeStore((s) => s.rows);
  const selectedId = useExchangeStore((s) => s.selectedId);
  const reveal = useExchangeStore((s) => s.reveal);
  const select = useExchangeStore((s) => s.select);
  const showRange = useExchangeStore((s) => s.showRange);
  const setFollowing = useExchangeStore((s) => s.setFollowing);
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

  useEffect(() => {
    if (reveal) virtualizer.scrollToIndex(reveal.index, { align: 'auto' });
  }, [reveal, virtualizer]);

  // a list just shown is at its top: it follows new rows until scrolled down
  useEffect(() => setFollowing(true), [setFollowing]);

  const pick = useCallback(
    (id: string) => {
      select(id);
      onOpen(id);
    },
    [select, onOpen],
  );
  const toTop = useCallback(() => {
    scrollRef.current?.scrollTo({ top: 0 });
    setFollowing(true);
  }, [setFollowing]);

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
      <div
        ref={scrollRef}
        className="exchange-scroll"
        data-testid="exchange-scroll"
        onScroll={(e) => setFollowing(e.currentTarget.scrollTop < 1)}
      >
        <div role="rowgroup" style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {items.map((v) => {
            const row = rows.rowAt(v.index);
            return (
              <Row
                key={v.index}
                row={row}
                index={v.index}
                start={v.start}
                selected={row !== undefined && row.id === selectedId}
                cols={cols}
                onPick={pick}
              />
            );
          })}
        </div>
      </div>
      <NewRows onShow={toTop} />
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
