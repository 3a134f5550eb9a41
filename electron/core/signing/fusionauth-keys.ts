import { randomBytes, randomUUID } from 'node:crypto';
import { exportJWK, exportSPKI, generateKeyPair, importJWK, type CryptoKey, type JWK } from 'jose';
import { fusionAuthAlgorithms, type FusionAuthAlgorithm, type FusionAuthKey } from '../../../shared/model/signing';
import { utf8 } from './bytes';
import { SigningInputError } from './errors';

const HMAC_BYTES: Record<string, number> = { HS256: 32, HS384: 48, HS512: 64 };
const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'];

export const isHmacAlg = (alg: string) => alg.startsWith('HS');

/** The kid FusionAuth keys made from a plain `--secret` get, so receivers can still look them up. */
export const PLAIN_SECRET_KID = 'hookbench-hs256';

/**
 * A new signing key as plain JSON (JWKs, not CryptoKeys) so the store can
 * persist it and the UI can show its public half.
 */
export async function generateFusionAuthKey(
  alg: FusionAuthAlgorithm,
  kid: string = randomUUID(),
): Promise<FusionAuthKey> {
  if (isHmacAlg(alg)) return { kid, alg, secret: randomBytes(HMAC_BYTES[alg]!).toString('base64url') };
  const pair = await generateKeyPair(alg, { extractable: true, ...(alg === 'EdDSA' ? { crv: 'Ed25519' } : {}) });
  const privateJwk = { ...(await exportJWK(pair.privateKey)), kid, alg };
  const publicJwk = { ...(await exportJWK(pair.publicKey)), kid, alg, use: 'sig' };
  return { kid, alg, privateJwk, publicJwk };
}

export function validateKey(key: FusionAuthKey, index: number): void {
  const which = `FusionAuth key #${index + 1}${key.kid ? ` (kid "${key.kid}")` : ''}`;
  if (!(fusionAuthAlgorithms as readonly string[]).includes(key.alg))
    throw new SigningInputError(
      `${which} has unsupported alg "${key.alg}"; use one of ${fusionAuthAlgorithms.join(', ')}.`,
      'keys',
    );
  if (isHmacAlg(key.alg) && !key.secret)
    throw new SigningInputError(`${which} is an HMAC key without a secret.`, 'keys');
  if (!isHmacAlg(key.alg) && !key.privateJwk && !key.publicJwk)
    throw new SigningInputError(`${which} has neither a private nor a public JWK.`, 'keys');
}

function publicPart(jwk: Record<string, unknown>): JWK {
  return Object.fromEntries(Object.entries(jwk).filter(([k]) => !PRIVATE_MEMBERS.includes(k))) as JWK;
}

/** Imported once per key object: the engine signs every attempt with the same one, and an RSA import costs more than the signature. */
const importedPrivate = new WeakMap<FusionAuthKey, Promise<CryptoKey>>();

export async function signingKey(key: FusionAuthKey): Promise<CryptoKey | Uint8Array> {
  if (isHmacAlg(key.alg)) return utf8(key.secret!);
  if (!key.privateJwk)
    throw new SigningInputError(
      `FusionAuth key "${key.kid}" holds only a public key: it can verify but not sign.`,
      'keys',
    );
  let imported = importedPrivate.get(key);
  if (!imported) {
    imported = importPrivate(key);
    importedPrivate.set(key, imported);
    imported.catch(() => importedPrivate.delete(key));
  }
  return imported;
}

/** A JWK that cannot sign is the caller's mistake: a field error naming the key, not a crash in the JWT library. */
async function importPrivate(key: FusionAuthKey): Promise<CryptoKey> {
  const which = `FusionAuth key "${key.kid}"`;
  if (typeof key.privateJwk?.d !== 'string')
    throw new SigningInputError(`${which}: its private JWK has no private part ("d"); paste the private key.`, 'keys');
  let imported: CryptoKey;
  try {
    imported = (await importJWK(key.privateJwk as JWK, key.alg)) as CryptoKey;
  } catch (err) {
    throw new SigningInputError(
      `${which}: its private JWK cannot be used with ${key.alg} (${(err as Error).message}).`,
      'keys',
    );
  }
  if (imported.type !== 'private')
    throw new SigningInputError(`${which}: its JWK is not a private ${key.alg} key.`, 'keys');
  return imported;
}

/** Imports the key once, so a malformed JWK is refused when it is saved, not when the first delivery is signed. */
export async function checkKeyUsable(key: FusionAuthKey, index = 0): Promise<void> {
  validateKey(key, index);
  if (isHmacAlg(key.alg)) return;
  if (key.privateJwk) await signingKey(key);
  else await verificationKey(key);
}

export async function verificationKey(key: FusionAuthKey): Promise<CryptoKey | Uint8Array> {
  if (isHmacAlg(key.alg)) return utf8(key.secret!);
  const jwk = key.publicJwk ?? publicPart(key.privateJwk!);
  try {
    return (await importJWK(jwk as JWK, key.alg)) as CryptoKey;
  } catch (err) {
    throw new SigningInputError(
      `FusionAuth key "${key.kid}": its JWK cannot be used with ${key.alg} (${(err as Error).message}).`,
      'keys',
    );
  }
}

/** The PEM (SPKI) a receiver pastes into its verifier. */
export async function publicKeyPem(key: FusionAuthKey): Promise<string> {
  if (isHmacAlg(key.alg))
    throw new SigningInputError(
      `FusionAuth key "${key.kid}" is an HMAC key: it has no public key; share the secret with the receiver instead.`,
      'keys',
    );
  return exportSPKI((await verificationKey(key)) as CryptoKey);
}

/** A JWKS document of the asymmetric keys, as FusionAuth serves at /.well-known/jwks.json. */
export function jwks(keys: FusionAuthKey[]): { keys: JWK[] } {
  return {
    keys: keys
      .filter((k) => !isHmacAlg(k.alg))
      .map((k) => ({ ...publicPart((k.publicJwk ?? k.privateJwk)!), kid: k.kid, alg: k.alg, use: 'sig' })),
  };
}
