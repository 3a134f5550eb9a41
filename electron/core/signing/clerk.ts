import type { ProfileInfo } from '../../../shared/model/signing';
import { hmacProfile, type SigningProfile } from './profile';
import { STANDARD_RETRY_SCHEDULE_MS, standardScheme } from './standard-webhooks';

export const clerkInfo: ProfileInfo = {
  id: 'clerk',
  label: 'Clerk',
  description:
    'Clerk delivers through Svix: svix-id, svix-timestamp, svix-signature (v1,<base64> over id.timestamp.body).',
  headers: ['svix-signature', 'svix-id', 'svix-timestamp'],
  secretFormat:
    'whsec_ + base64 (the endpoint\u2019s Signing Secret in the Clerk Dashboard); the HMAC key is the decoded bytes.',
  multipleSecrets: true,
  defaultToleranceSeconds: 300,
  toleranceDirection: 'both',
  retryScheduleMs: STANDARD_RETRY_SCHEDULE_MS,
  successRule: '2xx within 15 s (Svix); 3xx is a failure.',
  emulated: ["Clerk's own retry schedule is Svix's; Hookbench uses Svix's published one."],
};

export const clerkProfile: SigningProfile = hmacProfile(clerkInfo, standardScheme('svix', 'Clerk', 'clerk'));
