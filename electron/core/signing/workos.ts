import type { ProfileInfo } from '../../../shared/model/signing';
import { HOURS, MINUTES, hmacProfile, parsePairs, type SigningProfile } from './profile';

export const workosInfo: ProfileInfo = {
  id: 'workos',
  label: 'WorkOS',
  description: 'WorkOS: WorkOS-Signature "t=<ms>, v1=<hex>" with HMAC-SHA256 over "<t>.<body>"; t is in milliseconds.',
  headers: ['WorkOS-Signature'],
  secretFormat: 'The webhook secret from the WorkOS dashboard, used as raw text.',
  multipleSecrets: false,
  defaultToleranceSeconds: 180,
  toleranceDirection: 'past',
  retryScheduleMs: [0, 1 * MINUTES, 5 * MINUTES, 30 * MINUTES, 2 * HOURS, 6 * HOURS],
  successRule: '2xx.',
  emulated: [
    'WorkOS retries with exponential back-off; the exact delays and timeout are not published, Hookbench uses 1 min, 5 min, 30 min, 2 h, 6 h and a 10 s timeout.',
  ],
};

export const workosProfile: SigningProfile = hmacProfile(workosInfo, {
  profile: 'workos',
  label: 'WorkOS',
  signatureHeader: 'WorkOS-Signature',
  algorithm: 'sha256',
  encoding: 'hex',
  template: '{timestamp}.{body}',
  keyMode: 'raw',
  tolerance: { seconds: 180, direction: 'past' },
  timestampUnit: 'ms',
  multiple: false,
  formatHeader: (sigs, timestamp) => `t=${timestamp}, v1=${sigs[0]}`,
  parseHeader: (value) => {
    const pairs = parsePairs(value);
    const t = pairs.get('t');
    if (!t || t.length !== 1)
      return { error: 'expected exactly one "t=<unix milliseconds>" element (format t=…, v1=…).' };
    const signatures = pairs.get('v1') ?? [];
    if (signatures.length === 0) return { error: 'no "v1=<hex>" element (format t=…, v1=…).' };
    return { signatures, timestamp: t[0] };
  },
  extraHeaders: { 'Content-Type': 'application/json' },
});
