import type { Dispatcher } from 'undici';
import type { DeliveryChange, SubscriptionChange } from '../../../shared/model/subscription';
import type { Clock } from '../clock';
import type { Logger } from '../log';
import type { Stores } from '../store';
import { ConcurrencyLimiter } from './concurrency';
import { DeliveryEngine } from './engine';
import { Emitter } from './emitter';
import { HttpSender, type DispatcherKey } from './http-sender';
import { SubscriptionService } from './subscriptions';

export interface DeliveryLimits {
  /** Requests in flight overall. */
  total: number;
  /** Requests in flight per endpoint origin; also the connections per origin. */
  perEndpoint: number;
}

export const DEFAULT_LIMITS: DeliveryLimits = { total: 512, perEndpoint: 64 };

export interface DeliverySystemOptions {
  stores: Stores;
  clock: Clock;
  log: Logger;
  onChange?: (change: DeliveryChange) => void;
  onSubscriptionChange?: (change: SubscriptionChange) => void;
  /** Subscriptions settings.json holds but that cannot deliver are reported here, by name. */
  notice?: (message: string) => void;
  limits?: DeliveryLimits;
  dispatcherFor?: (key: DispatcherKey) => Dispatcher;
  random?: () => number;
}

export interface DeliverySystem {
  subscriptions: SubscriptionService;
  engine: DeliveryEngine;
  emitter: Emitter;
  sender: HttpSender;
  /** Resolves once every attempt in flight has been recorded; pending ones stay in the log for the next start. */
  stop(): Promise<void>;
}

/** Wires the engine's parts over opened stores and resumes what the log says is still owed. */
export function startDeliverySystem(opts: DeliverySystemOptions): DeliverySystem {
  const limits = opts.limits ?? DEFAULT_LIMITS;
  const sender = new HttpSender({
    bodyCapBytes: opts.stores.settings.preferences.get().bodyCapBytes,
    connectionsPerOrigin: limits.perEndpoint,
    ...(opts.dispatcherFor ? { dispatcherFor: opts.dispatcherFor } : {}),
  });
  const subscriptions = new SubscriptionService(
    () => opts.stores.settings.subscriptions,
    opts.clock,
    opts.notice,
    opts.onSubscriptionChange,
  );
  subscriptions.check();
  const engine = new DeliveryEngine({
    exchanges: opts.stores.exchanges,
    subscriptions,
    sender,
    limiter: new ConcurrencyLimiter(limits.total, limits.perEndpoint),
    clock: opts.clock,
    log: opts.log,
    ...(opts.onChange ? { onChange: opts.onChange } : {}),
    ...(opts.random ? { random: opts.random } : {}),
  });
  const resumed = engine.resume();
  if (resumed) opts.log.info(`delivery engine resumed ${resumed} pending deliveries`);
  return {
    subscriptions,
    engine,
    emitter: new Emitter(engine, subscriptions, sender, opts.clock),
    sender,
    async stop() {
      await engine.stop();
      // Attempts still in flight after the grace period (a hung endpoint) are cut; they stay owed and resume.
      await sender.close();
      await engine.drained();
    },
  };
}
