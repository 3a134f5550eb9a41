import type {
  Capture,
  DeliveryUpdate,
  BodyView,
  ExchangeDetail,
  ExchangeFacets,
  ExchangeFilter,
  ExchangePage,
  NewAttempt,
  NewCapture,
  NewDelivery,
  RetentionSettings,
  StorageInfo,
} from '../../../shared/model/exchange';
import type { Preferences } from '../../../shared/model/settings';
import type { DeliveryChange, SubscriptionHealth } from '../../../shared/model/subscription';
import type { SettingsCollectionName, SettingsRecords } from './settings/records';
import type { AccountsStore } from './accounts/accounts-store';

/**
 * The storage port: everything above the store (engine, receiver, replay,
 * bulk replay, import/export, the APIs) reaches storage only through these
 * interfaces. Two adapters implement them: SQLite (the laptop: one node, files
 * in the data dir) and PostgreSQL (team mode: several nodes on one database).
 * Reads and writes that touch the database are asynchronous; settings reads
 * are served from memory, because the engine reads its subscription on every
 * delivery.
 */

/**
 * Who may attempt an owed delivery: the node that wrote it holds it until
 * `leaseUntil` (epoch ms); null gives it up. Absent leaves the lease as it was.
 */
export interface LeaseWrite {
  leaseUntil?: number | null;
}

/** One unit of work for the group writer; each becomes part of one group commit. */
export type ExchangeWrite =
  | ({ type: 'delivery'; delivery: NewDelivery } & LeaseWrite)
  | ({ type: 'attempt'; attempt: NewAttempt; update?: DeliveryUpdate } & LeaseWrite)
  | ({ type: 'deliveryUpdate'; id: string; update: DeliveryUpdate } & LeaseWrite)
  | { type: 'capture'; capture: NewCapture };

export type PurgeRequest = { all: true } | { olderThan: string };

/** The exchange store: appends resolve once their group committed; reads see every committed write. */
export interface ExchangeStore {
  readonly backend: 'sqlite' | 'postgres';
  append(write: ExchangeWrite): Promise<void>;
  appendDelivery(delivery: NewDelivery, lease?: LeaseWrite): Promise<void>;
  appendAttempt(attempt: NewAttempt, update?: DeliveryUpdate, lease?: LeaseWrite): Promise<void>;
  updateDelivery(id: string, update: DeliveryUpdate, lease?: LeaseWrite): Promise<void>;
  appendCapture(capture: NewCapture): Promise<void>;
  /** Resolves once everything appended so far has committed. */
  flush(): Promise<void>;
  /** A hint that nobody else will join the queued group (every open connection is waiting on it): commit now. */
  commitNow(): void;
  /** Newest first; `cursor` is opaque and belongs to the store that handed it out. Bad input throws invalid_input. */
  query(filter: ExchangeFilter, page?: { limit?: number; cursor?: string | null }): Promise<ExchangePage>;
  facets(filter: ExchangeFilter): Promise<ExchangeFacets>;
  getExchange(id: string): Promise<ExchangeDetail | null>;
  /** What a replay sends again, without the attempts and replays getExchange also reads. */
  replaySource(id: string): Promise<ReplaySource | null>;
  /** The sealed originals of a capture's masked credential headers (see revealCredentials), or null. */
  sealedCredentials(id: string): Promise<string | null>;
  /** A subscription's last 24 hours, by hour, with latency percentiles. */
  health(subscriptionId: string, nowMs: number): Promise<SubscriptionHealth>;
  /** Resolves with the number of exchanges removed. */
  purge(request: PurgeRequest): Promise<number>;
  setRetention(settings: RetentionSettings): void;
  /** Removes what the retention settings no longer keep; resolves with the number removed. */
  enforceRetention(): Promise<number>;
  info(): Promise<StorageInfo>;
  close(): Promise<void>;
}

/** A delivery still owed an attempt, as a claim hands it over. */
export interface OwedDelivery {
  id: string;
  subscriptionId: string | null;
  attempts: number;
  /** Epoch ms; null means "as soon as possible". */
  nextAttemptAt: number | null;
}

/**
 * The persisted retry schedule, shared by every node: an owed delivery
 * (outcome pending/retrying) is attempted only by the node holding its lease.
 * A node that dies leaves its leases to expire, and another node claims the work.
 */
