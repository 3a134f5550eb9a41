import type pg from 'pg';
import type { Preferences } from '../../../../shared/model/settings';
import type { Logger } from '../../log';
import type { PreferencesStore, SettingsChange, SettingsCollection, SettingsPort } from '../port';
import type { SecretBox } from '../secret-box';
import { defaultSettings } from '../settings/migrations';
import { deepFreeze, RecordSealer } from '../settings/record-sealer';
import {
  sealedFields,
  settingsCollectionNames,
  type SettingsCollectionName,
  type SettingsRecords,
} from '../settings/records';
import { named, withPoolClient } from './pg-client';
import { COMMIT_CHANNEL } from './pg-schema';

type Stored = { id: string } & Record<string, unknown>;
type Write = (collection: SettingsChange, id: string, sealed: Stored | null) => Promise<void>;

/**
 * One settings collection of the shared database, held in memory: reads never
 * touch the database (the engine reads its subscription for every delivery);
 * a write commits, then updates memory. Another node's write arrives through
 * the commit log and reloads the collection.
 */
class PgCollection<T extends { id: string }> implements SettingsCollection<T> {
  private records = new Map<string, Stored>();
  private readonly shared = new WeakMap<Stored, Readonly<T>>();
  /** Bumped by every local write: a reload that raced one is read again. */
  version = 0;

  constructor(
    private readonly name: SettingsCollectionName,
    private readonly sealer: RecordSealer,
    private readonly write: Write,
  ) {}

  private get fields() {
    return sealedFields[this.name];
  }

  replaceAll(rows: Stored[]): void {
    this.records = new Map(rows.map((r) => [r.id, r]));
  }

  list(): T[] {
    return [...this.records.values()].map((r) => this.sealer.open<T>(r, this.fields, this.name));
  }
  get(id: string): T | undefined {
    const r = this.records.get(id);
    return r ? this.sealer.open<T>(r, this.fields, this.name) : undefined;
  }
  peek(id: string): Readonly<T> | undefined {
    const r = this.records.get(id);
    return r ? this.sharedOpen(r) : undefined;
  }
  peekAll(): Readonly<T>[] {
    return [...this.records.values()].map((r) => this.sharedOpen(r));
  }
  private sharedOpen(r: Stored): Readonly<T> {
    let opened = this.shared.get(r);
    if (!opened) this.shared.set(r, (opened = deepFreeze(this.sealer.open<T>(r, this.fields, this.name))));
    return opened;
  }
  listRedacted(): T[] {
    return [...this.records.values()].map((r) => this.sealer.redact<T>(r, this.fields));
  }
  async upsert(record: T): Promise<T> {
    const sealed = this.sealer.seal(record, this.fields);
    this.version++;
    await this.write(this.name, record.id, sealed);
    this.records.set(record.id, sealed);
    return structuredClone(record);
  }
  async remove(id: string): Promise<boolean> {
    if (!this.records.has(id)) return false;
    this.version++;
    await this.write(this.name, id, null);
    return this.records.delete(id);
  }
}

const PREFERENCES_ID = 'preferences';

export class PgSettings implements SettingsPort {
  readonly subscriptions: PgCollection<SettingsRecords['subscriptions']>;
  readonly inboxes: PgCollection<SettingsRecords['inboxes']>;
  readonly signingKeys: PgCollection<SettingsRecords['signingKeys']>;
  readonly apiKeys: PgCollection<SettingsRecords['apiKeys']>;
  readonly fusionAuthExtras: PgCollection<SettingsRecords['fusionAuthExtras']>;
  readonly preferences: PreferencesStore;
  private prefs: Preferences = defaultSettings().preferences;
  private prefsVersion = 0;
  private readonly listeners = new Set<(change: SettingsChange) => void>();
  private pending = new Set<Promise<unknown>>();

