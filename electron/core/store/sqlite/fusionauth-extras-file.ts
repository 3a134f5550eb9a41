import { chmodSync, existsSync, readFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { Low } from 'lowdb';
import { JSONFile } from 'lowdb/node';
import type { SettingsCollection } from '../port';
import { deepFreeze } from '../settings/record-sealer';
import type { FusionAuthExtrasRecord } from '../settings/records';

type Extras = Omit<FusionAuthExtrasRecord, 'id'>;
type Doc = { version: 1; webhooks: Record<string, Extras> };

export const FUSIONAUTH_EXTRAS_FILE = 'fusionauth-webhooks.json';

/**
 * FusionAuth webhook fields a subscription has no place for, in their own
 * small JSON file beside settings.json (the format the REST door has always
 * written). Read once at open; written atomically by lowdb. A file that cannot
 * be read is moved aside, never silently replaced.
 */
export class FusionAuthExtrasFile implements SettingsCollection<FusionAuthExtrasRecord> {
  private readonly frozen = new WeakMap<Extras, Readonly<FusionAuthExtrasRecord>>();
  private chain: Promise<void> = Promise.resolve();

  private constructor(
    private readonly low: Low<Doc>,
    private readonly path: string,
  ) {}

  static open(dataDir: string, stamp: string, notices: string[]): FusionAuthExtrasFile {
    const path = join(dataDir, FUSIONAUTH_EXTRAS_FILE);
    let doc: Doc = { version: 1, webhooks: {} };
    if (existsSync(path)) {
      try {
        const parsed = JSON.parse(readFileSync(path, 'utf8')) as Partial<Doc>;
        if (!parsed || typeof parsed.webhooks !== 'object' || parsed.webhooks === null)
          throw new SyntaxError('no webhooks');
        doc = { version: 1, webhooks: parsed.webhooks };
      } catch {
        const backup = `${path}.corrupt-${stamp}`;
        renameSync(path, backup);
        notices.push(`The FusionAuth webhook extras file was unreadable; it was moved to ${backup}.`);
      }
    }
    return new FusionAuthExtrasFile(new Low(new JSONFile<Doc>(path), doc), path);
  }

  private get map(): Record<string, Extras> {
    return this.low.data.webhooks;
  }

  private view(id: string, extras: Extras): FusionAuthExtrasRecord {
    return { ...structuredClone(extras), id };
  }

  list(): FusionAuthExtrasRecord[] {
    return Object.entries(this.map).map(([id, e]) => this.view(id, e));
  }
  get(id: string): FusionAuthExtrasRecord | undefined {
    const e = this.map[id];
    return e ? this.view(id, e) : undefined;
  }
  peek(id: string): Readonly<FusionAuthExtrasRecord> | undefined {
    const e = this.map[id];
    if (!e) return undefined;
    let v = this.frozen.get(e);
    if (!v) this.frozen.set(e, (v = deepFreeze(this.view(id, e))));
    return v;
  }
  peekAll(): Readonly<FusionAuthExtrasRecord>[] {
    return Object.keys(this.map).map((id) => this.peek(id)!);
  }
  listRedacted(): FusionAuthExtrasRecord[] {
    return this.list();
  }
  async upsert(record: FusionAuthExtrasRecord): Promise<FusionAuthExtrasRecord> {
    const { id, ...extras } = structuredClone(record);
    this.map[id] = extras;
    await this.write();
    return structuredClone(record);
  }
  async remove(id: string): Promise<boolean> {
    if (!(id in this.map)) return false;
    delete this.map[id];
    await this.write();
    return true;
  }

  /** Writes one after another in call order. */
  private write(): Promise<void> {
    const next = this.chain.then(async () => {
      await this.low.write();
      if (process.platform !== 'win32') chmodSync(this.path, 0o600);
    });
    this.chain = next.catch(() => undefined);
    return next;
  }

  flush(): Promise<void> {
    return this.chain;
  }
}
