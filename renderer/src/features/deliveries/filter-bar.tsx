import { useEffect, useState, type RefObject } from 'react';
import { outcomes, statusClasses, type FacetCount } from '../../../../shared/model/exchange';
import { bridge } from '../../bridge/bridge';
import { isFiltered, rangePresets, type RangePreset } from '../../stores/log-filter-url';
import { rows, useLogStore } from '../../stores/log-store';
import { formatCount } from './format';

const TEXT_DEBOUNCE_MS = 300;

/** Options with the core's counts; the current value stays listed even when nothing matches it now. */
function FacetSelect({
  label,
  value,
  facet,
  all,
  names,
  onChange,
  fixed,
}: {
  label: string;
  value: string | undefined;
  facet: FacetCount[] | undefined;
  all: string;
  names?: Map<string, string>;
  fixed?: readonly string[];
  onChange(value: string | undefined): void;
}) {
  const counts = new Map((facet ?? []).map((f) => [f.value, f.count]));
  const values = fixed ? [...fixed] : (facet ?? []).map((f) => f.value);
  if (value && !values.includes(value)) values.unshift(value);
  const id = `filter-${label.toLowerCase().replace(/\W+/g, '-')}`;
  return (
    <div className="filter-field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value ?? ''} onChange={(e) => onChange(e.target.value || undefined)}>
        <option value="">{all}</option>
        {values.map((v) => (
          <option key={v} value={v} disabled={!counts.get(v) && v !== value}>
            {names?.get(v) ?? (v === '' ? '(none)' : v)} ({formatCount(counts.get(v) ?? 0)})
          </option>
        ))}
      </select>
    </div>
  );
}

function useSourceNames(): Map<string, string> {
  const [names, setNames] = useState(new Map<string, string>());
  useEffect(() => {
    let live = true;
    // names are a nicety: ask after the first rows, which the user is waiting for
    void rows()
      .whenFirstPage()
      .then(() =>
        Promise.all([bridge().call('listSubscriptions', undefined), bridge().call('listInboxes', undefined)]).then(
          ([subs, inboxes]) => {
            if (!live) return;
            const m = new Map<string, string>();
            if (subs.ok) for (const s of subs.value) m.set(s.id, s.name || s.url);
            if (inboxes.ok) for (const i of inboxes.value) m.set(i.id, i.name);
            setNames(m);
          },
        ),
      );
    return () => {
      live = false;
    };
  }, []);
  return names;
}

const toLocalInput = (iso: string | undefined) => {
  if (!iso) return '';
  const d = new Date(iso);
  return new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
};
const fromLocalInput = (v: string) => (v ? new Date(v).toISOString() : undefined);

