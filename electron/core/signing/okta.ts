import type { ProfileInfo } from '../../../shared/model/signing';
import { headerTokenProfile } from './header-token';
import { SECONDS, type SigningProfile } from './profile';

export const OKTA_CHALLENGE_HEADER = 'X-Okta-Verification-Challenge';

export const oktaInfo: ProfileInfo = {
  id: 'okta',
  label: 'Okta Event Hooks',
  description:
    'Okta event hooks: a one-time GET with X-Okta-Verification-Challenge answered {"verification": …}, then POSTs authenticated by the configured Authorization header value.',
  headers: ['Authorization'],
  secretFormat: 'The value you configured for the hook\u2019s authorization header, sent verbatim.',
  multipleSecrets: false,
  defaultToleranceSeconds: null,
  toleranceDirection: 'none',
  // Docs: a 3 s timeout, and at most one retry after a timeout or error.
  retryScheduleMs: [0, 1 * SECONDS],
  successRule: '2xx within 3 s; one retry after a timeout or an error answer.',
  emulated: [
    'The delay before Okta\u2019s single retry is not published; Hookbench waits 1 s.',
    'Okta can also send a custom header name instead of Authorization; Hookbench sends Authorization.',
  ],
};

export const oktaProfile: SigningProfile = headerTokenProfile(oktaInfo, {
  profile: 'okta',
  label: 'Okta',
  header: 'Authorization',
  value: (secret) => secret,
  extraHeaders: { 'Content-Type': 'application/json', 'User-Agent': 'Okta-Integrations' },
});
