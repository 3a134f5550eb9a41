import { SignJWT } from 'jose';
import type { ProfileInfo } from '../../../shared/model/signing';
import { bodyPreview, utf8 } from './bytes';
import { bodySha256, verifyBodyHashJwt } from './jwt-verify';
import { MINUTES, SECONDS, type SigningProfile } from './profile';
import { requireSecrets } from './secrets';

export const FRONTEGG_HEADER = 'x-webhook-secret';
const LIFETIME_SECONDS = 300;

export const fronteggInfo: ProfileInfo = {
  id: 'frontegg',
  label: 'Frontegg',
  description:
    'Frontegg: x-webhook-secret holds a JWT signed with the shared secret; receivers run jwt.verify(header, secret).',
  headers: [FRONTEGG_HEADER],
  secretFormat: 'Free-form text entered by the user (Hookbench can generate one), used raw as the HS256 key.',
  multipleSecrets: false,
  defaultToleranceSeconds: LIFETIME_SECONDS,
  toleranceDirection: 'past',
  retryScheduleMs: [0, 5 * SECONDS, 1 * MINUTES, 5 * MINUTES],
  successRule: 'Any 2xx (the body may be empty); any 4xx is a failure.',
  emulated: [
    'The JWT is HS256 with claims { iat, exp: iat + 300, eventKey, request_body_sha256 }: Frontegg documents only jwt.verify(header, secret).',
    'Retries (3 on 5xx or network errors) and the 5 s timeout are Hookbench defaults.',
  ],
};

export const fronteggProfile: SigningProfile = {
  info: fronteggInfo,
  async sign(input) {
    requireSecrets(input.secrets, 'Frontegg');
    const hash = bodySha256(input.body);
    const token = await new SignJWT({ eventKey: input.event ?? 'frontegg.user.created', request_body_sha256: hash })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setIssuedAt(input.timestamp)
      .setExpirationTime(input.timestamp + LIFETIME_SECONDS)
      .sign(utf8(input.secrets[0]!));
    return {
      headers: { 'Content-Type': 'application/json', [FRONTEGG_HEADER]: token },
      computed: {
        signedContent: 'JWT HS256 with claim request_body_sha256 = base64(sha256(body))',
        signedContentLength: input.body.length,
        bodyLength: input.body.length,
        bodyPreview: bodyPreview(input.body),
        algorithm: 'JWT HS256',
        expected: hash,
      },
    };
  },
  async verify(input) {
    requireSecrets(input.secrets, 'Frontegg');
    const candidates = input.secrets.map((secret, index) => ({ index, alg: 'HS256', key: utf8(secret) }));
    return verifyBodyHashJwt({
      profile: 'frontegg',
      label: 'Frontegg',
      header: FRONTEGG_HEADER,
      headers: input.headers,
      body: input.body,
      now: input.now,
      ...(input.toleranceSeconds ? { toleranceSeconds: input.toleranceSeconds } : {}),
      candidates,
    });
  },
};
