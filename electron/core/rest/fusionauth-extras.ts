import { Low } from 'lowdb';
import { renameSync } from 'node:fs';
import { join } from 'node:path';
import { PrivateJSONFile } from '../store/settings/private-json-file';
import type { FaExtras } from './fusionauth-mapping';

type Doc = { version: 1; webhooks: Record<string, FaExtras> };

export const FA_EXTRAS_FILE = 'fusionauth-webhooks.json';

const empty = (): Doc => ({ version: 1, webhooks: {} });

function usable(doc: unknown): doc is Doc {
  const webhooks = (doc as Doc | null)?.webhooks;
  return typeof webhooks === 'object' && webhooks !== null && !Array.isArray(webhooks);
}

/**
 * FusionAuth fields a subscription has no place for (`data`, disabled entries of
 * `eventsEnabled`, `signatureConfiguration`), kept so a GET returns what a PUT
 * wrote. Small, human-readable, written atomically and privately (0600). A
 * file that cannot be read is moved aside with a notice, never silently
 * treated as empty and overwritten.
 */
export class FaExtrasStore {
  private db: Promise<Low<Doc>> | null = null;

  constructor(
    private readonly path: string,
    private readonly notice: (message: string) => void,
    private readonly now: () => number = Date.now,
  ) {}

  static inDataDir(dataDir: string, notice: (message: string) => void): FaExtrasStore {
    return new FaExtrasStore(join(dataDir, FA_EXTRAS_FILE), notice);
  }

  /** Reads the file on first use of the FusionAuth API, so a damaged one is reported then, not when a webhook is read. */
  async ready(): Promise<void> {
    await this.open();
  }

  private open(): Promise<Low<Doc>> {
    this.db ??= this.load();
    return this.db;
  }

  private async load(): Promise<Low<Doc>> {
    const db = new Low<Doc>(new PrivateJSONFile<Doc>(this.path), empty());
    let reason: string | null = null;
    try {
      await db.read();
      if (!usable(db.data)) reason = 'it does not hold a webhooks object';
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code && code !== 'ENOENT') {
        // Not a content problem (permissions, I/O): moving the file would not help; try again next time.
        this.db = null;
        throw err;
      }
      reason = 'it is not valid JSON (truncated or half-written?)';
    }
    if (reason) {
      const backup = `${this.path}.corrupt-${new Date(this.now()).toISOString().replace(/[:.]/g, '-')}`;
      renameSync(this.path, backup);
      this.notice(
        `The FusionAuth webhook fields file was unreadable (${reason}); it was moved to ${backup}. Webhooks keep working; their data, signing and disabled-event fields read as empty until set again.`,
      );
      db.data = empty();
    }
    return db;
  }

  async get(id: string): Promise<FaExtras | undefined> {
    return (await this.open()).data.webhooks[id];
  }

  async set(id: string, extras: FaExtras): Promise<void> {
    const db = await this.open();
    db.data.webhooks[id] = extras;
    await db.write();
  }

  async remove(id: string): Promise<void> {
    const db = await this.open();
    if (!(id in db.data.webhooks)) return;
    delete db.data.webhooks[id];
    await db.write();
  }
}
