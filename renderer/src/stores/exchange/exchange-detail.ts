import type { StateCreator } from 'zustand';
import type { ExchangeDetail } from '../../../../shared/model/exchange';
import type { ProfileId } from '../../../../shared/model/signing';
import type { EmitResult } from '../../../../shared/model/subscription';
import { bridge } from '../../bridge/bridge';
import type { ExchangeState } from './exchange-store';

export interface ReplayOptions {
  /** Edited body; omitted = the stored bytes. */
  body?: string;
  /** Another URL instead of the original subscription. */
  url?: { url: string; provider?: ProfileId; secret?: string };
}

export interface ReplayOutcome {
  ok: boolean;
  message: string;
  /** Ids of the new deliveries, to open them. */
  deliveryIds: string[];
  fieldErrors?: Record<string, string[]>;
}

export interface DetailSlice {
  /** The exchange the detail pane shows (it may not be among the loaded rows: a replay link can open any). */
  detailId: string | null;
  detail: ExchangeDetail | null;
  detailLoading: boolean;
  detailError: string | null;
  replaying: boolean;
  lastReplay: ReplayOutcome | null;
  openDetail(id: string | null): Promise<void>;
  /** Reads the open exchange again (a retry added an attempt, its replay finished). */
  refreshDetail(): Promise<void>;
  replay(options?: ReplayOptions): Promise<ReplayOutcome>;
}

export function exchangeIdOf(e: ExchangeDetail): string {
  return e.kind === 'delivery' ? e.delivery.id : e.capture.id;
}

function describe(result: EmitResult): string {
  const n = result.deliveries.length;
  if (n === 0) return 'The core queued nothing to send.';
  const first = result.deliveries[0]!;
  return n === 1 ? `Replay queued as ${first.deliveryId} to ${first.url}.` : `Replay queued as ${n} deliveries.`;
}

/** The exchange in the detail pane, and replaying it. */
export const createDetailSlice: StateCreator<ExchangeState, [], [], DetailSlice> = (set, get) => {
  let openSeq = 0;
  return {
    detailId: null,
    detail: null,
    detailLoading: false,
    detailError: null,
    replaying: false,
    lastReplay: null,
    async openDetail(id) {
      const seq = ++openSeq;
      if (id !== get().detailId) set({ lastReplay: null });
      if (!id) return set({ detailId: null, detail: null, detailLoading: false, detailError: null });
      const current = get().detail;
      set({
        detailId: id,
        detailLoading: true,
        detailError: null,
        ...(current && exchangeIdOf(current) === id ? {} : { detail: null }),
      });
      const result = await bridge().call('getExchange', { id });
      if (seq !== openSeq) return;
      if (result.ok) set({ detail: result.value, detailLoading: false });
      else set({ detail: null, detailLoading: false, detailError: result.error.message });
    },
    async refreshDetail() {
      const id = get().detailId;
      if (id) await get().openDetail(id);
    },
    async replay(options = {}) {
      const id = get().detailId;
      if (!id) return { ok: false, message: 'Select a delivery or capture first.', deliveryIds: [] };
      set({ replaying: true });
      const target = options.url
        ? {
            kind: 'url' as const,
            url: options.url.url,
            ...(options.url.provider ? { provider: options.url.provider } : {}),
            ...(options.url.secret ? { secret: options.url.secret } : {}),
          }
        : { kind: 'original' as const };
      const result = await bridge().call('replay', {
        id,
        target,
        ...(options.body !== undefined ? { body: options.body } : {}),
      });
      const outcome: ReplayOutcome = result.ok
        ? { ok: true, message: describe(result.value), deliveryIds: result.value.deliveries.map((d) => d.deliveryId) }
        : { ok: false, message: result.error.message, deliveryIds: [], fieldErrors: result.error.fieldErrors };
      set({ replaying: false, lastReplay: outcome });
      // the pane lists the exchange's replays: show the new one there too
      if (outcome.ok && get().detailId === id) void get().refreshDetail();
      return outcome;
    },
  };
};