  private constructor(
    private readonly pool: pg.Pool,
    private readonly nodeId: string,
    private readonly now: () => number,
    box: SecretBox,
    log: Logger,
    notice: (message: string) => void,
  ) {
    const sealer = new RecordSealer(box, log, notice);
    const write: Write = (c, id, sealed) => this.track(this.write(c, id, sealed));
    this.subscriptions = new PgCollection('subscriptions', sealer, write);
    this.inboxes = new PgCollection('inboxes', sealer, write);
    this.signingKeys = new PgCollection('signingKeys', sealer, write);
    this.apiKeys = new PgCollection('apiKeys', sealer, write);
    this.fusionAuthExtras = new PgCollection('fusionAuthExtras', sealer, write);
    this.preferences = {
      get: () => structuredClone(this.prefs),
      update: async (patch) => {
        const next = { ...this.prefs, ...structuredClone(patch) };
        this.prefsVersion++;
        await write('preferences', PREFERENCES_ID, { id: PREFERENCES_ID, ...next });
        this.prefs = next;
        return structuredClone(next);
      },
    };
  }

  static async open(o: {
    pool: pg.Pool;
    nodeId: string;
    now: () => number;
    box: SecretBox;
    log: Logger;
    notice?: (message: string) => void;
  }): Promise<PgSettings> {
    const s = new PgSettings(o.pool, o.nodeId, o.now, o.box, o.log, o.notice ?? (() => {}));
    await s.reload([...settingsCollectionNames, 'preferences']);
    return s;
  }

  private collection(name: SettingsCollectionName): PgCollection<{ id: string }> {
    return this[name] as PgCollection<{ id: string }>;
  }

  private track<T>(p: Promise<T>): Promise<T> {
    this.pending.add(p);
    void p.finally(() => this.pending.delete(p)).catch(() => undefined);
    return p;
  }

  /** The record (or its removal) and a commit-log row naming the collection, in one transaction. */
  private async write(collection: SettingsChange, id: string, sealed: Stored | null): Promise<void> {
    await withPoolClient(this.pool, async (c) => {
      await c.query('BEGIN');
      try {
        if (sealed)
          await c.query(
            named(
              `INSERT INTO setting (collection, id, record, updated_at) VALUES ($1, $2, $3, $4)
                ON CONFLICT (collection, id) DO UPDATE SET record = excluded.record, updated_at = excluded.updated_at`,
              [collection, id, JSON.stringify(sealed), this.now()],
            ),
          );
        else await c.query(named('DELETE FROM setting WHERE collection = $1 AND id = $2', [collection, id]));
        await c.query(
          named(
            `WITH c AS (INSERT INTO exchange_commit (node, at, settings) VALUES ($1, $2, ARRAY[$3]) RETURNING id)
              SELECT pg_notify($4, $1 || ':' || id) FROM c`,
            [this.nodeId, this.now(), collection, COMMIT_CHANNEL],
          ),
        );
        await c.query('COMMIT');
      } catch (err) {
        await c.query('ROLLBACK').catch(() => undefined);
        throw err;
      }
    });
  }

  /** Reads the named collections again (another node changed them), then tells the listeners. */
  async reload(changes: SettingsChange[]): Promise<void> {
    for (const change of changes) {
      for (;;) {
        const before = change === 'preferences' ? this.prefsVersion : this.collection(change).version;
        const r = await this.pool.query<{ id: string; record: string }>(
          named('SELECT id, record FROM setting WHERE collection = $1 ORDER BY ord', [change]),
        );
        const after = change === 'preferences' ? this.prefsVersion : this.collection(change).version;
        if (before !== after) continue; // a local write landed meanwhile: read again so it is not lost
        const rows = r.rows.map((row) => JSON.parse(row.record) as Stored);
        if (change === 'preferences') {
          const { id: _id, ...stored } = rows[0] ?? { id: PREFERENCES_ID };
          this.prefs = { ...defaultSettings().preferences, ...(stored as Partial<Preferences>) };
        } else this.collection(change).replaceAll(rows);
        break;
      }
      for (const listener of this.listeners) listener(change);
    }
  }

  onExternalChange(listener: (change: SettingsChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async flush(): Promise<void> {
    await Promise.allSettled([...this.pending]);
  }
}