export interface DeliverySchedule {
  /** This node's id, recorded as the owner of the leases it holds. */
  readonly nodeId: string;
  /**
   * Leases up to `limit` owed deliveries due by `dueBy` that no live lease
   * holds at `now` (never held, released, or expired), soonest first, each
   * until its due time + `leaseMs`. No delivery is handed to two nodes at once.
   */
  claim(opts: { now: number; dueBy: number; limit: number; leaseMs: number }): Promise<OwedDelivery[]>;
  /**
   * Just before an attempt of a delivery this node holds: true, with the lease
   * extended to `leaseUntil`, when it is still owed and still this node's; false
   * when it was finished or cancelled elsewhere, or another node took it over.
   */
  confirm(id: string, leaseUntil: number): Promise<boolean>;
  /** Gives up every lease this node holds (on stop), so other nodes need not wait for them to expire. */
  releaseAll(): Promise<number>;
  /** Ids of a subscription's owed deliveries, whichever node holds them. */
  pendingFor(subscriptionId: string): Promise<string[]>;
}

/** A capture as the live feed carries it: everything but the body, whose size is given. */
export type CaptureHead = Omit<Capture, 'body'>;

/** A commit another node made, as this node's doors should hear about it. */
export type LiveChange =
  { type: 'capture'; capture: CaptureHead; size: number } | { type: 'delivery'; change: DeliveryChange };

/** Exchanges committed by OTHER nodes (this node's own writes are announced by the code that made them). */
export interface LiveFeed {
  subscribe(listener: (changes: LiveChange[]) => void): () => void;
}

/** One settings collection: reads from memory (frozen, shared objects for hot paths), writes committed before they resolve. */
export interface SettingsCollection<T extends { id: string }> {
  list(): T[];
  get(id: string): T | undefined;
  /** The same frozen object until the record is written again: for hot read paths; never mutate it. */
  peek(id: string): Readonly<T> | undefined;
  peekAll(): Readonly<T>[];
  /** Records with sealed fields replaced, for lists, logs and exports. */
  listRedacted(): T[];
  upsert(record: T): Promise<T>;
  remove(id: string): Promise<boolean>;
}

export interface PreferencesStore {
  get(): Preferences;
  update(patch: Partial<Preferences>): Promise<Preferences>;
}

export type SettingsChange = SettingsCollectionName | 'preferences';

export interface SettingsPort {
  readonly subscriptions: SettingsCollection<SettingsRecords['subscriptions']>;
  readonly inboxes: SettingsCollection<SettingsRecords['inboxes']>;
  readonly signingKeys: SettingsCollection<SettingsRecords['signingKeys']>;
  readonly apiKeys: SettingsCollection<SettingsRecords['apiKeys']>;
  readonly fusionAuthExtras: SettingsCollection<SettingsRecords['fusionAuthExtras']>;
  readonly preferences: PreferencesStore;
  /** Another node changed settings; this node's memory already holds the new records when the listener runs. */
  onExternalChange(listener: (change: SettingsChange) => void): () => void;
  /** Resolves once every write so far is stored. */
  flush(): Promise<void>;
}

/** One opened storage backend: what createCore wires the rest of the core to. */
export interface Storage {
  readonly exchanges: ExchangeStore;
  readonly schedule: DeliverySchedule;
  readonly feed: LiveFeed;
  readonly settings: SettingsPort;
  /**
   * Users, sessions, the audit log and the sign-in throttle: accounts.db in the
   * data dir, or the shared database's tables (one set for every node).
   * Closed with the storage.
   */
  readonly accounts: AccountsStore;
  /** Notices for the status bar: files moved aside or migrated, weak secret storage. */
  readonly notices: string[];
  /** Throws (saying why, for the log) unless the store answers and its schema is this build's: readiness. */
  check(): Promise<void>;
  close(): Promise<void>;
}

/** A logged exchange as a replay reads it: what was sent (or received) and where it went. */
export interface ReplaySource {
  kind: 'delivery' | 'capture';
  id: string;
  eventType: string | null;
  eventId: string | null;
  /** A delivery's subscription id (the ad-hoc marker for a URL) and its URL; null for a capture. */
  subscriptionId: string | null;
  targetUrl: string | null;
  /** The profile a delivery was signed with; null for a capture. */
  profile: string | null;
  /** The delivery's request body, or the capture's body. */
  body: BodyView;
}
