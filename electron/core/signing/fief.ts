import type { ProfileInfo } from '../../../shared/model/signing';
import { hmacProfile, parseSingleToken, SECONDS, type SigningProfile } from './profile';

export const fiefInfo: ProfileInfo = {
  id: 'fief',
  label: 'Fief',
  description: 'Fief: HMAC-SHA256 over timestamp.body, lowercase hex, secret used as raw text.',
  headers: ['X-Fief-Webhook-Signature', 'X-Fief-Webhook-Timestamp'],
  secretFormat:
    'URL-safe token (secrets.token_urlsafe), used as raw UTF-8; shown once, regenerate to rotate (no overlap).',
  multipleSecrets: false,
  defaultToleranceSeconds: 300,
  toleranceDirection: 'past',
  // Docs: 4 retries at 15/60/120/240 s; the code allows up to 5 attempts with jitter.
  retryScheduleMs: [0, 15 * SECONDS, 60 * SECONDS, 120 * SECONDS, 240 * SECONDS],
  successRule: '2xx within 5 s; redirects are not followed.',
  emulated: ["Retry delays follow the docs (15/60/120/240 s) without the code's jitter."],
};

export const fiefProfile: SigningProfile = hmacProfile(fiefInfo, {
  profile: 'fief',
  label: 'Fief',
  signatureHeader: 'X-Fief-Webhook-Signature',
  timestampHeader: 'X-Fief-Webhook-Timestamp',
  algorithm: 'sha256',
  encoding: 'hex',
  template: '{timestamp}.{body}',
  keyMode: 'raw',
  tolerance: { seconds: 300, direction: 'past' },
  multiple: false,
  formatHeader: (sigs) => sigs[0]!,
  parseHeader: (value) => parseSingleToken(value),
  extraHeaders: { 'Content-Type': 'application/json', 'User-Agent': 'fief-server-webhooks/0.28.0' },
});
