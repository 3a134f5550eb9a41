import { secretFields, type CollectionName, type IdRecord, type Preferences } from '../../../../shared/model/settings';
import type { Logger } from '../../log';
import { isBoxed, type SecretBox } from '../secret-box';
import type { SettingsFile } from './settings-file';

export function deepFreeze<V>(value: V): V {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

/** Shown in place of a secret wherever records leave the core for display or export. */
export const REDACTED = '••••••';

/**
 * An id-keyed collection of the settings file. Secret fields are encrypted on
 * the way in and decrypted on the way out, so callers only see plain values and
 * the file only ever holds ciphertext.
 */
export class CollectionRepo<T extends IdRecord = IdRecord> {
  private readonly secrets: readonly string[];
  /**
   * Ciphertext → plaintext. The engine reads a subscription's secret for every
   * delivery and every attempt; AES-GCM (or a keychain call) each time was a
   * tenth of a delivery's CPU. Each ciphertext has its own random IV, so a
   * changed secret is a new key here and a stale entry can never be returned.
   */
  private readonly decrypted = new Map<string, string>();

  constructor(
    private readonly file: SettingsFile,
    private readonly name: CollectionName,
    private readonly box: SecretBox,
    private readonly log: Logger,
    private readonly notice: (message: string) => void = () => {},
  ) {
    this.secrets = secretFields[name];
  }

  private readonly reported = new Set<string>();

  /** Once per record and field: the record stays usable (and editable) without the value; the message names no value. */
  private unavailable(record: IdRecord, field: string, err: unknown, entry = false): void {
    const key = `${record.id}\n${field}`;
    const what = entry ? `an entry of ${field}` : field;
    this.log.warn(`${this.name} ${record.id}: ${what} unavailable: ${(err as Error).message}`);
    if (this.reported.has(key)) return;
    this.reported.add(key);
    const named = typeof record.name === 'string' ? `"${record.name}" (${record.id})` : record.id;
    this.notice(
      `${LABELS[this.name]} ${named}: ${what} could not be unsealed (${(err as Error).message}); it is left out until entered again.`,
    );
  }

  /** Opened records by the stored object they came from: a write replaces that object, so an entry never goes stale. */
  private readonly shared = new WeakMap<IdRecord, Readonly<T>>();

  list(): T[] {
    return this.file.data[this.name].map((r) => this.open(r));
  }

  /**
   * Like get(), without the copy: the same frozen object until the record is
   * written again. For hot read paths (the engine reads its subscription for
   * every delivery and attempt); the caller must not mutate it, and cannot.
   */
  peek(id: string): Readonly<T> | undefined {
    const found = this.file.data[this.name].find((r) => r.id === id);
    return found ? this.sharedOpen(found) : undefined;
  }

  peekAll(): Readonly<T>[] {
    return this.file.data[this.name].map((r) => this.sharedOpen(r));
  }

  private sharedOpen(stored: IdRecord): Readonly<T> {
    let opened = this.shared.get(stored);
    if (!opened) {
      opened = deepFreeze(this.open(stored));
      this.shared.set(stored, opened);
    }
    return opened;
  }

  get(id: string): T | undefined {
    const found = this.file.data[this.name].find((r) => r.id === id);
    return found ? this.open(found) : undefined;
  }

  /** Records with secrets replaced, for lists, logs and exports. */
  listRedacted(): T[] {
    return this.file.data[this.name].map((r) => {
      const copy = { ...r };
      for (const f of this.secrets) if (copy[f] !== undefined && copy[f] !== null) copy[f] = REDACTED;
      return copy as T;
    });
  }

  async upsert(record: T): Promise<T> {
    const sealed = this.seal(record);
    await this.file.update((doc) => {
      const list = doc[this.name];
      const at = list.findIndex((r) => r.id === record.id);
      if (at >= 0) list[at] = sealed;
      else list.push(sealed);
    });
    return structuredClone(record);
  }

  async remove(id: string): Promise<boolean> {
    let removed = false;
    await this.file.update((doc) => {
      const before = doc[this.name].length;
      doc[this.name] = doc[this.name].filter((r) => r.id !== id);
      removed = doc[this.name].length !== before;
    });
    return removed;
  }

  private seal(record: T): IdRecord {
    const copy: IdRecord = structuredClone(record);
    for (const f of this.secrets) {
      const v = copy[f];
      if (typeof v === 'string' && v !== '' && !isBoxed(v)) copy[f] = this.box.encrypt(v);
      // A list of secrets (an inbox verifying with rotated secrets): each entry sealed on its own.
      else if (Array.isArray(v))
        copy[f] = v.map((s: unknown) => (typeof s === 'string' && s !== '' && !isBoxed(s) ? this.box.encrypt(s) : s));
    }
    return copy;
  }

  private open(stored: IdRecord): T {
    const copy: IdRecord = structuredClone(stored);
    for (const f of this.secrets) {
      const v = copy[f];
      if (Array.isArray(v)) {
        copy[f] = this.openList(stored, f, v);
        continue;
      }
      if (!isBoxed(v)) continue;
      try {
        copy[f] = this.decrypt(v);
      } catch (err) {
        this.unavailable(stored, f, err);
        copy[f] = null;
      }
    }
    return copy as T;
  }

  private decrypt(boxed: string): string {
    let plain = this.decrypted.get(boxed);
    if (plain === undefined) {
      plain = this.box.decrypt(boxed);
      if (this.decrypted.size >= 1000) this.decrypted.clear();
      this.decrypted.set(boxed, plain);
    }
    return plain;
  }

  /** Entries that cannot be decrypted are dropped (and logged without their value), like a single field becoming null. */
  private openList(record: IdRecord, field: string, list: unknown[]): unknown[] {
    const opened: unknown[] = [];
    for (const v of list) {
      if (!isBoxed(v)) {
        opened.push(v);
        continue;
      }
      try {
        opened.push(this.decrypt(v));
      } catch (err) {
        this.unavailable(record, field, err, true);
      }
    }
    return opened;
  }
}

export class PreferencesRepo {
  constructor(private readonly file: SettingsFile) {}

  get(): Preferences {
    return structuredClone(this.file.data.preferences);
  }

  async update(patch: Partial<Preferences>): Promise<Preferences> {
    await this.file.update((doc) => {
      doc.preferences = { ...doc.preferences, ...structuredClone(patch) };
    });
    return this.get();
  }
}

export interface SettingsStore {
  file: SettingsFile;
  subscriptions: CollectionRepo;
  inboxes: CollectionRepo;
  signingKeys: CollectionRepo;
  apiKeys: CollectionRepo;
  preferences: PreferencesRepo;
}

const LABELS: Record<CollectionName, string> = {
  subscriptions: 'Subscription',
  inboxes: 'Inbox',
  signingKeys: 'Signing key',
  apiKeys: 'API key',
};

export function createSettingsRepos(
  file: SettingsFile,
  box: SecretBox,
  log: Logger,
  notice: (message: string) => void = () => {},
): SettingsStore {
  return {
    file,
    subscriptions: new CollectionRepo(file, 'subscriptions', box, log, notice),
    inboxes: new CollectionRepo(file, 'inboxes', box, log, notice),
    signingKeys: new CollectionRepo(file, 'signingKeys', box, log, notice),
    apiKeys: new CollectionRepo(file, 'apiKeys', box, log, notice),
    preferences: new PreferencesRepo(file),
  };
}
