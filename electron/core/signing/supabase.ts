import type { ProfileInfo } from '../../../shared/model/signing';
import { hmacProfile, SECONDS, type SigningProfile } from './profile';
import { standardScheme } from './standard-webhooks';

export const supabaseInfo: ProfileInfo = {
  id: 'supabase',
  label: 'Supabase Auth hooks',
  description:
    'Supabase Auth HTTP hooks follow Standard Webhooks: webhook-id, webhook-timestamp, webhook-signature (v1,<base64>).',
  headers: ['webhook-signature', 'webhook-id', 'webhook-timestamp'],
  secretFormat: 'v1,whsec_ + base64, as the dashboard shows it; the HMAC key is the bytes after "v1,whsec_" decoded.',
  multipleSecrets: true,
  defaultToleranceSeconds: 300,
  toleranceDirection: 'both',
  // Docs: up to three retries with a 2 s back-off on retry-able errors (429, 503).
  retryScheduleMs: [0, 2 * SECONDS, 2 * SECONDS, 2 * SECONDS],
  successRule:
    '200, 202 or 204 (204 not for hooks that must answer a body); 429 and 503 are retried; any other 4xx/5xx fails the auth request.',
  emulated: [
    'The hook timeout is not stated in the docs Hookbench relied on; Hookbench waits 5 s.',
    'Hookbench retries every 5xx like 503 (the docs name 503), and 429 with or without Retry-After.',
  ],
};

export const supabaseProfile: SigningProfile = hmacProfile(supabaseInfo, {
  ...standardScheme('webhook', 'Supabase', 'supabase'),
  keyMode: 'supabase-whsec',
});
