import { chmodSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { join } from 'node:path';

/**
 * Encrypts secrets (signing secrets, private keys, API keys) before they reach
 * the settings file. The desktop app uses Electron safeStorage (OS keychain);
 * headless mode uses an AES-256-GCM key kept in a 0600 file in the data dir.
 */
export interface SecretBox {
  /** Short name recorded in every ciphertext, so a value is never fed to the wrong backend. */
  readonly backend: string;
  encrypt(plain: string): string;
  decrypt(boxed: string): string;
  /** Set when the backend protects less than it should (e.g. safeStorage's basic_text on Linux). */
  readonly warning?: string;
}

/** Messages never include ciphertext or plaintext, so they are safe to log and show. */
export class SecretBoxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SecretBoxError';
  }
}

const PREFIX = 'hb1';

export function boxString(backend: string, payload: Buffer): string {
  return `${PREFIX}:${backend}:${payload.toString('base64')}`;
}

export function unboxString(backend: string, boxed: string): Buffer {
  const [prefix, from, data] = boxed.split(':');
  if (prefix !== PREFIX || data === undefined)
    throw new SecretBoxError("a stored secret is not in Hookbench's encrypted format");
  if (from !== backend)
    throw new SecretBoxError(`a stored secret was encrypted with "${from}", but this run uses "${backend}"`);
  return Buffer.from(data, 'base64');
}

export function isBoxed(value: unknown): value is string {
  return typeof value === 'string' && value.startsWith(`${PREFIX}:`);
}

export const KEY_FILE = 'secret.key';

/**
 * Reads `<dataDir>/secret.key`, creating a random 32-byte key (mode 0600) on
 * first use. A key file of the wrong size (truncated, overwritten) is moved
 * aside, never deleted, and a new key is made: secrets sealed with the old one
 * then show as unavailable, each named in a notice, until re-entered (or the
 * old file is put back). `moved` says where it went.
 */
export function loadOrCreateKey(dataDir: string, now = Date.now()): { key: Buffer; moved: string | null } {
  const path = join(dataDir, KEY_FILE);
  let moved: string | null = null;
  for (;;) {
    try {
      writeFileSync(path, randomBytes(32), { mode: 0o600, flag: 'wx' });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    if (process.platform !== 'win32' && (statSync(path).mode & 0o077) !== 0) chmodSync(path, 0o600);
    const key = readFileSync(path);
    if (key.length === 32) return { key, moved };
    if (moved) throw new SecretBoxError(`${path} could not be replaced by a 32-byte key`);
    moved = `${path}.unreadable-${new Date(now).toISOString().replace(/[:.]/g, '-')}`;
    renameSync(path, moved);
  }
}

export function createKeyFileSecretBox(dataDir: string): SecretBox {
  const { key, moved } = loadOrCreateKey(dataDir);
  const box = secretBoxFromKey(key, KEY_FILE);
  return moved
    ? {
        ...box,
        warning: `The secret key file was not a 32-byte key; it was moved to ${moved} and a new key was made. Secrets sealed with the old key are unavailable until re-entered (or the old file is put back).`,
      }
    : box;
}

/** AES-256-GCM with a 32-byte key; `source` names where the key came from in the messages. */
export function secretBoxFromKey(key: Buffer, source: string): SecretBox {
  if (key.length !== 32) throw new SecretBoxError(`${source} is not a 32-byte key`);
  const backend = 'aesgcm';
  return {
    backend,
    encrypt(plain) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return boxString(backend, Buffer.concat([iv, cipher.getAuthTag(), data]));
    },
    decrypt(boxed) {
      const raw = unboxString(backend, boxed);
      if (raw.length < 28) throw new SecretBoxError('a stored secret is damaged');
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
        decipher.setAuthTag(raw.subarray(12, 28));
        return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
      } catch {
        throw new SecretBoxError(`a stored secret could not be decrypted with ${source} (was the key replaced?)`);
      }
    },
  };
}
