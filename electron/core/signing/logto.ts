import type { ProfileInfo } from '../../../shared/model/signing';
import { hmacProfile, parseSingleToken, SECONDS, type SigningProfile } from './profile';

export const logtoInfo: ProfileInfo = {
  id: 'logto',
  label: 'Logto',
  description: 'Logto: HMAC-SHA256 over the raw body, lowercase hex; no timestamp, no id.',
  headers: ['logto-signature-sha-256'],
  secretFormat: '32 characters [0-9a-zA-Z], used as raw text.',
  multipleSecrets: false,
  defaultToleranceSeconds: null,
  toleranceDirection: 'none',
  retryScheduleMs: [0, 1 * SECONDS, 2 * SECONDS, 4 * SECONDS],
  successRule:
    '2xx within 10 s; retried up to 3 times only when the status is >= 500; the retries of one delivery are one log entry.',
  emulated: ["Delays between Logto's 3 retries are not documented; Hookbench waits 1, 2 then 4 s."],
};

export const logtoProfile: SigningProfile = hmacProfile(logtoInfo, {
  profile: 'logto',
  label: 'Logto',
  signatureHeader: 'logto-signature-sha-256',
  algorithm: 'sha256',
  encoding: 'hex',
  template: '{body}',
  keyMode: 'raw',
  tolerance: null,
  multiple: false,
  formatHeader: (sigs) => sigs[0]!,
  parseHeader: (value) => parseSingleToken(value),
  extraHeaders: { 'content-type': 'application/json', 'user-agent': 'Logto (https://logto.io/)' },
});
