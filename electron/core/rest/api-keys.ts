import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import type { ApiKeyInfo, CreatedApiKey } from '../../../shared/model/api-key';
import type { IdRecord } from '../../../shared/model/settings';
import type { CollectionRepo } from '../store/settings/repositories';

interface StoredApiKey extends IdRecord, Omit<ApiKeyInfo, 'id'> {
  /** SHA-256 of the key: enough to check a presented key, useless to recover it. */
  keyHash: string;
}

const hash = (key: string) => createHash('sha256').update(key, 'utf8').digest('hex');

function info(r: StoredApiKey): ApiKeyInfo {
  return { id: r.id, name: r.name, hint: r.hint, createdAt: r.createdAt, lastUsedAt: r.lastUsedAt ?? null };
}

/**
 * API keys for the REST doors. Keys are random 32-byte tokens shown once; the
 * settings file keeps only their hash, so a leaked settings file leaks no key.
 */
export class ApiKeys {
  constructor(
    private readonly repo: CollectionRepo,
    private readonly now: () => number,
  ) {}

  list(): ApiKeyInfo[] {
    return (this.repo.list() as StoredApiKey[]).map(info);
  }

  async create(name: string, key = `hbk_${randomBytes(32).toString('base64url')}`): Promise<CreatedApiKey> {
    const record: StoredApiKey = {
      id: randomUUID(),
      name,
      hint: key.slice(-4),
      keyHash: hash(key),
      createdAt: new Date(this.now()).toISOString(),
      lastUsedAt: null,
    };
    await this.repo.upsert(record);
    return { ...info(record), key };
  }

  async revoke(id: string): Promise<boolean> {
    return this.repo.remove(id);
  }

  /** For HOOKBENCH_API_KEY: CI starts Hookbench with a key it already knows. */
  async ensure(key: string, name = 'HOOKBENCH_API_KEY'): Promise<void> {
    if (!this.find(key)) await this.create(name, key);
  }

  /** The key record a presented key belongs to, compared in constant time. */
  find(presented: string): ApiKeyInfo | null {
    if (!presented) return null;
    const given = Buffer.from(hash(presented), 'hex');
    for (const r of this.repo.list() as StoredApiKey[]) {
      const stored = Buffer.from(r.keyHash ?? '', 'hex');
      if (stored.length === given.length && timingSafeEqual(stored, given)) return info(r);
    }
    return null;
  }
}
