import type { AppStatus, ListenerName, ListeningAddress } from '../../shared/model/status';
import { createDispatcher, type Dispatcher } from './api/dispatch';
import { createHandlers } from './api/handlers';
import { buildStatus } from './api/status-handlers';
import { systemClock, type Clock } from './clock';
import { resolve } from 'node:path';
import { ensureDataDir, requireFileSlot } from './data-dir';
import { lockDataDir, LOCK_FILE, type DataDirLock } from './data-dir-lock';
import { INSTANCE_FILE } from './instance-file';
import { KEY_FILE } from './store/secret-box';
import { EventBus } from './events';
import { silentLogger, type Logger } from './log';
import { HookbenchCredentials } from './http/credentials';
import { ApiKeys } from './rest/api-keys';
import { createRestRoutes, type RestRoute } from './rest/index';
import {
  EXCHANGE_DB_FILE,
  FA_EXTRAS_FILE,
  openStorage,
  SETTINGS_FILE,
  type DatabaseOptions,
  type OpenedStorage,
  type SecretBox,
} from './store';
import { InboxService, Receiver, type ReceiverOptions } from './receiver';
import { appVersion } from './version';
import { startDeliverySystem, type DeliverySystem, type DeliverySystemOptions } from './engine/delivery-system';
import { listenToOtherNodes } from './other-nodes';
import { ensureFirstAdmin } from './first-admin';
import { BulkReplayer } from './engine/bulk-replay';
import { Accounts, AuditLog, actorOf, summarizeCall } from './accounts/index';
import type { ScryptParams } from './accounts/passwords';
import { ACCOUNTS_DB_FILE } from './store/accounts/open-accounts';
import { ExchangeRetention } from './store/exchange-retention';
import type { AuditSink } from './api/dispatch';

export { DataDirError } from './data-dir';
export { DataDirLockedError } from './data-dir-lock';
export { AccountsFileError } from './store/accounts/sqlite-accounts-store';
export type { Caller } from './accounts/index';

export interface CoreOptions {
  dataDir: string;
  mode?: AppStatus['mode'];
  clock?: Clock;
  log?: Logger;
  version?: string;
  /** The desktop app passes Electron safeStorage's; headless uses the key file in dataDir; team mode the shared key. */
  secretBox?: SecretBox;
  /**
   * Team mode: exchanges, the retry schedule and settings live in this shared
   * PostgreSQL database, which every node serves the same. Needs `secretBox`
   * made from the key every node shares.
   */
  database?: DatabaseOptions;
  /** 0 turns retention (and team mode's maintenance) off: tests drive them by hand. */
  retentionIntervalMs?: number;
  /** HOOKBENCH_API_KEY: created at start when absent (an admin key), so CI can script the REST API. */
  bootstrapApiKey?: string;
  /** HOOKBENCH_ADMIN_EMAIL / HOOKBENCH_ADMIN_PASSWORD: the first admin, created at start while no account exists. */
  bootstrapAdmin?: { email: string; password: string };
  /** Password hashing and session lifetimes; tests lower the scrypt cost and shorten sessions. */
  accounts?: { scrypt?: ScryptParams; idleMs?: number; maxMs?: number };
  /** The inbox receiver's own port (default 7781; 0 picks a free one) and address (default 127.0.0.1). */
  receiverPort?: number;
  receiverHost?: string;
  /** Receiver knobs: TLS and public addresses (serve), failure-rate randomness, forwarding dispatcher, timeouts (tests). */
  receiver?: Partial<
    Pick<
      ReceiverOptions,
      | 'random'
      | 'dispatcher'
      | 'headersTimeoutMs'
      | 'requestTimeoutMs'
      | 'maxConnections'
      | 'tls'
      | 'publicUrl'
      | 'publicHost'
    >
  >;
  /** Delivery engine knobs tests and benches swap: concurrency limits, an undici dispatcher. */
  delivery?: Pick<DeliverySystemOptions, 'limits' | 'dispatcherFor' | 'random' | 'schedule'>;
}

