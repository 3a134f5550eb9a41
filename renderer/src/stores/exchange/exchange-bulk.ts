import type { StateCreator } from 'zustand';
import type { MethodInput } from '../../../../shared/api/contract';
import { BULK_REPLAY_RATE, isFinished, type BulkReplayJob } from '../../../../shared/model/bulk-replay';
import type { ExchangeFilter } from '../../../../shared/model/exchange';
import { bridge } from '../../bridge/bridge';
import type { ExchangeState } from './exchange-store';

export type BulkTarget = MethodInput<'bulkReplay'>['target'];

export interface BulkState {
  /** What the last dry run counted, and for which filter and target; null until one ran. */
  count: number | null;
  countedFor: string | null;
  counting: boolean;
  /** The limit typed, kept while `max` is on so turning it off gives it back. */
  rate: number;
  /** No limit: as fast as the engine goes (the API's 'max'). */
  max: boolean;
  job: BulkReplayJob | null;
  error: string | null;
  fieldErrors: Record<string, string[]>;
  starting: boolean;
}

export interface BulkSlice {
  bulk: BulkState;
  setBulkRate(rate: number): void;
  setBulkMax(max: boolean): void;
  /** Forgets the count (the filter or target changed): nothing can be sent until a new dry run. */
  disarmBulk(): void;
  bulkDryRun(filter: ExchangeFilter, target?: BulkTarget): Promise<void>;
  bulkStart(filter: ExchangeFilter, target?: BulkTarget): Promise<void>;
  bulkCancel(): Promise<void>;
  /** Reads the current job and follows its progress events; returns the unsubscribe. */
  followBulk(): () => void;
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

export const bulkKeyOf = (filter: ExchangeFilter, target?: BulkTarget) => JSON.stringify([filter, target ?? null]);

/**
 * Bulk replay of the filtered set: the user asks for a dry run (the core
 * counts, sends nothing), confirms that number, then the core runs one
 * throttled background job and pushes `bulkReplay.progress`. Starting uses
 * the count up: replaying the same set again takes a new dry run.
 */
export const createBulkSlice: StateCreator<ExchangeState, [], [], BulkSlice> = (set, get) => {
  const patch = (p: Partial<BulkState>) => set((s) => ({ bulk: { ...s.bulk, ...p } }));
  const takeJob = (incoming: BulkReplayJob) => patch({ job: newer(get().bulk.job, incoming) });
  return {
    bulk: {
      count: null,
      countedFor: null,
      counting: false,
      rate: BULK_REPLAY_RATE.default,
      max: false,
      job: null,
      error: null,
      fieldErrors: {},
      starting: false,
    },
    setBulkRate(rate) {
      patch({ rate });
    },
    setBulkMax(max) {
      patch({ max });
    },
    disarmBulk() {
      patch({ count: null, countedFor: null, error: null, fieldErrors: {} });
    },
    async bulkDryRun(filter, target) {
      const key = bulkKeyOf(filter, target);
      patch({ counting: true, error: null, fieldErrors: {}, count: null, countedFor: null });
      const result = await bridge().call('bulkReplay', { ...filter, dryRun: true, ...(target ? { target } : {}) });
      if (result.ok) patch({ counting: false, count: result.value.count, countedFor: key });
      else patch({ counting: false, error: result.error.message, fieldErrors: result.error.fieldErrors ?? {} });
    },
    async bulkStart(filter, target) {
      const { rate, max, countedFor } = get().bulk;
      // the count the user confirmed must be for exactly what is sent
      if (countedFor !== bulkKeyOf(filter, target)) return;
      patch({ starting: true, error: null, fieldErrors: {} });
      const result = await bridge().call('bulkReplay', {
        ...filter,
        ratePerSecond: max ? 'max' : rate,
        ...(target ? { target } : {}),
      });
      // the count was for this run: another run needs another dry run
      patch({ starting: false, count: null, countedFor: null });
      if (result.ok) {
        if (result.value.job) takeJob(result.value.job);
      } else patch({ error: result.error.message, fieldErrors: result.error.fieldErrors ?? {} });
    },
    async bulkCancel() {
      const result = await bridge().call('cancelBulkReplay', undefined);
      if (!result.ok) return patch({ error: result.error.message });
      if (result.value.job) takeJob(result.value.job);
      // Read the job back until it settles: the final event may have raced ahead of this answer.
      while (get().bulk.job && !isFinished(get().bulk.job!.state)) {
        await new Promise((r) => setTimeout(r, 500));
        const again = await bridge().call('getBulkReplay', undefined);
        if (!again.ok || !again.value) break;
        takeJob(again.value);
      }
    },
    followBulk() {
      let live = true;
      void bridge()
        .call('getBulkReplay', undefined)
        .then((r) => {
          if (live && r.ok && r.value) takeJob(r.value);
        });
      const off = bridge().subscribe((m) => {
        if (m.name === 'bulkReplay.progress') takeJob(m.payload as BulkReplayJob);
      });
      return () => {
        live = false;
        off();
      };
    },
  };
};
