import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { calculateJwkThumbprint, type JWK } from 'jose';
import { BoundedMemo } from '../bounded-memo';
import { SigningInputError } from './errors';
import { requireSecrets } from './secrets';

export interface KindeKey {
  kid: string;
  publicKey: KeyObject;
  privateKey?: KeyObject;
}

const parsed = new BoundedMemo<Promise<KindeKey[]>>(64);

function publicJwk(key: KeyObject): JWK {
  return key.export({ format: 'jwk' }) as JWK;
}

async function fromPublic(publicKey: KeyObject, privateKey?: KeyObject, kid?: string): Promise<KindeKey> {
  if (publicKey.asymmetricKeyType !== 'rsa')
    throw new SigningInputError('Kinde signs with RSA keys (RS256); this key is not RSA.');
  return {
    kid: kid ?? (await calculateJwkThumbprint(publicJwk(publicKey))),
    publicKey,
    ...(privateKey ? { privateKey } : {}),
  };
}

/**
 * What a Kinde "secret" can be: the signing key Hookbench generated (PKCS#8
 * PEM), a public key (SPKI PEM), one JWK, or a JWKS document as Kinde serves
 * it at /.well-known/jwks.json. The kid is the key's JWK thumbprint unless the JWK names one.
 */
async function parseOne(secret: string, index: number, count: number): Promise<KindeKey[]> {
  const which = count > 1 ? ` #${index + 1}` : '';
  const text = secret.trim();
  try {
    if (text.includes('PRIVATE KEY-----')) {
      const privateKey = createPrivateKey(text);
      return [await fromPublic(createPublicKey(privateKey), privateKey)];
    }
    if (text.includes('PUBLIC KEY-----')) return [await fromPublic(createPublicKey(text))];
    if (text.startsWith('{')) {
      const json = JSON.parse(text) as JWK & { keys?: JWK[] };
      const jwks = Array.isArray(json.keys) ? json.keys : [json];
      return Promise.all(
        jwks.map(async (jwk) => {
          const privateKey = jwk.d ? createPrivateKey({ key: jwk as never, format: 'jwk' }) : undefined;
          const publicKey = createPublicKey(privateKey ?? { key: jwk as never, format: 'jwk' });
          return fromPublic(publicKey, privateKey, jwk.kid);
        }),
      );
    }
  } catch (err) {
    if (err instanceof SigningInputError) throw err;
    throw new SigningInputError(`Kinde key${which} could not be read: ${(err as Error).message}.`);
  }
  throw new SigningInputError(
    `Kinde key${which} is not a PEM key, a JWK or a JWKS document. Paste the JWKS from https://<your_subdomain>.kinde.com/.well-known/jwks (or the key Hookbench generated).`,
  );
}

export async function kindeKeys(secrets: string[]): Promise<KindeKey[]> {
  requireSecrets(secrets, 'Kinde (an RSA key, or the tenant JWKS to verify)');
  const all = await Promise.all(secrets.map((s, i) => parsed.get(s, () => parseOne(s, i, secrets.length))));
  return all.flat();
}

/** The JWKS a receiver of this Hookbench-signed Kinde traffic fetches. */
export async function kindeJwks(secrets: string[]): Promise<{ keys: JWK[] }> {
  const keys = await kindeKeys(secrets);
  return { keys: keys.map((k) => ({ ...publicJwk(k.publicKey), kid: k.kid, alg: 'RS256', use: 'sig' })) };
}