export interface Core extends Dispatcher {
  readonly events: EventBus;
  readonly dataDir: string;
  readonly log: Logger;
  /**
   * Opens the data dir and starts the receiver and the engine. Throws
   * DataDirError when the directory (or a file Hookbench keeps in it) cannot be
   * used, and DataDirLockedError when another Hookbench runs on it.
   */
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Readiness: started, and its storage answers with this build's schema (team mode: the database). */
  ready(): Promise<boolean>;
  /** Doors that listen (UI server, receiver, REST) report their address so status can show it. */
  setListening(name: ListenerName, url: string | null): void;
  addNotice(message: string): void;
  /** Settings, exchange store and schedule (the data dir's files, or team mode's database); null until start(). */
  storage(): OpenedStorage | null;
  /** API keys for the REST doors; null until start(). */
  apiKeys(): ApiKeys | null;
  /** Users, sessions and the audit log; null until start(). */
  accounts(): Accounts | null;
  /** Tokens and API keys: doors register their tokens here, the receiver strips any it is sent. */
  readonly credentials: HookbenchCredentials;
  /** The REST APIs (/api/v1, /api/webhook) as one route any HTTP door can mount. */
  readonly rest: RestRoute;
  /** The receiver's base URL (inboxes at /in/<slug>); null until start(). */
  receiverUrl(): string | null;
  /** Inboxes; null until start(). */
  inboxes(): InboxService | null;
  /** Subscriptions and the delivery engine; null until start(). */
  delivery(): DeliverySystem | null;
}

/**
 * The composition root: everything the app does is reached from here, with its
 * dependencies passed in so tests can swap them. Plain Node — no electron, no DOM.
 */
