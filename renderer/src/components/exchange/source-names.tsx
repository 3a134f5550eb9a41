import { useEffect } from 'react';
import { create } from 'zustand';
import { bridge } from '../../bridge/bridge';
import { useExchangeStore } from '../../stores/exchange/exchange-store';

/** Subscription and inbox names by id, for the filter bar's choices and the list's rows. */
const useNames = create<{ names: Map<string, string> }>(() => ({ names: new Map() }));

/**
 * Reads the names again each time a list is shown (an inbox made or renamed
 * since shows its name), after its first rows: names are a nicety, the rows are
 * what the user waits for.
 */
export function useSourceNames(): Map<string, string> {
  const firstPageLoaded = useExchangeStore((s) => s.rows.firstPageLoaded);
  useEffect(() => {
    if (!firstPageLoaded) return;
    let live = true;
    void Promise.all([bridge().call('listSubscriptions', undefined), bridge().call('listInboxes', undefined)]).then(
      ([subs, inboxes]) => {
        if (!live) return;
        const m = new Map<string, string>();
        if (subs.ok) for (const s of subs.value) m.set(s.id, s.name || s.url);
        if (inboxes.ok) for (const i of inboxes.value) m.set(i.id, i.name);
        useNames.setState({ names: m });
      },
    );
    return () => {
      live = false;
    };
  }, [firstPageLoaded]);
  return useNames((s) => s.names);
}

/** A subscription's or inbox's name, or its id until the names are in (or when it was deleted). */
export function SourceName({ id }: { id: string }) {
  const name = useNames((s) => s.names.get(id));
  return <span title={name ? id : undefined}>{name ?? id}</span>;
}
