import { existsSync, readFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import type { SettingsCollection } from '../port';
import { PrivateJSONFile } from '../settings/private-json-file';
import { deepFreeze } from '../settings/record-sealer';
import type { FusionAuthExtrasRecord } from '../settings/records';

type Extras = Omit<FusionAuthExtrasRecord, 'id'>;
type Doc = { version: 1; webhooks: Record<string, Extras> };

export const FA_EXTRAS_FILE = 'fusionauth-webhooks.json';

function usable(doc: unknown): doc is Doc {
  const webhooks = (doc as Doc | null)?.webhooks;
  return typeof webhooks === 'object' && webhooks !== null && !Array.isArray(webhooks);
}

/**
 * FusionAuth webhook fields a subscription has no place for (`data`, disabled
 * entries of `eventsEnabled`, `signatureConfiguration`), kept so a GET returns
 * what a PUT wrote: a small JSON file beside settings.json, written atomically
 * and privately (0600). Read on first use (the FusionAuth API's), so a damaged
 * file is reported then; it is moved aside with a notice, never treated as
 * empty and overwritten.
 */
export class FusionAuthExtrasFile implements SettingsCollection<FusionAuthExtrasRecord> {
  private doc: Doc | null = null;
  private readonly frozen = new WeakMap<Extras, Readonly<FusionAuthExtrasRecord>>();
  private readonly file: PrivateJSONFile<Doc>;
  private readonly path: string;
  private lastWrite: Promise<void> = Promise.resolve();

  constructor(
    dataDir: string,
    private readonly notice: (message: string) => void,
    private readonly now: () => number,
  ) {
    this.path = join(dataDir, FA_EXTRAS_FILE);
    this.file = new PrivateJSONFile<Doc>(this.path);
  }

  private get map(): Record<string, Extras> {
    this.doc ??= this.load();
    return this.doc.webhooks;
  }

  private load(): Doc {
    if (!existsSync(this.path)) return { version: 1, webhooks: {} };
    let reason: string | null = null;
    try {
      const doc: unknown = JSON.parse(readFileSync(this.path, 'utf8'));
      if (usable(doc)) return { version: 1, webhooks: doc.webhooks };
      reason = 'it does not hold a webhooks object';
    } catch (err) {
      // Not a content problem (permissions, I/O): moving the file would not help.
      if (!(err instanceof SyntaxError)) throw err;
      reason = 'it is not valid JSON (truncated or half-written?)';
    }
    const backup = `${this.path}.corrupt-${new Date(this.now()).toISOString().replace(/[:.]/g, '-')}`;
    renameSync(this.path, backup);
    this.notice(
      `The FusionAuth webhook fields file was unreadable (${reason}); it was moved to ${backup}. Webhooks keep working; their data, signing and disabled-event fields read as empty until set again.`,
    );
    return { version: 1, webhooks: {} };
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

  private write(): Promise<void> {
    const next = this.file.write(this.doc!);
    this.lastWrite = next.catch(() => undefined);
    return next;
  }

  /** Resolves once every write so far is on disk (the file writes in call order). */
  flush(): Promise<void> {
    return this.lastWrite;
  }
}
