import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createKeyFileSecretBox } from '../../../electron/core/store/secret-box';
import { createSafeStorageSecretBox, type SafeStorageLike } from '../../../electron/main/secret-box-safe-storage';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hookbench-box-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe('key-file secret box', () => {
  it('round-trips, uses a fresh IV each time and reuses the key across runs', () => {
    const box = createKeyFileSecretBox(dir);
    const a = box.encrypt('whsec_abc');
    expect(a).not.toContain('whsec_abc');
    expect(box.encrypt('whsec_abc')).not.toBe(a);
    expect(createKeyFileSecretBox(dir).decrypt(a)).toBe('whsec_abc');
  });

  it('refuses tampered ciphertext, another key or another backend without echoing the value', async () => {
    const box = createKeyFileSecretBox(dir);
    const boxed = box.encrypt('whsec_secret');
    const tampered = boxed.slice(0, -4) + (boxed.endsWith('AAAA') ? 'BBBB' : 'AAAA');
    expect(() => box.decrypt(tampered)).toThrow(/could not be decrypted/);
    const other = await mkdtemp(join(tmpdir(), 'hookbench-box-'));
    try {
      expect(() => createKeyFileSecretBox(other).decrypt(boxed)).toThrow(/could not be decrypted/);
    } finally {
      await rm(other, { recursive: true, force: true });
    }
    expect(() => box.decrypt('hb1:safestorage:AAAA')).toThrow(/encrypted with "safestorage"/);
    expect(() => box.decrypt('whsec_secret')).not.toThrow(/whsec_secret/);
  });

  it('moves a key file of the wrong size aside, says so, and makes a new key', async () => {
    await writeFile(join(dir, 'secret.key'), 'short', { mode: 0o600 });
    const box = createKeyFileSecretBox(dir);
    expect(box.warning).toMatch(/was not a 32-byte key; it was moved to .*secret\.key\.unreadable-/);
    expect(readdirSync(dir).filter((f) => f.startsWith('secret.key.unreadable-'))).toHaveLength(1);
    expect(box.decrypt(box.encrypt('x'))).toBe('x');
  });
});

describe('safeStorage secret box', () => {
  const fake = (backend: string, available = true): SafeStorageLike => ({
    isEncryptionAvailable: () => available,
    encryptString: (s) => Buffer.from([...Buffer.from(s)].map((b) => b ^ 0x5a)),
    decryptString: (b) => Buffer.from([...b].map((x) => x ^ 0x5a)).toString(),
    getSelectedStorageBackend: () => backend,
  });

  it('round-trips through safeStorage', () => {
    const box = createSafeStorageSecretBox(fake('gnome_libsecret'), 'linux')!;
    expect(box.warning).toBeUndefined();
    const boxed = box.encrypt('sk_live_1');
    expect(boxed).toMatch(/^hb1:safestorage:/);
    expect(box.decrypt(boxed)).toBe('sk_live_1');
  });

  it('warns about basic_text on Linux only', () => {
    expect(createSafeStorageSecretBox(fake('basic_text'), 'linux')!.warning).toMatch(/basic_text/);
    expect(createSafeStorageSecretBox(fake('basic_text'), 'darwin')!.warning).toBeUndefined();
  });

  it('is unavailable when safeStorage cannot encrypt', () => {
    expect(createSafeStorageSecretBox(fake('unknown', false), 'linux')).toBeNull();
  });
});
