import { useEffect, useId, useState } from 'react';
import type { ProfileId } from '../../../../shared/model/signing';
import { useCatalogStore } from '../../stores/catalog-store';

/** "All events" or a set picked from the profile's catalog, with a filter when the catalog is long. */
export function EventPicker({
  profile,
  all,
  selected,
  error,
  onChange,
}: {
  profile: ProfileId;
  all: boolean;
  selected: string[];
  error?: string;
  onChange(all: boolean, events: string[]): void;
}) {
  const { events, eventsError, loadEvents } = useCatalogStore();
  const [filter, setFilter] = useState('');
  const errorId = useId();
  useEffect(() => void loadEvents(profile), [profile, loadEvents]);
  const catalog = events[profile];
  const shown = catalog?.filter((e) => !filter || e.name.includes(filter.trim().toLowerCase()));
  const toggle = (name: string, on: boolean) =>
    onChange(false, on ? [...selected, name] : selected.filter((n) => n !== name));

  return (
    <fieldset className="sub-section" aria-describedby={error ? errorId : undefined}>
      <legend>Events</legend>
      <label className="check">
        <input
          type="checkbox"
          checked={all}
          onChange={(e) => onChange(e.target.checked, e.target.checked ? [] : selected)}
        />
        All events, including ones added later
      </label>
      {!all && (
        <>
          {catalog && catalog.length > 12 && (
            <input
              className="event-filter"
              type="search"
              value={filter}
              onChange={(e) => setFilter(e.target.value)}
              placeholder="Filter events"
              aria-label="Filter events"
            />
          )}
          {eventsError && (
            <p role="alert" className="error-text">
              Could not read the catalog: {eventsError}
            </p>
          )}
          {!catalog ? (
            <p className="muted small">Loading the {profile} catalog…</p>
          ) : (
            <div className="event-list" role="group" aria-label="Events to subscribe to">
              {shown!.map((e) => (
                <label key={e.name} className="check" title={e.description}>
                  <input
                    type="checkbox"
                    checked={selected.includes(e.name)}
                    onChange={(ev) => toggle(e.name, ev.target.checked)}
                  />
                  <code>{e.name}</code>
                </label>
              ))}
            </div>
          )}
          <p className="muted small">{selected.length} selected</p>
        </>
      )}
      {error && (
        <p id={errorId} className="field-error error-text">
          {error}
        </p>
      )}
    </fieldset>
  );
}
