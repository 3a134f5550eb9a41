import { hash as digest, randomBytes, randomUUID } from 'node:crypto';
import type { ApiKeyInfo, CreatedApiKey } from '../../../shared/model/api-key';
import type { SettingsChange, SettingsCollection } from '../store/port';
import type { ApiKeyRecord } from '../store/settings/records';

/** A key as the store knows it: the account it acts for by id (ApiKeyInfo's `user` is resolved from it). */
export interface KeyRecordInfo extends Omit<ApiKeyInfo, 'user'> {
  /** null: a key of the local owner (before accounts, or HOOKBENCH_API_KEY), acting as an admin. */
  userId: string | null;
}

/** Only the key's SHA-256 is stored: enough to check a presented key, useless to recover it. */
type StoredApiKey = ApiKeyRecord;

// The one-shot digest: every REST request hashes the presented key, and a Hash object per call costs twice as much.
const hash = (key: string) => digest('sha256', key, 'hex');

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
 *
 * Every REST request (and every captured request, which the receiver checks
 * for credentials) asks `find`, so the keys are indexed by hash once and the
 * index is dropped on any change: one made here, or another node's (team
 * mode's settings feed). Whose key it is, and whether that account may still
 * use it, is read per request by the caller (Accounts.keyCaller).
 */
export class ApiKeys {
  /** Each key's SHA-256 (hex) → its record; null until first asked, and after a change. */
  private byHash: Map<string, Readonly<KeyRecordInfo>> | null = null;
  private readonly unsubscribe: () => void;

  constructor(
    private readonly repo: SettingsCollection<ApiKeyRecord>,
    private readonly now: () => number,
    externalChanges?: (listener: (change: SettingsChange) => void) => () => void,
  ) {
    this.unsubscribe =
      externalChanges?.((change) => {
        if (change === 'apiKeys') this.invalidate();
      }) ?? (() => undefined);
  }

  /** The keys changed: the next find reads them again. */
  invalidate(): void {
    this.byHash = null;
  }

  close(): void {
    this.unsubscribe();
    this.invalidate();
  }

  private index(): Map<string, Readonly<KeyRecordInfo>> {
    return new Map(this.repo.peekAll().map((r) => [r.keyHash, Object.freeze(info(r))]));
  }

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
    try {
      await this.repo.upsert(record);
    } finally {
      this.invalidate();
    }
    return { ...info(record), key };
  }

  async revoke(id: string): Promise<boolean> {
    try {
      return await this.repo.remove(id);
    } finally {
      this.invalidate();
    }
  }

  /** For HOOKBENCH_API_KEY: CI starts Hookbench with a key it already knows; a guessable one is refused. */
  async ensure(key: string, name = 'HOOKBENCH_API_KEY'): Promise<void> {
    const weakness = apiKeyWeakness(key);
    if (weakness) throw new WeakApiKeyError(weakness);
    if (!this.find(key)) await this.create(name, null, key);
  }

  /**
   * The key record a presented key belongs to (frozen: shared between requests).
   * Looked up by the key's SHA-256: the lookup's timing can tell at most
   * something about a hash, from which no key can be made.
   */
  find(presented: string): Readonly<KeyRecordInfo> | null {
    if (!presented) return null;
    const h = hash(presented);
    const found = (this.byHash ??= this.index()).get(h);
    if (!found) return null;
    // A record removed or rewritten by a path that did not say so is not trusted from the index: read again.
    if (this.repo.peek(found.id)?.keyHash === h) return found;
    this.invalidate();
    return (this.byHash = this.index()).get(h) ?? null;
  }
}
