import { systemClock, type Clock } from '../../electron/core/clock';
import { silentLogger } from '../../electron/core/log';
import { openStorage, type OpenedStorage } from '../../electron/core/store';
import {
  startDeliverySystem,
  type DeliveryLimits,
  type DeliverySystem,
} from '../../electron/core/engine/delivery-system';
import { createSubscriptionInput } from '../../shared/api/methods/subscriptions';
import { emitInput } from '../../shared/api/methods/delivery';
import type { z } from 'zod';
import type { Delivery, Attempt } from '../../shared/model/exchange';
import { tempDir } from './temp';
import { waitUntil } from './webhook-server';

export interface Harness {
  dir: string;
  stores: OpenedStorage;
  system: DeliverySystem;
  create(input: z.input<typeof createSubscriptionInput>): ReturnType<DeliverySystem['subscriptions']['create']>;
  emit(input: z.input<typeof emitInput>): ReturnType<DeliverySystem['emitter']['emit']>;
  delivery(id: string): Promise<{ delivery: Delivery; attempts: Attempt[] }>;
  /** Waits until the delivery is final (succeeded, failed or cancelled). */
  settled(id: string, timeoutMs?: number): Promise<{ delivery: Delivery; attempts: Attempt[] }>;
  /** Stops engine and stores, keeping the data dir (for restart tests). */
  stop(): Promise<void>;
  close(): Promise<void>;
}

export async function openHarness(
  opts: { dir?: string; clock?: Clock; limits?: DeliveryLimits } = {},
): Promise<Harness> {
  const temp = opts.dir ? null : tempDir('hb-engine-');
  const dir = opts.dir ?? temp!.dir;
  const clock = opts.clock ?? systemClock;
  const stores = await openStorage({ dataDir: dir, clock, log: silentLogger, retentionIntervalMs: 0 });
  const system = startDeliverySystem({
    storage: stores,
    clock,
    log: silentLogger,
    ...(opts.limits ? { limits: opts.limits } : {}),
  });
  let stopped = false;
  const h: Harness = {
    dir,
    stores,
    system,
    create: (input) => system.subscriptions.create(createSubscriptionInput.parse(input)),
    emit: (input) => system.emitter.emit(emitInput.parse(input)),
    async delivery(id) {
      await stores.exchanges.flush();
      const found = await stores.exchanges.getExchange(id);
      if (!found || found.kind !== 'delivery') throw new Error(`no delivery ${id}`);
      return { delivery: found.delivery, attempts: found.attempts };
    },
    async settled(id, timeoutMs = 20_000) {
      await waitUntil(
        async () => ['succeeded', 'failed', 'cancelled'].includes((await h.delivery(id)).delivery.outcome),
        `delivery ${id} to settle`,
        timeoutMs,
      );
      return h.delivery(id);
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      await system.stop();
      await stores.close();
    },
    async close() {
      await h.stop();
      temp?.cleanup();
    },
  };
  return h;
}

export const header = (headers: [string, string][], name: string) =>
  headers.find(([n]) => n.toLowerCase() === name.toLowerCase())?.[1];
