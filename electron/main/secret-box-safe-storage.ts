import { boxString, SecretBoxError, unboxString, type SecretBox } from '../core/store/secret-box';

/** The part of Electron's `safeStorage` we use; passed in so tests can hand a fake. */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plain: string): Buffer;
  decryptString(encrypted: Buffer): string;
  getSelectedStorageBackend?(): string;
}

/**
 * SecretBox over the OS keychain (Keychain, DPAPI, libsecret/kwallet). Returns
 * null when encryption is unavailable so the caller can fall back to the key file.
 */
export function createSafeStorageSecretBox(
  safeStorage: SafeStorageLike,
  platform: NodeJS.Platform = process.platform,
): SecretBox | null {
  if (!safeStorage.isEncryptionAvailable()) return null;
  const backend = 'safestorage';
  // On Linux without a keyring, Electron falls back to a hard-coded password: obfuscation, not protection.
  const weak = platform === 'linux' && safeStorage.getSelectedStorageBackend?.() === 'basic_text';
  return {
    backend,
    warning: weak
      ? 'No system keyring was found (safeStorage uses "basic_text"), so stored secrets are only obfuscated. Install and unlock gnome-keyring or KWallet to protect them.'
      : undefined,
    encrypt: (plain) => boxString(backend, safeStorage.encryptString(plain)),
    decrypt(boxed) {
      const data = unboxString(backend, boxed);
      try {
        return safeStorage.decryptString(data);
      } catch {
        throw new SecretBoxError(
          'a stored secret could not be decrypted by the system keyring (was the keyring reset?)',
        );
      }
    },
  };
}
