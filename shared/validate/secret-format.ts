import type { ProfileId } from '../model/signing';

/**
 * Secret formats per signing profile, shared by the core (which refuses a
 * secret that can never work when it is saved) and the page (which says so
 * before anything is sent).
 */
export const WHSEC_PREFIX = 'whsec_';
/** Supabase shows hook secrets as `v1,whsec_<base64>`. */
export const SUPABASE_SECRET_PREFIX = 'v1,';
const MIN_WHSEC_BYTES = 24;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/**
 * Why a Standard Webhooks / Svix secret is unusable, or null: `whsec_` then the
 * base64 of 24–64 random bytes (the HMAC key). Never echoes the secret.
 */
export function whsecProblem(secret: string, which = ''): string | null {
  if (secret.startsWith(SUPABASE_SECRET_PREFIX + WHSEC_PREFIX))
    return `Secret${which} starts with "v1,whsec_", as Supabase shows hook secrets: choose the supabase profile, or drop the "v1," prefix.`;
  const body = secret.startsWith(WHSEC_PREFIX) ? secret.slice(WHSEC_PREFIX.length) : secret;
  if (/\s/.test(secret))
    return `Secret${which} contains whitespace: copy it again without spaces or line breaks (expected whsec_ followed by base64).`;
  if (body === '') return `Secret${which} is only the "whsec_" prefix: the base64 part after it is missing.`;
  if (!BASE64.test(body) || body.length % 4 !== 0) {
    const hint = /[-_]/.test(body)
      ? ' It contains - or _, which is base64url; Standard Webhooks uses standard base64 (+ and /, padded with =).'
      : '';
    return `Secret${which} is not valid base64 after "whsec_" (${body.length} characters; base64 uses A-Z a-z 0-9 + / and = padding to a multiple of 4).${hint}`;
  }
  const bytes = (body.length / 4) * 3 - (body.endsWith('==') ? 2 : body.endsWith('=') ? 1 : 0);
  if (bytes < MIN_WHSEC_BYTES)
    return `Secret${which} decodes to ${bytes} bytes; a whsec_ secret holds 24 to 64 random bytes. Check it was copied whole.`;
  return null;
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
  problem: (secret) => whsecProblem(secret),
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
