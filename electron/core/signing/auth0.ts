import type { ProfileInfo } from '../../../shared/model/signing';
import { headerTokenProfile } from './header-token';
import { MINUTES, SECONDS, type SigningProfile } from './profile';

export const auth0Info: ProfileInfo = {
  id: 'auth0',
  label: 'Auth0 log streams',
  description:
    'Auth0 custom webhook log streams: POSTs of a JSON array of log events with the configured Authorization token; nothing is signed.',
  headers: ['Authorization'],
  secretFormat: 'The log stream\u2019s Authorization Token, sent verbatim; a bare token is sent as "Bearer <token>".',
  multipleSecrets: false,
  defaultToleranceSeconds: null,
  toleranceDirection: 'none',
  retryScheduleMs: [0, 5 * SECONDS, 1 * MINUTES, 5 * MINUTES],
  successRule: '2xx; a stream that keeps failing is paused by Auth0.',
  emulated: [
    'Auth0 does not publish its log stream retry delays or timeout; Hookbench retries after 5 s, 1 min, 5 min with a 10 s timeout.',
    'Batches are sent as one JSON array (the "JSON Array" content format); JSON lines and single objects are not emulated.',
  ],
};

/** A token without a scheme word is sent the way most log stream receivers expect it. */
const headerValue = (secret: string) => (/^\S+\s+\S/.test(secret.trim()) ? secret.trim() : `Bearer ${secret.trim()}`);

export const auth0Profile: SigningProfile = headerTokenProfile(auth0Info, {
  profile: 'auth0',
  label: 'Auth0',
  header: 'Authorization',
  value: headerValue,
  extraHeaders: { 'Content-Type': 'application/json' },
});
