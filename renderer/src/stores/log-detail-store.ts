import { create } from 'zustand';
import type { ProfileId } from '../../../shared/model/signing';
import type { EmitResult } from '../../../shared/model/subscription';
import type { ExchangeDetail } from '../../../shared/model/exchange';
import { bridge } from '../bridge/bridge';

export interface ReplayOptions {
  /** Edited body; omitted = the stored bytes. */
  body?: string;
  /** Another URL instead of the original subscription. */
  url?: { url: string; provider?: ProfileId; secret?: string };
}

export interface ReplayOutcome {
  ok: boolean;
  message: string;
  /** Ids of the new deliveries, to select them in the list. */
  deliveryIds: string[];
  fieldErrors?: Record<string, string[]>;
}

interface DetailState {
  id: string | null;
  detail: ExchangeDetail | null;
  loading: boolean;
  error: string | null;
  replaying: boolean;
  lastReplay: ReplayOutcome | null;
  open(id: string | null): Promise<void>;
  refresh(): Promise<void>;
  replay(options?: ReplayOptions): Promise<ReplayOutcome>;
  clearReplay(): void;
}

function describe(result: EmitResult): string {
  const n = result.deliveries.length;
  if (n === 0) return 'The core queued nothing to send.';
  const first = result.deliveries[0]!;
  return n === 1 ? `Replay queued as ${first.deliveryId} to ${first.url}.` : `Replay queued as ${n} deliveries.`;
}

let openSeq = 0;

/** The exchange shown in the detail pane, and the replay of it. */
export const useDetailStore = create<DetailState>((set, get) => ({
  id: null,
  detail: null,
  loading: false,
  error: null,
  replaying: false,
  lastReplay: null,
  async open(id) {
    const seq = ++openSeq;
    if (id !== get().id) set({ lastReplay: null });
    if (!id) return set({ id: null, detail: null, loading: false, error: null });
    set({
      id,
      loading: true,
      error: null,
      ...(get().detail && exchangeIdOf(get().detail!) === id ? {} : { detail: null }),
    });
    const result = await bridge().call('getExchange', { id });
    if (seq !== openSeq) return;
    if (result.ok) set({ detail: result.value, loading: false });
    else set({ detail: null, loading: false, error: result.error.message });
  },
  async refresh() {
    const id = get().id;
    if (id) await get().open(id);
  },
  async replay(options = {}) {
    const id = get().id;
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
    return outcome;
  },
  clearReplay() {
    set({ lastReplay: null });
  },
}));

export function exchangeIdOf(e: ExchangeDetail): string {
  return e.kind === 'delivery' ? e.delivery.id : e.capture.id;
}
