import { create } from 'zustand';
import type { EventSummary, ProfileId, ProfileInfo } from '../../../shared/model/signing';
import { bridge } from '../bridge/bridge';

interface CatalogState {
  profiles: ProfileInfo[] | null;
  profilesError: string | null;
  /** Events per provider, read once each: the catalogs ship with the core and do not change while it runs. */
  events: Partial<Record<ProfileId, EventSummary[]>>;
  eventsError: string | null;
  loadProfiles(): Promise<void>;
  loadEvents(provider: ProfileId): Promise<void>;
}

/** A cache of the signing profiles and event catalogs the core offers. */
export const useCatalogStore = create<CatalogState>((set, get) => ({
  profiles: null,
  profilesError: null,
  events: {},
  eventsError: null,
  async loadProfiles() {
    if (get().profiles) return;
    const r = await bridge().call('listProfiles', undefined);
    if (r.ok) set({ profiles: r.value, profilesError: null });
    else set({ profilesError: r.error.message });
  },
  async loadEvents(provider) {
    if (get().events[provider]) return;
    const r = await bridge().call('listEvents', { provider });
    if (r.ok) set((s) => ({ events: { ...s.events, [provider]: r.value }, eventsError: null }));
    else set({ eventsError: r.error.message });
  },
}));

export function findProfile(profiles: ProfileInfo[] | null, id: ProfileId): ProfileInfo | undefined {
  return profiles?.find((p) => p.id === id);
}
