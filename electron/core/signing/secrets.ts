import { generateKeyPairSync, randomBytes, randomInt } from 'node:crypto';
import type { ProfileId } from '../../../shared/model/signing';
import { BoundedMemo } from '../bounded-memo';
import { SigningInputError } from './errors';
import { utf8 } from './bytes';

export const WHSEC_PREFIX = 'whsec_';
/** Supabase shows hook secrets as `v1,whsec_<base64>`. */
export const SUPABASE_SECRET_PREFIX = 'v1,';
const MIN_WHSEC_BYTES = 24;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
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
  const which = count > 1 ? ` #${index + 1}` : '';
  if (secret.startsWith(SUPABASE_SECRET_PREFIX + WHSEC_PREFIX))
    throw new SigningInputError(
      `Secret${which} starts with "v1,whsec_", as Supabase shows hook secrets: choose the supabase profile, or drop the "v1," prefix.`,
    );
  const body = secret.startsWith(WHSEC_PREFIX) ? secret.slice(WHSEC_PREFIX.length) : secret;
  if (/\s/.test(secret)) {
    throw new SigningInputError(
      `Secret${which} contains whitespace: copy it again without spaces or line breaks (expected whsec_ followed by base64).`,
    );
  }
  if (body === '')
    throw new SigningInputError(`Secret${which} is only the "whsec_" prefix: the base64 part after it is missing.`);
  if (!BASE64.test(body) || body.length % 4 !== 0) {
    const hint = /[-_]/.test(body)
      ? ' It contains - or _, which is base64url; Standard Webhooks uses standard base64 (+ and /, padded with =).'
      : '';
    throw new SigningInputError(
      `Secret${which} is not valid base64 after "whsec_" (${body.length} characters; base64 uses A-Z a-z 0-9 + / and = padding to a multiple of 4).${hint}`,
    );
  }
  const key = Buffer.from(body, 'base64');
  if (key.length < MIN_WHSEC_BYTES) {
    throw new SigningInputError(
      `Secret${which} decodes to ${key.length} bytes; a whsec_ secret holds 24 to 64 random bytes. Check it was copied whole.`,
    );
  }
  return key;
}

/**
 * What a saved secret must look like, per profile: one table for every place a
 * secret is saved (subscriptions, inbox verification, from the UI, REST, the
 * FusionAuth API or the CLI), so a secret that can never work is refused with a
 * message naming the field when it is saved, not discovered at delivery time.
 * A new profile must add its rule here (the Record makes the build say so).
 */
export interface SecretRule {
  /** What the provider issues, for messages. */
  format: string;
  /** Why this secret cannot be the provider's, or null; never echoes the secret. */
  problem(secret: string): string | null;
  /** The secret is a document (a PEM key, a JWKS) whose line breaks belong to it. */
  multiline?: true;
}

const freeForm = (format: string): SecretRule => ({ format, problem: () => null });

const whsecRule: SecretRule = {
  format: 'whsec_ followed by the base64 of 24 to 64 random bytes',
  problem: (secret) => {
    try {
      decodeWhsec(secret);
      return null;
    } catch (err) {
      return (err as Error).message;
    }
  },
};

export const secretRules: Record<ProfileId, SecretRule> = {
  'standard-webhooks': whsecRule,
  svix: whsecRule,
  clerk: whsecRule,
  supabase: {
    format: 'v1,whsec_ followed by base64, as Supabase shows it',
    problem: (secret) =>
      whsecRule.problem(
        secret.startsWith(SUPABASE_SECRET_PREFIX) ? secret.slice(SUPABASE_SECRET_PREFIX.length) : secret,
      ),
  },
  kinde: {
    format: 'a PEM key, a JWK or a JWKS document',
    multiline: true,
    problem: (secret) => {
      const text = secret.trim();
      if (text.startsWith('-----BEGIN ')) return null;
      try {
        if (typeof JSON.parse(text) === 'object') return null;
      } catch {
        // not JSON either
      }
      return 'A Kinde key is a PEM key, a JWK or a JWKS document (the JWKS from https://<your_subdomain>.kinde.com/.well-known/jwks).';
    },
  },
  workos: freeForm('the secret WorkOS shows for the endpoint'),
  okta: freeForm('the value of the authorization header you configured in Okta'),
  auth0: freeForm('the authorization token of the log stream'),
  stripe: {
    format: 'whsec_ followed by letters and digits',
    problem: (secret) =>
      /^whsec_[A-Za-z0-9]{16,}$/.test(secret)
        ? null
        : `A Stripe signing secret is "whsec_" followed by letters and digits (this one ${secret.startsWith(WHSEC_PREFIX) ? 'holds other characters or is too short' : 'does not start with whsec_'}).`,
  },
  logto: {
    format: '32 letters and digits',
    problem: (secret) =>
      /^[0-9A-Za-z]{32}$/.test(secret)
        ? null
        : `A Logto signing key is 32 letters and digits (this one is ${secret.length} characters${/[^0-9A-Za-z]/.test(secret) ? ' and holds other characters' : ''}).`,
  },
  fief: {
    format: 'a URL-safe token (letters, digits, - and _)',
    problem: (secret) =>
      /^[A-Za-z0-9_-]{16,}$/.test(secret)
        ? null
        : `A Fief webhook secret is a URL-safe token of letters, digits, - and _ (at least 16; this one is ${secret.length} characters${/[^A-Za-z0-9_-]/.test(secret) ? ' and holds other characters' : ''}).`,
  },
  frontegg: freeForm('any text you choose'),
  fusionauth: freeForm('an HMAC secret, or a signing key'),
  github: freeForm('any text you choose'),
  'custom-hmac': freeForm('any text you choose'),
};

/** Spaces or control characters around or inside a pasted secret are a copy mistake (for one-line secrets). */
function pasteProblem(secret: string, multiline = false): string | null {
  if (secret.trim() === '') return 'The secret is empty.';
  if (multiline) return null;
  if (secret.trim() !== secret) return 'The secret starts or ends with spaces or a line break: copy it again.';
  if ([...secret].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f))
    return 'The secret holds control characters (a line break?): copy it again.';
  return null;
}

/** Why `secret` cannot be saved for `profile`, or null when it can. */
export function secretProblem(profile: ProfileId, secret: string): string | null {
  const rule = secretRules[profile];
  return pasteProblem(secret, rule.multiline) ?? rule.problem(secret);
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
