import { SignJWT } from 'jose';
import type { FusionAuthKey, ProfileInfo } from '../../../shared/model/signing';
import { bodyPreview } from './bytes';
import { SigningInputError } from './errors';
import { PLAIN_SECRET_KID, signingKey, validateKey, verificationKey } from './fusionauth-keys';
import { bodySha256, verifyBodyHashJwt } from './jwt-verify';
import { SECONDS, type SigningProfile } from './profile';
import { requireSecrets } from './secrets';

export const FUSIONAUTH_HEADER = 'X-FusionAuth-Signature-JWT';

export const fusionAuthInfo: ProfileInfo = {
  id: 'fusionauth',
  label: 'FusionAuth',
  description:
    'FusionAuth 1.48+: a JWT in X-FusionAuth-Signature-JWT whose claim request_body_sha256 is the base64 SHA-256 of the body.',
  headers: [FUSIONAUTH_HEADER],
  secretFormat:
    'A signing key: HMAC (HS256/384/512), RSA (RS256), EC (ES256) or Ed25519 (EdDSA); receivers verify with the public key or JWKS.',
  multipleSecrets: true,
  defaultToleranceSeconds: null,
  toleranceDirection: 'none',
  retryScheduleMs: [0, 1 * SECONDS, 2 * SECONDS, 4 * SECONDS],
  successRule:
    "2xx within the webhook's connect/read timeouts; per-event transaction policy decides whether the originating API call fails (504).",
  emulated: [
    'The JWT carries iat; whether FusionAuth adds iat/exp is unconfirmed.',
    'HMAC keys are used as the UTF-8 bytes of their secret.',
    "Delays between FusionAuth's 3 retries are not documented; Hookbench waits 1, 2 then 4 s.",
  ],
};

/** Explicit keys win; plain secrets become HS256 keys so `--secret` works from the CLI too. */
export function resolveKeys(keys: FusionAuthKey[] | undefined, secrets: string[]): FusionAuthKey[] {
  if (keys && keys.length) {
    keys.forEach(validateKey);
    return keys;
  }
  requireSecrets(secrets, 'FusionAuth (an HMAC secret or a signing key)');
  return secrets.map((secret) => ({ kid: PLAIN_SECRET_KID, alg: 'HS256' as const, secret }));
}

export const fusionAuthProfile: SigningProfile = {
  info: fusionAuthInfo,
  async sign(input) {
    const key = resolveKeys(input.keys, input.secrets)[0]!;
    const hash = bodySha256(input.body);
    const token = await new SignJWT({ request_body_sha256: hash })
      .setProtectedHeader({ alg: key.alg, kid: key.kid, typ: 'JWT' })
      .setIssuedAt(input.timestamp)
      .sign(await signingKey(key));
    return {
      headers: { 'Content-Type': 'application/json', [FUSIONAUTH_HEADER]: token },
      computed: {
        signedContent: 'base64(sha256(body)) in JWT claim request_body_sha256',
        signedContentLength: input.body.length,
        bodyLength: input.body.length,
        bodyPreview: bodyPreview(input.body),
        algorithm: `JWT ${key.alg}`,
        expected: hash,
      },
    };
  },
  async verify(input) {
    const keys = resolveKeys(input.keys, input.secrets);
    const candidates = await Promise.all(
      keys.map(async (key, index) => {
        try {
          return {
            index,
            kid: key.kid === PLAIN_SECRET_KID ? undefined : key.kid,
            alg: key.alg,
            key: await verificationKey(key),
          };
        } catch (err) {
          throw new SigningInputError(
            `FusionAuth key #${index + 1} could not be imported: ${(err as Error).message}`,
            'keys',
          );
        }
      }),
    );
    return verifyBodyHashJwt({
      profile: 'fusionauth',
      label: 'FusionAuth',
      header: FUSIONAUTH_HEADER,
      headers: input.headers,
      body: input.body,
      now: input.now,
      ...(input.toleranceSeconds ? { toleranceSeconds: input.toleranceSeconds } : {}),
      candidates,
    });
  },
};
