import { Low } from 'lowdb';
import { JSONFile } from 'lowdb/node';
import { chmod } from 'node:fs/promises';
import { join } from 'node:path';
import type { FaExtras } from './fusionauth-mapping';

type Doc = { version: 1; webhooks: Record<string, FaExtras> };

/**
 * FusionAuth fields a subscription has no place for (`data`, disabled entries of
 * `eventsEnabled`, `signatureConfiguration`), kept so a GET returns what a PUT
 * wrote. Small, human-readable, written atomically by lowdb.
 */
export class FaExtrasStore {
  private db: Low<Doc> | null = null;

  constructor(private readonly path: string) {}

  static inDataDir(dataDir: string): FaExtrasStore {
    return new FaExtrasStore(join(dataDir, 'fusionauth-webhooks.json'));
  }

  private async open(): Promise<Low<Doc>> {
    if (this.db) return this.db;
    const db = new Low<Doc>(new JSONFile<Doc>(this.path), { version: 1, webhooks: {} });
    try {
      await db.read();
    } catch {
      // unreadable: start empty rather than fail the API; the subscriptions themselves live in settings
      db.data = { version: 1, webhooks: {} };
    }
    db.data ??= { version: 1, webhooks: {} };
    db.data.webhooks ??= {};
    this.db = db;
    return db;
  }

  async get(id: string): Promise<FaExtras | undefined> {
    return (await this.open()).data.webhooks[id];
  }

  async set(id: string, extras: FaExtras): Promise<void> {
    const db = await this.open();
    db.data.webhooks[id] = extras;
    await db.write();
    await chmod(this.path, 0o600);
  }

  async remove(id: string): Promise<void> {
    const db = await this.open();
    if (!(id in db.data.webhooks)) return;
    delete db.data.webhooks[id];
    await db.write();
  }
}