export function createCore(options: CoreOptions): Core {
  const dataDir = resolve(options.dataDir);
  const clock = options.clock ?? systemClock;
  const log = options.log ?? silentLogger;
  const events = new EventBus();
  const listening = new Map<ListenerName, string>();
  const notices: string[] = [];
  let started = false;
  let lock: DataDirLock | null = null;
  let stores: OpenedStorage | null = null;
  const unsubscribe: (() => void)[] = [];
  let apiKeys: ApiKeys | null = null;
  let accounts: Accounts | null = null;
  let retention: ExchangeRetention | null = null;
  let inboxes: InboxService | null = null;
  let delivery: DeliverySystem | null = null;
  const credentials = new HookbenchCredentials(() => apiKeys);
  const receiver = new Receiver({
    credentials,
    host: options.receiverHost,
    port: options.receiverPort,
    clock,
    log,
    events,
    ...options.receiver,
  });

  const statusCtx = {
    version: options.version ?? appVersion(),
    dataDir,
    mode: options.mode ?? 'headless',
    startedAt: clock.now(),
    now: () => clock.now(),
    listening: (): ListeningAddress[] => [...listening].map(([name, url]) => ({ name, url })),
    notices: () => [...notices],
  };
  const bulkReplay = new BulkReplayer({
    delivery: () => delivery,
    exchanges: () => stores?.exchanges ?? null,
    clock,
    log,
    onProgress: (job) => events.emit('bulkReplay.progress', job),
  });
  const audit = new AuditLog(
    () => accounts?.store ?? null,
    () => clock.now(),
    log,
  );
  // Every change through any door, refused ones included: who, when, which method, what (ids, names, counts).
  const auditCall: AuditSink = ({ caller, name, input, result }) =>
    audit.record(
      actorOf(caller),
      caller.door,
      name,
      summarizeCall(input, result),
      result.ok ? 'ok' : result.error.code,
    );
  const dispatcher = createDispatcher(
    createHandlers({
      bulkReplay,
      status: statusCtx,
      exchanges: {
        exchanges: () => stores?.exchanges ?? null,
        secretBox: () => stores?.secretBox ?? null,
        retention: () => retention,
      },
      apiKeys: { apiKeys: () => apiKeys, accounts: () => accounts },
      inboxes: { inboxes: () => inboxes },
      delivery: { delivery: () => delivery, exchanges: () => stores?.exchanges ?? null, clock },
      accounts: { accounts: () => accounts, now: () => clock.now() },
    }),
    log,
    auditCall,
  );
  const statusChanged = () => events.emit('status.changed', buildStatus(statusCtx));

  async function startParts(): Promise<void> {
    statusCtx.startedAt = clock.now();
    stores = await openStorage({
      dataDir,
      clock,
      log,
      secretBox: options.secretBox,
      notice: (message) => core.addNotice(message),
      ...(options.database ? { database: options.database } : {}),
      ...(options.retentionIntervalMs !== undefined ? { retentionIntervalMs: options.retentionIntervalMs } : {}),
    });
    for (const notice of stores.notices) core.addNotice(notice);
    // Before the store's first pass (PostgreSQL's waits on the database): it must know what 0 means.
    retention = new ExchangeRetention({
      exchanges: stores.exchanges,
      settings: stores.settings,
      log,
      passOnChange: options.retentionIntervalMs !== 0,
    });
    accounts = new Accounts({
      store: stores.accounts,
      preferences: stores.settings.preferences,
      clock,
      log,
      audit,
      ...(options.retentionIntervalMs !== undefined ? { retentionIntervalMs: options.retentionIntervalMs } : {}),
      ...options.accounts,
    });
    if (options.bootstrapAdmin) await ensureFirstAdmin(accounts, audit, options.bootstrapAdmin, log);
    const settings = stores.settings;
    apiKeys = new ApiKeys(
      settings.apiKeys,
      () => clock.now(),
      (listener) => settings.onExternalChange(listener),
    );
    if (options.bootstrapApiKey) await apiKeys.ensure(options.bootstrapApiKey);
    inboxes = new InboxService(stores.settings.inboxes, clock, receiver, (change) =>
      events.emit('inbox.changed', change),
    );
    try {
      const box = stores.secretBox;
      for (const notice of await receiver.start(stores.exchanges, inboxes, (plain) => box.encrypt(plain)))
        core.addNotice(notice);
      core.setListening('receiver', receiver.url());
    } catch (err) {
      // The rest of the app works without the receiver; doors that need it check receiverUrl().
      core.addNotice(`The receiver did not start: ${(err as Error).message}`);
    }
    // Takes up every owed delivery no node holds: after a restart, all of this node's last run's.
    delivery = startDeliverySystem({
      storage: stores,
      clock,
      log,
      onChange: (change) => events.emit('delivery.updated', change),
      onSubscriptionChange: (change) => events.emit('subscription.changed', change),
      notice: (message) => core.addNotice(message),
      ...options.delivery,
    });
    unsubscribe.push(
      ...listenToOtherNodes(stores, { events, inboxes: () => inboxes, notice: (m) => core.addNotice(m), log }),
    );
  }

  async function stopParts(): Promise<void> {
    for (const stop of unsubscribe.splice(0)) stop();
    // No bulk replay starts once the engine stops; those in flight settle as the engine cuts them.
    await bulkReplay.stop();
    await delivery?.stop();
    await bulkReplay.settled();
    delivery = null;
    await receiver.stop();
    inboxes = null;
    core.setListening('receiver', null);
    // Retention stops first: a pass cut short still records what it removed.
    await accounts?.close();
    await retention?.stop();
    retention = null;
    await audit.flush();
    accounts = null;
    await stores?.close();
    stores = null;
    apiKeys?.close();
    apiKeys = null;
  }

  const core: Core = {
    ...dispatcher,
    events,
    dataDir,
    log,
    async start() {
      if (started) return;
      ensureDataDir(dataDir);
      for (const name of [
        SETTINGS_FILE,
        EXCHANGE_DB_FILE,
        ACCOUNTS_DB_FILE,
        KEY_FILE,
        FA_EXTRAS_FILE,
        INSTANCE_FILE,
        LOCK_FILE,
      ])
        requireFileSlot(dataDir, name);
      lock = lockDataDir(dataDir);
      started = true;
      try {
        await startParts();
      } catch (err) {
        await core.stop();
        throw err;
      }
    },
    async stop() {
      if (!started) return;
      started = false;
      try {
        await stopParts();
      } finally {
        lock?.release();
        lock = null;
      }
    },
    async ready() {
      if (!started || !stores || !delivery) return false;
      try {
        await stores.check();
        return true;
      } catch (err) {
        log.warn('not ready', (err as Error).message);
        return false;
      }
    },
    setListening(name, url) {
      if (url) listening.set(name, url);
      else listening.delete(name);
      statusChanged();
    },
    addNotice(message) {
      notices.push(message);
      log.warn(message);
      statusChanged();
    },
    storage: () => stores,
    apiKeys: () => apiKeys,
    accounts: () => accounts,
    credentials,
    receiverUrl: () => receiver.url(),
    inboxes: () => inboxes,
    delivery: () => delivery,
    rest: createRestRoutes({
      call: dispatcher.call,
      authenticate: async (presented, door, address) => {
        const key = apiKeys?.find(presented);
        return key && accounts ? accounts.keyCaller(key, door, address) : null;
      },
      ready: () => apiKeys !== null && accounts !== null,
      version: statusCtx.version,
      fusionAuthExtras: () => stores?.settings.fusionAuthExtras ?? null,
      log,
      notice: (message) => core.addNotice(message),
    }),
  };
  return core;
}
