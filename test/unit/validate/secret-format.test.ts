import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { generateSecret } from '../../../electron/core/signing';
import { profileIds, type ProfileId } from '../../../shared/model/signing';
import { inboxMethods } from '../../../shared/api/methods/inbox';
import { createSubscriptionInput } from '../../../shared/api/methods/subscriptions';
import { CREDENTIAL_MASK } from '../../../shared/security/credential-headers';
import { secretProblem, secretRules, whsecProblem } from '../../../shared/validate/secret-format';

const whsec = (bytes: number) => `whsec_${randomBytes(bytes).toString('base64')}`;
const PEM = '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----\n';

/** Per profile: secrets the provider could issue, and ones it never would with the message that says why. */
const cases: Record<ProfileId, { good: string[]; bad: [string, RegExp][] }> = {
  'standard-webhooks': {
    good: [whsec(24), whsec(32), whsec(64), 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'],
    bad: [
      ['whsec_', /only the "whsec_" prefix/],
      ['whsec_bad!!', /not valid base64 after "whsec_" \(5 characters/],
      ['whsec_abc-def_ghijklmnopqrstuvwxyzABCD', /base64url/],
      ['whsec_c2hvcnQ=', /decodes to 5 bytes; a whsec_ secret holds 24 to 64/],
      ['v1,whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', /choose the supabase profile/],
      ['whsec_MfKQ9r8GKYqr TwjUPD8ILPZIo2LaLaSw', /contains whitespace/],
    ],
  },
  svix: { good: [whsec(32)], bad: [['whsec_c2hvcnQ=', /decodes to 5 bytes/]] },
  clerk: { good: [whsec(24)], bad: [['whsec_bad!!', /not valid base64/]] },
  supabase: {
    good: [`v1,${whsec(32)}`, whsec(32)],
    bad: [
      ['v1,whsec_', /only the "whsec_" prefix/],
      ['v1,whsec_c2hvcnQ=', /decodes to 5 bytes/],
    ],
  },
  kinde: {
    good: [PEM, '{"keys":[]}', '{"kty":"RSA","n":"abc","e":"AQAB"}'],
    bad: [
      ['a bare token', /A Kinde key is a PEM key, a JWK or a JWKS document/],
      ['"a json string"', /A Kinde key is a PEM key/],
    ],
  },
  workos: { good: ['k8Jd93nQ0aZ1xY2wV3uT4sR5q'], bad: [[' k8Jd93nQ0aZ1xY2wV3uT4sR5q', /starts or ends with spaces/]] },
  okta: { good: ['anything-the-user-configured'], bad: [['', /The secret is empty/]] },
  auth0: { good: ['Bearer abc.def'], bad: [['Bearer abc\ndef', /control characters/]] },
  stripe: {
    good: ['whsec_0123456789abcdefABCDEF'],
    bad: [
      ['sk_test_0123456789abcdef', /does not start with whsec_/],
      ['whsec_short', /holds other characters or is too short/],
      ['whsec_0123456789abcdef+/==', /holds other characters or is too short/],
    ],
  },
  logto: {
    good: ['0123456789abcdefghijABCDEFGHIJkl'],
    bad: [
      ['0123456789abcdef', /32 letters and digits \(this one is 16 characters\)/],
      ['0123456789abcdefghijABCDEFGHIJk-', /is 32 characters and holds other characters/],
    ],
  },
  fief: {
    good: [randomBytes(32).toString('base64url'), 'abc_DEF-0123456789'],
    bad: [
      ['short-token', /at least 16; this one is 11 characters\)/],
      ['abcdefghijklmnop+/', /and holds other characters/],
    ],
  },
  frontegg: { good: ['my own secret'], bad: [['   ', /The secret is empty/]] },
  fusionauth: { good: ['hmac-secret'], bad: [['hmac-secret\t', /starts or ends with spaces/]] },
  github: { good: ['s3cret with spaces inside'], bad: [['line\u0007bell', /control characters/]] },
  'custom-hmac': { good: ['x'], bad: [['x\n', /starts or ends with spaces/]] },
};

describe('secret formats per profile (shared by the core and the page)', () => {
  it('has a rule and examples for every profile', () => {
    expect(Object.keys(secretRules).sort()).toEqual([...profileIds].sort());
    expect(Object.keys(cases).sort()).toEqual([...profileIds].sort());
  });

  describe.each(profileIds)('%s', (profile) => {
    it.each(cases[profile].good.map((s) => [s]))('accepts %j', (secret) => {
      expect(secretProblem(profile, secret)).toBeNull();
    });
    it.each(cases[profile].bad)('refuses %j, saying why without echoing it', (secret, message) => {
      // (a bare prefix such as whsec_ may be named; anything longer is the user's secret)
      const problem = secretProblem(profile, secret);
      expect(problem).toMatch(message);
      if (secret.trim().length > 10) expect(problem).not.toContain(secret.trim());
    });
  });

  it('accepts every secret the core generates for its profile', async () => {
    for (const profile of profileIds) {
      const { secret } = await generateSecret(profile);
      if (secret !== undefined) expect(secretProblem(profile, secret), profile).toBeNull();
    }
  });

  it('counts decoded bytes as Node does, without Buffer (shared code runs in the page)', () => {
    for (let n = 1; n <= 70; n++) {
      const body = randomBytes(n).toString('base64');
      const problem = whsecProblem(`whsec_${body}`);
      if (n < 24) expect(problem).toContain(`decodes to ${n} bytes`);
      else expect(problem).toBeNull();
    }
  });

  it('names which secret of several is wrong', () => {
    expect(whsecProblem('whsec_', ' #2')).toMatch(/^Secret #2 is only the "whsec_" prefix/);
  });
});

describe('the contract refuses a secret that cannot work, before any handler runs', () => {
  it('createSubscription: a field error on secret, with the rule’s message', () => {
    const base = { name: 'a', url: 'http://127.0.0.1:3000/hooks' };
    const parsed = createSubscriptionInput.safeParse({ ...base, secret: 'whsec_bad!!' });
    expect(parsed.success).toBe(false);
    expect(parsed.error!.issues).toEqual([
      expect.objectContaining({ path: ['secret'], message: secretProblem('standard-webhooks', 'whsec_bad!!') }),
    ]);
    expect(createSubscriptionInput.safeParse({ ...base, profile: 'github', secret: 'whsec_bad!!' }).success).toBe(true);
    expect(createSubscriptionInput.safeParse(base).success).toBe(true);
  });

  it('inbox verification: each wrong entry named, masked entries (secrets the core holds) let through', () => {
    const input = inboxMethods.updateInbox.input;
    const verification = (secrets: string[]) => ({ id: 'i1', verification: { profile: 'svix', secrets } });
    const parsed = input.safeParse(verification([whsec(32), 'whsec_c2hvcnQ=']));
    expect(parsed.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([
      ['verification.secrets.1', secretProblem('svix', 'whsec_c2hvcnQ=')],
    ]);
    expect(input.safeParse(verification([`${CREDENTIAL_MASK}LaSw`, whsec(24)])).success).toBe(true);
  });
});
