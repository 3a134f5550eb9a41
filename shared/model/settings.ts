/**
 * The settings document as stored in settings.json (lowdb). Small and
 * human-readable; high-volume exchanges lives in the SQLite exchange store instead.
 * Secret-bearing fields (see `secretFields`) hold SecretBox ciphertext on disk
 * and plain values only in memory.
 */
export const SETTINGS_SCHEMA_VERSION = 3;

/** Later issues give subscriptions, inboxes and keys their full shapes. */
export interface IdRecord {
  id: string;
  [field: string]: unknown;
}

export const collectionNames = ['subscriptions', 'inboxes', 'signingKeys', 'apiKeys'] as const;
export type CollectionName = (typeof collectionNames)[number];

/**
 * Fields encrypted at rest, per collection. Anything holding a secret or private
 * key belongs here, and so do subscriptions' custom headers (as JSON text):
 * their values are API tokens as often as not.
 */
export const secretFields: Record<CollectionName, readonly string[]> = {
  subscriptions: ['secret', 'headers'],
  inboxes: ['secrets'],
  signingKeys: ['secret', 'privateKey'],
  apiKeys: ['key'],
};

export interface Preferences {
  theme: 'system' | 'light' | 'dark';
  /** Exchange store retention: rows older than this many days, or beyond this many rows, are removed. */
  retention: { maxAgeDays: number; maxRows: number };
  /** Audit log retention: entries older than this many days are removed; 0 keeps every entry. */
  auditRetention: AuditRetention;
  /** Bodies above this many bytes are stored truncated (full size kept). */
  bodyCapBytes: number;
  /**
   * 'normal' (default): a committed record survives the app being killed or
   * crashing; the last moments may be lost on power failure or an OS crash.
   * 'full': also survives those, at a fraction of the write throughput.
   */
  durability: Durability;
}

export type Durability = 'normal' | 'full';

export interface AuditRetention {
  /** Days an audit entry is kept; 0 keeps every entry. */
  maxAgeDays: number;
}

/** A quarter, like the exchange store's default: long enough to answer "who changed this last month?". */
export const DEFAULT_AUDIT_RETENTION: AuditRetention = { maxAgeDays: 90 };
/** A hundred years: beyond that, "keep all" (0) says it better. */
export const MAX_AUDIT_RETENTION_DAYS = 36_500;

export interface SettingsDoc {
  version: number;
  subscriptions: IdRecord[];
  inboxes: IdRecord[];
  signingKeys: IdRecord[];
  apiKeys: IdRecord[];
  preferences: Preferences;
}
