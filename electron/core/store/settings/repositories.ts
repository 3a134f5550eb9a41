import { secretFields, type CollectionName, type IdRecord, type Preferences } from '../../../../shared/model/settings';
import type { Logger } from '../../log';
import type { SecretBox } from '../secret-box';
import { deepFreeze, RecordSealer } from './record-sealer';
import type { SettingsFile } from './settings-file';

export { deepFreeze, REDACTED } from './record-sealer';

/**
 * An id-keyed collection of the settings file. Secret fields are encrypted on
 * the way in and decrypted on the way out, so callers only see plain values and
 * the file only ever holds ciphertext.
 */
export class CollectionRepo<T extends IdRecord = IdRecord> {
  private readonly secrets: readonly string[];

  constructor(
    private readonly file: SettingsFile,
    private readonly name: CollectionName,
    private readonly sealer: RecordSealer,
  ) {
    this.secrets = secretFields[name];
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
    return this.file.data[this.name].map((r) => this.sealer.redact<T>(r, this.secrets));
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
    return this.sealer.seal(record, this.secrets);
  }

  private open(stored: IdRecord): T {
    return this.sealer.open<T>(stored, this.secrets, this.name);
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

export function createSettingsRepos(
  file: SettingsFile,
  box: SecretBox,
  log: Logger,
  notice: (message: string) => void = () => {},
): SettingsStore {
  const sealer = new RecordSealer(box, log, notice);
  return {
    file,
    subscriptions: new CollectionRepo(file, 'subscriptions', sealer),
    inboxes: new CollectionRepo(file, 'inboxes', sealer),
    signingKeys: new CollectionRepo(file, 'signingKeys', sealer),
    apiKeys: new CollectionRepo(file, 'apiKeys', sealer),
    preferences: new PreferencesRepo(file),
  };
}
