import { create } from 'zustand';

export const areas = [
  { id: 'subscriptions', label: 'Subscriptions', key: '1' },
  { id: 'send', label: 'Send', key: '2' },
  { id: 'deliveries', label: 'Deliveries', key: '3' },
  { id: 'inbox', label: 'Inbox', key: '4' },
  { id: 'verify', label: 'Verify', key: '5' },
  { id: 'settings', label: 'Settings', key: '6' },
] as const;

export type AreaId = (typeof areas)[number]['id'];

function areaFromHash(hash: string): AreaId {
  const id = hash.replace(/^#\/?/, '').split('/')[0];
  return areas.find((a) => a.id === id)?.id ?? 'subscriptions';
}

interface NavState {
  area: AreaId;
  go(area: AreaId): void;
  syncFromLocation(): void;
}

/** The current area, mirrored in the URL hash so reloads and the back button work. */
export const useNavStore = create<NavState>((set) => ({
  area: areaFromHash(typeof location === 'undefined' ? '' : location.hash),
  go(area) {
    if (location.hash !== `#/${area}`) location.hash = `#/${area}`;
    set({ area });
  },
  syncFromLocation() {
    set({ area: areaFromHash(location.hash) });
  },
}));
