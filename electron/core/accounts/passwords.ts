import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/**
 * Passwords are hashed with scrypt from node:crypto: no native module to ship
 * in the Electron package, and memory-hard. The parameters are OWASP's
 * minimum for scrypt (N = 2^17, r = 8, p = 1: 128 MiB and, measured on the
 * 2-core development machine while shared, 430–840 ms per hash). They are
 * stored with each hash, so raising them later re-hashes a password at its
 * next sign-in (see needsRehash) and old hashes keep verifying.
 */
export interface ScryptParams {
  /** log2 of N, the CPU/memory cost. */
  log2n: number;
  r: number;
  p: number;
}

export const DEFAULT_SCRYPT: ScryptParams = { log2n: 17, r: 8, p: 1 };
const KEY_LENGTH = 32;
const SALT_LENGTH = 16;
/** Hashes at once: each takes 128 MiB; more sign-ins than this wait their turn rather than exhaust memory. */
const MAX_CONCURRENT = 2;

let running = 0;
const waiting: (() => void)[] = [];

async function withSlot<T>(fn: () => Promise<T>): Promise<T> {
  if (running >= MAX_CONCURRENT) await new Promise<void>((resolve) => waiting.push(resolve));
  running++;
  try {
    return await fn();
  } finally {
    running--;
    waiting.shift()?.();
  }
}

function derive(password: string, salt: Buffer, params: ScryptParams): Promise<Buffer> {
  const N = 2 ** params.log2n;
  const options: ScryptOptions = {
    N,
    r: params.r,
    p: params.p,
    maxmem: 128 * N * params.r * (params.p + 1) + 1024 * 1024,
  };
  return withSlot(
    () =>
      new Promise((resolve, reject) =>
        scrypt(password.normalize('NFC'), salt, KEY_LENGTH, options, (err, key) => (err ? reject(err) : resolve(key))),
      ),
  );
}

const b64 = (b: Buffer) => b.toString('base64url');

/** `scrypt$ln=17,r=8,p=1$<salt>$<hash>` (base64url), the parameters kept with the hash. */
export async function hashPassword(password: string, params: ScryptParams = DEFAULT_SCRYPT): Promise<string> {
  const salt = randomBytes(SALT_LENGTH);
  const key = await derive(password, salt, params);
  return `scrypt$ln=${params.log2n},r=${params.r},p=${params.p}$${b64(salt)}$${b64(key)}`;
}

function parse(stored: string): { params: ScryptParams; salt: Buffer; key: Buffer } | null {
  const m = /^scrypt\$ln=(\d{1,2}),r=(\d{1,2}),p=(\d{1,2})\$([\w-]+)\$([\w-]+)$/.exec(stored);
  if (!m) return null;
  const params = { log2n: Number(m[1]), r: Number(m[2]), p: Number(m[3]) };
  if (params.log2n < 1 || params.log2n > 22 || params.r < 1 || params.p < 1) return null;
  return { params, salt: Buffer.from(m[4]!, 'base64url'), key: Buffer.from(m[5]!, 'base64url') };
}

/** Compared in constant time; a malformed stored hash never matches. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parsed = parse(stored);
  if (!parsed) return false;
  const key = await derive(password, parsed.salt, parsed.params);
  return key.length === parsed.key.length && timingSafeEqual(key, parsed.key);
}

/** Hashed with weaker parameters than `params`: re-hash it now that the password is known. */
export function needsRehash(stored: string, params: ScryptParams = DEFAULT_SCRYPT): boolean {
  const parsed = parse(stored);
  if (!parsed) return true;
  const p = parsed.params;
  return p.log2n < params.log2n || p.r < params.r || p.p < params.p;
}

/**
 * For an email with no account: a hash of the same cost is still computed, so
 * the answer takes as long as for a wrong password and does not tell which
 * emails have accounts.
 */
export async function burnEquivalentTime(password: string, params: ScryptParams = DEFAULT_SCRYPT): Promise<void> {
  await derive(password, randomBytes(SALT_LENGTH), params);
}

/** A generated password, shown once: 20 characters from 120 bits. */
export function generatePassword(): string {
  return randomBytes(15).toString('base64url');
}
