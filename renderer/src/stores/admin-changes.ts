import { create } from 'zustand';

/** Bumped after a change made in Settings (a user, a key), so panels showing its effects read again. */
export const useAdminChanges = create<{ tick: number; changed(): void }>((set) => ({
  tick: 0,
  changed: () => set((s) => ({ tick: s.tick + 1 })),
}));
