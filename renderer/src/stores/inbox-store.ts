import { create } from 'zustand';
import type { MethodInput } from '../../../shared/api/contract';
import type { AppError } from '../../../shared/api/result';
import type { InboxChange, InboxView } from '../../../shared/model/inbox';
import { bridge } from '../bridge/bridge';

interface InboxState {
  inboxes: InboxView[] | null;
  error: string | null;
  /** The inbox shown; its captures are the exchange store's list under the filter {capture, this inbox}. */
  selectedId: string | null;
  load(): Promise<void>;
  select(id: string | null): void;
  create(input: MethodInput<'createInbox'>): Promise<AppError | null>;
  update(input: MethodInput<'updateInbox'>): Promise<AppError | null>;
  setRule(input: MethodInput<'setResponseRule'>): Promise<AppError | null>;
  setForwarding(input: MethodInput<'setForwarding'>): Promise<AppError | null>;
  remove(id: string): Promise<AppError | null>;
  connect(): () => void;
}

/** A cache of the core's inboxes, kept live by core events, and which one is shown. */
export const useInboxStore = create<InboxState>((set, get) => {
  const upsert = (v: InboxView) =>
    set((s) => ({
      inboxes: s.inboxes?.some((i) => i.id === v.id)
        ? s.inboxes.map((i) => (i.id === v.id ? v : i))
        : [...(s.inboxes ?? []), v],
    }));
  const saved = async <K extends 'createInbox' | 'updateInbox' | 'setResponseRule' | 'setForwarding'>(
    name: K,
    input: MethodInput<K>,
  ): Promise<AppError | null> => {
    const r = await bridge().call(name, input);
    if (!r.ok) return r.error;
    upsert(r.value as InboxView);
    return null;
  };

  return {
    inboxes: null,
    error: null,
    selectedId: null,
    async load() {
      const r = await bridge().call('listInboxes', undefined);
      if (!r.ok) return set({ error: r.error.message });
      set({ inboxes: r.value, error: null });
      const { selectedId } = get();
      if (!selectedId || !r.value.some((i) => i.id === selectedId)) get().select(r.value[0]?.id ?? null);
    },
    select(id) {
      set({ selectedId: id });
    },
    create: async (input) => {
      const r = await bridge().call('createInbox', input);
      if (!r.ok) return r.error;
      upsert(r.value);
      get().select(r.value.id);
      return null;
    },
    update: (input) => saved('updateInbox', input),
    setRule: (input) => saved('setResponseRule', input),
    setForwarding: (input) => saved('setForwarding', input),
    async remove(id) {
      const r = await bridge().call('deleteInbox', { id });
      if (!r.ok) return r.error;
      set((s) => ({ inboxes: s.inboxes?.filter((i) => i.id !== id) ?? null }));
      if (get().selectedId === id) get().select(get().inboxes?.[0]?.id ?? null);
      return null;
    },
    connect() {
      const off = bridge().subscribe((message) => {
        if (message.name !== 'inbox.changed') return;
        const change = message.payload as InboxChange;
        const known = get().inboxes?.some((i) => i.id === change.id);
        if (change.change === 'updated' && known)
          void bridge()
            .call('getInbox', { id: change.id })
            .then((r) => r.ok && upsert(r.value));
        else void get().load();
      });
      const offConnection = bridge().onConnection((connected, locked) => {
        // inboxes may have changed while away; locked out, the failed load says why instead of "Loading…"
        if (connected || locked) void get().load();
      });
      return () => {
        off();
        offConnection();
      };
    },
  };
});
