import type { ProfileId, ProfileInfo } from '../../../shared/model/signing';
import type { HmacScheme, ParsedSignatureHeader } from './hmac-scheme';
import { HOURS, MINUTES, SECONDS, hmacProfile, type SigningProfile } from './profile';

/** Svix's delivery schedule, which the Standard Webhooks spec cites as its example. */
export const STANDARD_RETRY_SCHEDULE_MS = [
  0,
  5 * SECONDS,
  5 * MINUTES,
  30 * MINUTES,
  2 * HOURS,
  5 * HOURS,
  10 * HOURS,
  10 * HOURS,
];

/** `v1,<b64> v1,<b64>`: versions other than v1 (v1a is ed25519) are skipped, as the spec says. */
export function parseVersionedSignatures(value: string): ParsedSignatureHeader {
  const entries = value.trim().split(/\s+/).filter(Boolean);
  if (entries.length === 0) return { error: 'the header is empty.' };
  const malformed = entries.find((e) => !/^v[0-9a-z]+,.+$/.test(e));
  if (malformed)
    return {
      error: `"${malformed.slice(0, 20)}${malformed.length > 20 ? '…' : ''}" is not "<version>,<signature>" (expected e.g. "v1,K5oZ…=").`,
    };
  const signatures = entries.filter((e) => e.startsWith('v1,')).map((e) => e.slice(3));
  if (signatures.length === 0)
    return {
      error: `no "v1" signature (found ${entries.map((e) => e.split(',')[0]).join(', ')}); only v1 (HMAC-SHA256) is supported.`,
    };
  return { signatures };
}

export function standardScheme(
  prefix: 'webhook' | 'svix',
  label: string,
  profile: ProfileId = prefix === 'webhook' ? 'standard-webhooks' : 'svix',
): HmacScheme {
  return {
    profile,
    label,
    signatureHeader: `${prefix}-signature`,
    idHeader: `${prefix}-id`,
    timestampHeader: `${prefix}-timestamp`,
    algorithm: 'sha256',
    encoding: 'base64',
    template: '{id}.{timestamp}.{body}',
    keyMode: 'whsec-base64',
    tolerance: { seconds: 300, direction: 'both' },
    multiple: true,
    formatHeader: (sigs) => sigs.map((s) => `v1,${s}`).join(' '),
    parseHeader: parseVersionedSignatures,
    extraHeaders: { 'content-type': 'application/json' },
  };
}

export const standardWebhooksInfo: ProfileInfo = {
  id: 'standard-webhooks',
  label: 'Standard Webhooks',
  description: 'The open Standard Webhooks spec: HMAC-SHA256 over id.timestamp.body, base64, v1 signatures.',
  headers: ['webhook-signature', 'webhook-id', 'webhook-timestamp'],
  secretFormat: 'whsec_ + base64 of 24–64 random bytes; the HMAC key is the decoded bytes.',
  multipleSecrets: true,
  defaultToleranceSeconds: 300,
  toleranceDirection: 'both',
  retryScheduleMs: STANDARD_RETRY_SCHEDULE_MS,
  successRule:
    '2xx; 3xx is a failure (never followed); 410 disables the endpoint; 429/502/504 slow down and honour Retry-After.',
  emulated: [],
};

export const standardWebhooksProfile: SigningProfile = hmacProfile(
  standardWebhooksInfo,
  standardScheme('webhook', 'Standard Webhooks'),
);
