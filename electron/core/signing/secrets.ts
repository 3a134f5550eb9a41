import { generateKeyPairSync, randomBytes, randomInt } from 'node:crypto';
import type { ProfileId } from '../../../shared/model/signing';
import { SUPABASE_SECRET_PREFIX, WHSEC_PREFIX, whsecProblem } from '../../../shared/validate/secret-format';
import { BoundedMemo } from '../bounded-memo';
import { SigningInputError } from './errors';
import { utf8 } from './bytes';

// The rules live in shared/ so the page can say a secret is wrong before sending it; the core's callers keep importing them here.
export { secretProblem, SUPABASE_SECRET_PREFIX, WHSEC_PREFIX } from '../../../shared/validate/secret-format';

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

function alphanumeric(length: number): string {
  // randomInt draws uniformly, so no modulo bias towards the first characters.
  return Array.from({ length }, () => ALPHANUMERIC[randomInt(ALPHANUMERIC.length)]).join('');
}

/** A new secret in the provider's own format (FusionAuth keys come from fusionauth-keys.ts). */
export function generateSecret(profile: ProfileId): string {
  switch (profile) {
    case 'standard-webhooks':
    case 'svix':
    case 'clerk':
      return WHSEC_PREFIX + randomBytes(32).toString('base64');
    case 'supabase':
      return SUPABASE_SECRET_PREFIX + WHSEC_PREFIX + randomBytes(32).toString('base64');
    case 'workos':
      // WorkOS shows a 25-character alphanumeric secret, used as raw text.
      return alphanumeric(25);
    case 'okta':
      // The value Okta sends in its configured authorization header.
      return alphanumeric(40);
    case 'auth0':
      return `Bearer ${randomBytes(32).toString('base64url')}`;
    case 'kinde':
      return generateKindeKeyPem();
    case 'fief':
      // Python's secrets.token_urlsafe(32): 32 random bytes, base64url without padding.
      return randomBytes(32).toString('base64url');
    case 'logto':
      return alphanumeric(32);
    case 'stripe':
      return WHSEC_PREFIX + alphanumeric(32);
    case 'frontegg':
    case 'fusionauth':
      return randomBytes(32).toString('base64url');
    case 'github':
    case 'custom-hmac':
      return randomBytes(32).toString('hex');
  }
}

export function requireSecrets(secrets: string[], label: string): void {
  if (secrets.length === 0)
    throw new SigningInputError(`No secret given: ${label} needs the endpoint's signing secret.`);
  secrets.forEach((secret, i) => {
    if (secret.trim() === '') {
      const which = secrets.length > 1 ? ` (secret #${i + 1})` : '';
      throw new SigningInputError(`The secret is empty${which}: paste the signing secret of the endpoint (${label}).`);
    }
  });
}

/**
 * The HMAC key of a Standard Webhooks / Svix secret: the base64-decoded bytes
 * after `whsec_`. Errors say what to fix without echoing the secret.
 */
export function decodeWhsec(secret: string, index = 0, count = 1): Buffer {
  const problem = whsecProblem(secret, count > 1 ? ` #${index + 1}` : '');
  if (problem) throw new SigningInputError(problem);
  const body = secret.startsWith(WHSEC_PREFIX) ? secret.slice(WHSEC_PREFIX.length) : secret;
  return Buffer.from(body, 'base64');
}

/** `supabase-whsec`: Supabase shows hook secrets as `v1,whsec_<base64>`; the key is the same decoded bytes. */
export type KeyMode = 'whsec-base64' | 'supabase-whsec' | 'raw';

const decodedKeys = new BoundedMemo<Buffer>(1024);

/** Turns validated secrets into HMAC keys for a profile's key mode; a secret is checked and decoded once, not per message. */
export function hmacKeys(secrets: string[], mode: KeyMode, label: string): Buffer[] {
  requireSecrets(secrets, label);
  return secrets.map((s, i) => {
    if (mode === 'raw') return utf8(s);
    const whsec = mode === 'supabase-whsec' && s.startsWith(SUPABASE_SECRET_PREFIX) ? s.slice(3) : s;
    return decodedKeys.get(whsec, () => decodeWhsec(whsec, i, secrets.length));
  });
}

/** Kinde signs with its tenant's RSA key; Hookbench stands in for it with a PKCS#8 PEM (receivers get the public half as JWKS). */
function generateKindeKeyPem(): string {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
}
