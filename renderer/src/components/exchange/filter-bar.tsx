import { useEffect, useState, type RefObject } from 'react';
import {
  outcomes,
  statusClasses,
  type ExchangeFacets,
  type ExchangeFilter,
  type FacetCount,
} from '../../../../shared/model/exchange';
import { searchTextProblem } from '../../../../shared/validate/search-text';
import { isFiltered, rangePresets, type RangePreset } from '../../stores/exchange/exchange-filter-url';
import { useExchangeStore } from '../../stores/exchange/exchange-store';
import { formatCount } from './exchange-format';
import { useSourceNames } from './source-names';

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

const toLocalInput = (iso: string | undefined) => {
  if (!iso) return '';
  const d = new Date(iso);
  return new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
};
const fromLocalInput = (v: string) => (v ? new Date(v).toISOString() : undefined);

/** One end of a custom range, typed in local time and kept as ISO. */
function TimeBound({
  id,
  label,
  value,
  onChange,
}: {
  id: string;
  label: string;
  value: string | undefined;
  onChange(iso: string | undefined): void;
}) {
  return (
    <div className="filter-field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="datetime-local"
        value={toLocalInput(value)}
        onChange={(e) => onChange(fromLocalInput(e.target.value))}
      />
    </div>
  );
}

/**
 * The search box: checked with the core's own rule before it is sent, so a
 * search that cannot run says why next to the box instead of emptying the
 * list. Esc leaves the box and keeps the results (a search input would clear itself).
 */
function SearchField({ searchRef, label }: { searchRef: RefObject<HTMLInputElement | null>; label: string }) {
  const applied = useExchangeStore((s) => s.query.filter.text);
  const setQuery = useExchangeStore((s) => s.setQuery);
  const [text, setText] = useState(applied ?? '');
  const problem = searchTextProblem(text);

  // the URL or "clear" changed the applied text: show it
  useEffect(() => setText(applied ?? ''), [applied]);
  useEffect(() => {
    if (problem || text.trim() === (applied ?? '')) return;
    const t = setTimeout(() => setQuery({ text: text.trim() || undefined }), TEXT_DEBOUNCE_MS);
    return () => clearTimeout(t);
  }, [text, applied, problem, setQuery]);

  return (
    <div className="filter-field filter-text">
      <label htmlFor="exchange-search">
        {label} <kbd>/</kbd>
      </label>
      <input
        id="exchange-search"
        ref={searchRef}
        type="search"
        value={text}
        placeholder="Words in bodies and headers, e.g. an email"
        aria-invalid={problem ? true : undefined}
        aria-describedby={problem ? 'exchange-search-problem' : undefined}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && !problem) setQuery({ text: text.trim() || undefined });
          if (e.key === 'Escape') {
            e.preventDefault();
            (e.target as HTMLInputElement).blur();
          }
        }}
      />
      <span id="exchange-search-problem" className="filter-problem error-text" role="status" aria-live="polite">
        {problem ?? ''}
      </span>
    </div>
  );
}

/** The facet selects, in the bar's order: which filter each sets and which counts it shows. */
const facetFields: {
  label: string;
  all: string;
  filter: 'kind' | 'outcome' | 'statusClass' | 'eventType' | 'subscriptionId' | 'inboxId';
  facet: Exclude<keyof ExchangeFacets, 'total'>;
  fixed?: readonly string[];
  /** Options show the subscription's or inbox's name instead of its id. */
  named?: boolean;
  /** A row comes from a subscription or from an inbox, never both: choosing one drops the other. */
  drops?: 'subscriptionId' | 'inboxId';
}[] = [
  { label: 'Kind', all: 'All kinds', filter: 'kind', facet: 'kind', fixed: ['delivery', 'capture'] },
  { label: 'Outcome', all: 'Any outcome', filter: 'outcome', facet: 'outcome', fixed: outcomes },
  { label: 'Status', all: 'Any status', filter: 'statusClass', facet: 'statusClass', fixed: statusClasses },
  { label: 'Event', all: 'Any event', filter: 'eventType', facet: 'eventType' },
  {
    label: 'Subscription',
    all: 'Any subscription',
    filter: 'subscriptionId',
    facet: 'subscription',
    named: true,
    drops: 'inboxId',
  },
  { label: 'Inbox', all: 'Any inbox', filter: 'inboxId', facet: 'inbox', named: true, drops: 'subscriptionId' },
];

/** Filters, each with counts from `exchangeFacets`; free text is debounced, everything else applies at once. */
export function FilterBar({ searchRef }: { searchRef: RefObject<HTMLInputElement | null> }) {
  const query = useExchangeStore((s) => s.query);
  const facets = useExchangeStore((s) => s.facets);
  const setQuery = useExchangeStore((s) => s.setQuery);
  const names = useSourceNames();
  const f = query.filter;
  const [custom, setCustom] = useState(Boolean(f.from || f.to));

  const rangeValue = query.range ?? (custom || f.from || f.to ? 'custom' : '');
  const onRange = (v: string) => {
    setCustom(v === 'custom');
    if (v === 'custom') setQuery({ range: null });
    else setQuery({ range: (v || null) as RangePreset | null, from: undefined, to: undefined });
  };

  return (
    <form className="filter-bar" role="search" aria-label="Filter the exchanges" onSubmit={(e) => e.preventDefault()}>
      <SearchField searchRef={searchRef} label="Search" />
      {facetFields.map((field) => (
        <FacetSelect
          key={field.filter}
          label={field.label}
          all={field.all}
          value={f[field.filter]}
          facet={facets?.[field.facet]}
          fixed={field.fixed}
          names={field.named ? names : undefined}
          onChange={(v) =>
            setQuery({ [field.filter]: v, ...(field.drops && { [field.drops]: undefined }) } as Partial<ExchangeFilter>)
          }
        />
      ))}
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
          <TimeBound id="filter-from" label="From" value={f.from} onChange={(from) => setQuery({ from })} />
          <TimeBound id="filter-to" label="Before" value={f.to} onChange={(to) => setQuery({ to })} />
        </>
      )}
    </form>
  );
}

/** An inbox's list: only the search box (the inbox is the rest of the filter). */
export function SearchBar({ searchRef }: { searchRef: RefObject<HTMLInputElement | null> }) {
  return (
    <form className="filter-bar" role="search" aria-label="Search the captures" onSubmit={(e) => e.preventDefault()}>
      <SearchField searchRef={searchRef} label="Search captures" />
    </form>
  );
}

/** How many rows the filter matches, and the way back to everything. */
export function FilterSummary() {
  const query = useExchangeStore((s) => s.query);
  const facets = useExchangeStore((s) => s.facets);
  const facetsError = useExchangeStore((s) => s.facetsError);
  const clear = useExchangeStore((s) => s.clearFilters);
  return (
    <div className="filter-summary">
      <span role="status" aria-live="polite" data-testid="exchange-total">
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
