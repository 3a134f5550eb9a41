import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import type { ApiKeyInfo, CreatedApiKey } from '../../../shared/model/api-key';
import type { SettingsCollection } from '../store/port';
import type { ApiKeyRecord } from '../store/settings/records';

/** A key as the store knows it: the account it acts for by id (ApiKeyInfo's `user` is resolved from it). */
export interface KeyRecordInfo extends Omit<ApiKeyInfo, 'user'> {
  /** null: a key of the local owner (before accounts, or HOOKBENCH_API_KEY), acting as an admin. */
  userId: string | null;
}

/** Only the key's SHA-256 is stored: enough to check a presented key, useless to recover it. */
type StoredApiKey = ApiKeyRecord;

const hash = (key: string) => createHash('sha256').update(key, 'utf8').digest('hex');

export const MIN_API_KEY_LENGTH = 20;

/** A key given from outside (HOOKBENCH_API_KEY) that anyone could guess is refused at start, with how to make one. */
export class WeakApiKeyError extends Error {
  constructor(reason: string) {
    super(
      `HOOKBENCH_API_KEY is too weak: ${reason}. Use at least ${MIN_API_KEY_LENGTH} random characters, e.g. the output of "openssl rand -base64 24".`,
    );
    this.name = 'WeakApiKeyError';
  }
}

export function apiKeyWeakness(key: string): string | null {
  if (key.length < MIN_API_KEY_LENGTH) return `it is ${key.length} characters long`;
  if (new Set(key).size < 8) return 'it repeats too few different characters';
  if (/\s/.test(key)) return 'it holds spaces or line breaks';
  return null;
}

function info(r: StoredApiKey): KeyRecordInfo {
  return {
    id: r.id,
    name: r.name,
    hint: r.hint,
    createdAt: r.createdAt,
    lastUsedAt: r.lastUsedAt ?? null,
    userId: r.userId ?? null,
  };
}

/**
 * API keys for the REST doors. Keys are random 32-byte tokens shown once; the
 * settings file keeps only their hash, so a leaked settings file leaks no key.
 */
export class ApiKeys {
  constructor(
    private readonly repo: SettingsCollection<ApiKeyRecord>,
    private readonly now: () => number,
  ) {}

  list(): KeyRecordInfo[] {
    return this.repo.list().map(info);
  }

  /** A new key acting for `userId` (null: the local owner's, an admin key). */
  async create(
    name: string,
    userId: string | null = null,
    key = `hbk_${randomBytes(32).toString('base64url')}`,
  ): Promise<KeyRecordInfo & Pick<CreatedApiKey, 'key'>> {
    const record: StoredApiKey = {
      id: randomUUID(),
      name,
      hint: key.slice(-4),
      keyHash: hash(key),
      createdAt: new Date(this.now()).toISOString(),
      lastUsedAt: null,
      userId,
    };
    await this.repo.upsert(record);
    return { ...info(record), key };
  }

  async revoke(id: string): Promise<boolean> {
    return this.repo.remove(id);
  }

  /** For HOOKBENCH_API_KEY: CI starts Hookbench with a key it already knows; a guessable one is refused. */
  async ensure(key: string, name = 'HOOKBENCH_API_KEY'): Promise<void> {
    const weakness = apiKeyWeakness(key);
    if (weakness) throw new WeakApiKeyError(weakness);
    if (!this.find(key)) await this.create(name, null, key);
  }

  /** The key record a presented key belongs to, compared in constant time. */
  find(presented: string): KeyRecordInfo | null {
    if (!presented) return null;
    const given = Buffer.from(hash(presented), 'hex');
    for (const r of this.repo.list() as StoredApiKey[]) {
      const stored = Buffer.from(r.keyHash ?? '', 'hex');
      if (stored.length === given.length && timingSafeEqual(stored, given)) return info(r);
    }
    return null;
  }
}
