import { create } from 'zustand';
import type { MethodInput } from '../../../shared/api/contract';
import type { AppError } from '../../../shared/api/result';
import type { CaptureSummary, InboxChange, InboxView } from '../../../shared/model/inbox';
import type { VerifyResult } from '../../../shared/model/signing';
import type { Capture, ExchangeSummary } from '../../../shared/model/exchange';
import { bridge } from '../bridge/bridge';

/** How a capture's signature fared: checked valid/invalid, not checked (no verification set), or not known yet. */
export type VerificationState = 'valid' | 'invalid' | 'unchecked' | 'unknown';

/** One line of the live capture list, from a log page or a 'capture.received' event. */
export interface CaptureRow {
  id: string;
  receivedAt: string;
  method: string;
  path: string;
  status: number | null;
  outcome: string;
  size: number;
  eventType: string | null;
  verification: VerificationState;
  verdict: string | null;
}

const PAGE = 50;

export function rowFromEvent(c: CaptureSummary): CaptureRow {
  return {
    id: c.id,
    receivedAt: c.receivedAt,
    method: c.method,
    path: c.path + (c.query ? `?${c.query}` : ''),
    status: c.status,
    outcome: c.outcome,
    size: c.size,
    eventType: c.eventType,
    verification: c.verification ? (c.verification.valid ? 'valid' : 'invalid') : 'unchecked',
    verdict: c.verification?.verdict ?? null,
  };
}

/** A log row says "failed" for a bad signature, but "succeeded" both for valid and unchecked: the detail settles it. */
function rowFromLog(e: ExchangeSummary): CaptureRow {
  return {
    id: e.id,
    receivedAt: e.time,
    method: e.method,
    path: e.target,
    status: e.status,
    outcome: e.outcome,
    size: e.size,
    eventType: e.eventType,
    verification: e.outcome === 'failed' ? 'invalid' : e.outcome === 'rejected' ? 'unchecked' : 'unknown',
    verdict: null,
  };
}

export function verificationOf(c: Capture): { state: VerificationState; verdict: string | null } {
  const v = c.verification as VerifyResult | null;
  return v ? { state: v.valid ? 'valid' : 'invalid', verdict: v.verdict } : { state: 'unchecked', verdict: null };
}

interface InboxState {
  inboxes: InboxView[] | null;
  error: string | null;
  selectedId: string | null;
  captures: CaptureRow[] | null;
  capturesError: string | null;
  openCaptureId: string | null;
  detail: Capture | null;
  detailError: string | null;
  /** Re-reads the inboxes; `reread` also re-reads the selected inbox's captures (after a reconnect). */
  load(reread?: boolean): Promise<void>;
  select(id: string | null): Promise<void>;
  openCapture(id: string | null): Promise<void>;
  create(input: MethodInput<'createInbox'>): Promise<AppError | null>;
  update(input: MethodInput<'updateInbox'>): Promise<AppError | null>;
  setRule(input: MethodInput<'setResponseRule'>): Promise<AppError | null>;
  setForwarding(input: MethodInput<'setForwarding'>): Promise<AppError | null>;
  remove(id: string): Promise<AppError | null>;
  connect(): () => void;
}

/** A cache of the core's inboxes and the selected inbox's captures, kept live by core events. */
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

  /** Settles "valid or unchecked" for rows a log page could not tell, from each capture's detail. */
  async function settle(rows: CaptureRow[]) {
    for (const row of rows.filter((r) => r.verification === 'unknown')) {
      const r = await bridge().call('getExchange', { id: row.id });
      if (!r.ok || r.value.kind !== 'capture') continue;
      const { state, verdict } = verificationOf(r.value.capture);
      set((s) => ({
        captures: s.captures?.map((c) => (c.id === row.id ? { ...c, verification: state, verdict } : c)) ?? null,
      }));
    }
  }

  return {
    inboxes: null,
    error: null,
    selectedId: null,
    captures: null,
    capturesError: null,
    openCaptureId: null,
    detail: null,
    detailError: null,
    async load(reread = false) {
      const r = await bridge().call('listInboxes', undefined);
      if (!r.ok) return set({ error: r.error.message });
      set({ inboxes: r.value, error: null });
      const { selectedId } = get();
      if (!selectedId || !r.value.some((i) => i.id === selectedId)) await get().select(r.value[0]?.id ?? null);
      else if (reread) await get().select(selectedId);
    },
    async select(id) {
      set({
        selectedId: id,
        captures: null,
        capturesError: null,
        openCaptureId: null,
        detail: null,
        detailError: null,
      });
      if (!id) return;
      const r = await bridge().call('queryExchanges', { kind: 'capture', inboxId: id, limit: PAGE });
      if (get().selectedId !== id) return; // another inbox was picked meanwhile
      if (!r.ok) return set({ capturesError: r.error.message, captures: [] });
      const rows = r.value.items.map(rowFromLog);
      // events that arrived while the page loaded are already in the list: keep them first
      set((s) => ({
        captures: [...(s.captures ?? []), ...rows.filter((x) => !s.captures?.some((c) => c.id === x.id))],
      }));
      void settle(rows);
    },
    async openCapture(id) {
      set({ openCaptureId: id, detail: null, detailError: null });
      if (!id) return;
      const r = await bridge().call('getExchange', { id });
      if (get().openCaptureId !== id) return;
      if (!r.ok) return set({ detailError: r.error.message });
      if (r.value.kind === 'capture') set({ detail: r.value.capture });
    },
    create: async (input) => {
      const r = await bridge().call('createInbox', input);
      if (!r.ok) return r.error;
      upsert(r.value);
      await get().select(r.value.id);
      return null;
    },
    update: (input) => saved('updateInbox', input),
    setRule: (input) => saved('setResponseRule', input),
    setForwarding: (input) => saved('setForwarding', input),
    async remove(id) {
      const r = await bridge().call('deleteInbox', { id });
      if (!r.ok) return r.error;
      set((s) => ({ inboxes: s.inboxes?.filter((i) => i.id !== id) ?? null }));
      if (get().selectedId === id) await get().select(get().inboxes?.[0]?.id ?? null);
      return null;
    },
    connect() {
      const off = bridge().subscribe((message) => {
        if (message.name === 'capture.received') {
          const c = message.payload as CaptureSummary;
          if (c.inboxId !== get().selectedId) return;
          set((s) => ({
            captures: [rowFromEvent(c), ...(s.captures ?? []).filter((x) => x.id !== c.id)].slice(0, 500),
          }));
        } else if (message.name === 'inbox.changed') {
          const change = message.payload as InboxChange;
          const known = get().inboxes?.some((i) => i.id === change.id);
          if (change.change === 'updated' && known)
            void bridge()
              .call('getInbox', { id: change.id })
              .then((r) => r.ok && upsert(r.value));
          else void get().load();
        }
      });
      const offConnection = bridge().onConnection((connected) => {
        if (connected) void get().load(true); // captures may have arrived while away: re-read
      });
      return () => {
        off();
        offConnection();
      };
    },
  };
});
