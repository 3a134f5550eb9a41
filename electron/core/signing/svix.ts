import type { ProfileInfo } from '../../../shared/model/signing';
import { hmacProfile, type SigningProfile } from './profile';
import { STANDARD_RETRY_SCHEDULE_MS, standardScheme } from './standard-webhooks';

export const svixInfo: ProfileInfo = {
  id: 'svix',
  label: 'Svix',
  description: 'Svix: Standard Webhooks signing with svix-* headers.',
  headers: ['svix-signature', 'svix-id', 'svix-timestamp'],
  secretFormat: 'whsec_ + base64 of 24–64 random bytes; the HMAC key is the decoded bytes.',
  multipleSecrets: true,
  defaultToleranceSeconds: 300,
  toleranceDirection: 'both',
  retryScheduleMs: STANDARD_RETRY_SCHEDULE_MS,
  successRule: '2xx within 15 s; 3xx is a failure.',
  emulated: [],
};

export const svixProfile: SigningProfile = hmacProfile(svixInfo, standardScheme('svix', 'Svix'));