/** Filters, each with counts from `exchangeFacets`; free text is debounced, everything else applies at once. */
export function FilterBar({ searchRef }: { searchRef: RefObject<HTMLInputElement | null> }) {
  const query = useLogStore((s) => s.query);
  const facets = useLogStore((s) => s.facets);
  const setQuery = useLogStore((s) => s.setQuery);
  const names = useSourceNames();
  const f = query.filter;
  const [text, setText] = useState(f.text ?? '');
  const [custom, setCustom] = useState(Boolean(f.from || f.to));

  // the URL or "clear" changed the applied text: show it
  useEffect(() => setText(f.text ?? ''), [f.text]);
  useEffect(() => {
    if (text.trim() === (f.text ?? '')) return;
    const t = setTimeout(() => setQuery({ text: text.trim() || undefined }), TEXT_DEBOUNCE_MS);
    return () => clearTimeout(t);
  }, [text, f.text, setQuery]);

  const rangeValue = query.range ?? (custom || f.from || f.to ? 'custom' : '');
  const onRange = (v: string) => {
    setCustom(v === 'custom');
    if (v === 'custom') setQuery({ range: null });
    else setQuery({ range: (v || null) as RangePreset | null, from: undefined, to: undefined });
  };

  return (
    <form className="filter-bar" role="search" aria-label="Filter the log" onSubmit={(e) => e.preventDefault()}>
      <div className="filter-field filter-text">
        <label htmlFor="log-search">
          Search <kbd>/</kbd>
        </label>
        <input
          id="log-search"
          ref={searchRef}
          type="search"
          value={text}
          placeholder="Words in bodies and headers, e.g. an email"
          onChange={(e) => setText(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') setQuery({ text: text.trim() || undefined });
            if (e.key === 'Escape') (e.target as HTMLInputElement).blur();
          }}
        />
      </div>
      <FacetSelect
        label="Kind"
        all="All kinds"
        value={f.kind}
        facet={facets?.kind}
        fixed={['delivery', 'capture']}
        onChange={(v) => setQuery({ kind: v as 'delivery' | 'capture' | undefined })}
      />
      <FacetSelect
        label="Outcome"
        all="Any outcome"
        value={f.outcome}
        facet={facets?.outcome}
        fixed={outcomes}
        onChange={(v) => setQuery({ outcome: v as (typeof outcomes)[number] | undefined })}
      />
      <FacetSelect
        label="Status"
        all="Any status"
        value={f.statusClass}
        facet={facets?.statusClass}
        fixed={statusClasses}
        onChange={(v) => setQuery({ statusClass: v as (typeof statusClasses)[number] | undefined })}
      />
      <FacetSelect
        label="Event"
        all="Any event"
        value={f.eventType}
        facet={facets?.eventType}
        onChange={(v) => setQuery({ eventType: v })}
      />
      <FacetSelect
        label="Subscription"
        all="Any subscription"
        value={f.subscriptionId}
        facet={facets?.subscription}
        names={names}
        onChange={(v) => setQuery({ subscriptionId: v, inboxId: undefined })}
      />
      <FacetSelect
        label="Inbox"
        all="Any inbox"
        value={f.inboxId}
        facet={facets?.inbox}
        names={names}
        onChange={(v) => setQuery({ inboxId: v, subscriptionId: undefined })}
      />
      <div className="filter-field">
        <label htmlFor="filter-time">Time</label>
        <select id="filter-time" value={rangeValue} onChange={(e) => onRange(e.target.value)}>
          <option value="">Any time</option>
          {rangePresets.map((p) => (
            <option key={p.id} value={p.id}>
              {p.label}
            </option>
          ))}
          <option value="custom">Between…</option>
        </select>
      </div>
      {rangeValue === 'custom' && (
        <>
          <div className="filter-field">
            <label htmlFor="filter-from">From</label>
            <input
              id="filter-from"
              type="datetime-local"
              value={toLocalInput(f.from)}
              onChange={(e) => setQuery({ from: fromLocalInput(e.target.value) })}
            />
          </div>
          <div className="filter-field">
            <label htmlFor="filter-to">Before</label>
            <input
              id="filter-to"
              type="datetime-local"
              value={toLocalInput(f.to)}
              onChange={(e) => setQuery({ to: fromLocalInput(e.target.value) })}
            />
          </div>
        </>
      )}
    </form>
  );
}

/** How many rows the filter matches, and the way back to everything. */
export function FilterSummary() {
  const query = useLogStore((s) => s.query);
  const facets = useLogStore((s) => s.facets);
  const facetsError = useLogStore((s) => s.facetsError);
  const clear = useLogStore((s) => s.clearFilters);
  return (
    <div className="filter-summary">
      <span role="status" aria-live="polite" data-testid="log-total">
        {facets ? `${formatCount(facets.total)} ${facets.total === 1 ? 'exchange' : 'exchanges'}` : 'Counting…'}
      </span>
      {isFiltered(query) && (
        <button type="button" onClick={clear}>
          Clear filters
        </button>
      )}
      {facetsError && <span className="error-text small">Counts unavailable: {facetsError}</span>}
    </div>
  );
}
