import { create } from 'zustand';
import type { MethodInput } from '../../../shared/api/contract';
import { BULK_REPLAY_RATE, isFinished, type BulkReplayJob } from '../../../shared/model/bulk-replay';
import type { ExchangeFilter } from '../../../shared/model/exchange';
import { bridge } from '../bridge/bridge';

type Target = MethodInput<'bulkReplay'>['target'];

interface BulkState {
  /** Rows the dry run counted for `countedFor`; null before it answered. */
  count: number | null;
  countedFor: string | null;
  counting: boolean;
  rate: number;
  job: BulkReplayJob | null;
  error: string | null;
  fieldErrors: Record<string, string[]>;
  starting: boolean;
  setRate(rate: number): void;
  dryRun(filter: ExchangeFilter, target?: Target): Promise<void>;
  start(filter: ExchangeFilter, target?: Target): Promise<void>;
  cancel(): Promise<void>;
  /** Reads the current job and follows its progress events; returns the unsubscribe. */
  follow(): () => void;
}

const rank = (j: BulkReplayJob) => (isFinished(j.state) ? 2 : j.state === 'cancelling' ? 1 : 0);

/**
 * Call answers and progress events race each other over separate channels:
 * never let an older picture of the same job replace a newer one.
 */
export function newer(current: BulkReplayJob | null, incoming: BulkReplayJob): BulkReplayJob {
  if (!current || current.id !== incoming.id) return incoming;
  if (rank(incoming) !== rank(current)) return rank(incoming) > rank(current) ? incoming : current;
  return incoming.done >= current.done ? incoming : current;
}

export const keyOf = (filter: ExchangeFilter, target?: Target) => JSON.stringify([filter, target ?? null]);

/**
 * Bulk replay of the filtered set: the core counts first (dry run), then runs
 * one throttled background job and pushes `bulkReplay.progress`.
 */
export const useBulkStore = create<BulkState>((set, get) => ({
  count: null,
  countedFor: null,
  counting: false,
  rate: BULK_REPLAY_RATE.default,
  job: null,
  error: null,
  fieldErrors: {},
  starting: false,
  setRate(rate) {
    set({ rate });
  },
  async dryRun(filter, target) {
    const key = keyOf(filter, target);
    set({ counting: true, error: null, fieldErrors: {}, count: null, countedFor: null });
    const result = await bridge().call('bulkReplay', { ...filter, dryRun: true, ...(target ? { target } : {}) });
    if (result.ok) set({ counting: false, count: result.value.count, countedFor: key });
    else set({ counting: false, error: result.error.message, fieldErrors: result.error.fieldErrors ?? {} });
  },
  async start(filter, target) {
    const { rate, countedFor } = get();
    // the count the user confirmed must be for exactly what is sent
    if (countedFor !== keyOf(filter, target)) return get().dryRun(filter, target);
    set({ starting: true, error: null, fieldErrors: {} });
    const result = await bridge().call('bulkReplay', { ...filter, ratePerSecond: rate, ...(target ? { target } : {}) });
    if (result.ok) set({ starting: false, job: result.value.job ? newer(get().job, result.value.job) : get().job });
    else set({ starting: false, error: result.error.message, fieldErrors: result.error.fieldErrors ?? {} });
  },
  async cancel() {
    const result = await bridge().call('cancelBulkReplay', undefined);
    if (!result.ok) return set({ error: result.error.message });
    if (result.value.job) set({ job: newer(get().job, result.value.job) });
    // Read the job back until it settles: the final event may have raced ahead of this answer.
    while (get().job && !isFinished(get().job!.state)) {
      await new Promise((r) => setTimeout(r, 500));
      const again = await bridge().call('getBulkReplay', undefined);
      if (!again.ok || !again.value) break;
      set({ job: newer(get().job, again.value) });
    }
  },
  follow() {
    let live = true;
    void bridge()
      .call('getBulkReplay', undefined)
      .then((r) => {
        if (live && r.ok && r.value) set({ job: newer(get().job, r.value) });
      });
    const off = bridge().subscribe((m) => {
      if (m.name === 'bulkReplay.progress') set({ job: newer(get().job, m.payload as BulkReplayJob) });
    });
    return () => {
      live = false;
      off();
    };
  },
}));
