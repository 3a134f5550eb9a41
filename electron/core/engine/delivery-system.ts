import type { Dispatcher } from 'undici';
import type { DeliveryChange, SubscriptionChange } from '../../../shared/model/subscription';
import type { Clock } from '../clock';
import type { Logger } from '../log';
import type { Storage } from '../store/port';
import { ClaimLoop } from './claim-loop';
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

/** How the shared schedule is worked: see ClaimLoop and DeliveryEngine. */
export interface ScheduleTuning {
  /** How long past its due time a held retry stays this node's before another node may take it (default 30 s). */
  leaseMs: number;
  /** How often this node looks for owed deliveries no node holds (default 1 s). */
  claimIntervalMs: number;
}

export const DEFAULT_SCHEDULE_TUNING: ScheduleTuning = { leaseMs: 30_000, claimIntervalMs: 1_000 };

export interface DeliverySystemOptions {
  storage: Pick<Storage, 'exchanges' | 'schedule' | 'settings'>;
  schedule?: Partial<ScheduleTuning>;
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

/**
 * Wires the engine's parts over opened storage, and starts taking up the owed
 * deliveries no node holds (after a restart: all of this node's last run's).
 */
export function startDeliverySystem(opts: DeliverySystemOptions): DeliverySystem {
  const limits = opts.limits ?? DEFAULT_LIMITS;
  const tuning = { ...DEFAULT_SCHEDULE_TUNING, ...opts.schedule };
  const { exchanges, schedule, settings } = opts.storage;
  const sender = new HttpSender({
    bodyCapBytes: settings.preferences.get().bodyCapBytes,
    connectionsPerOrigin: limits.perEndpoint,
    ...(opts.dispatcherFor ? { dispatcherFor: opts.dispatcherFor } : {}),
  });
  const subscriptions = new SubscriptionService(
    () => settings.subscriptions,
    opts.clock,
    opts.notice,
    opts.onSubscriptionChange,
  );
  subscriptions.check();
  const engine = new DeliveryEngine({
    exchanges,
    schedule,
    leaseMs: tuning.leaseMs,
    subscriptions,
    sender,
    limiter: new ConcurrencyLimiter(limits.total, limits.perEndpoint),
    clock: opts.clock,
    log: opts.log,
    ...(opts.onChange ? { onChange: opts.onChange } : {}),
    ...(opts.random ? { random: opts.random } : {}),
  });
  const claims = new ClaimLoop({
    schedule,
    clock: opts.clock,
    log: opts.log,
    intervalMs: tuning.claimIntervalMs,
    // Claimed a few intervals ahead, so each attempt is armed in memory and fires on its exact time.
    horizonMs: tuning.claimIntervalMs * 5,
    leaseMs: tuning.leaseMs,
    batch: 64,
    onClaim: (d) => engine.claimed(d),
  });
  claims.start();
  return {
    subscriptions,
    engine,
    emitter: new Emitter(engine, subscriptions, sender, opts.clock),
    sender,
    async stop() {
      await claims.stop();
      await engine.stop();
      // Attempts still in flight after the grace period (a hung endpoint) are cut; they stay owed and resume.
      await sender.close();
      await engine.drained();
      // What this node held is free at once for the other nodes (and for this node's next start).
      await schedule
        .releaseAll()
        .catch((err: unknown) => opts.log.warn('could not release delivery leases', String(err)));
    },
  };
}
