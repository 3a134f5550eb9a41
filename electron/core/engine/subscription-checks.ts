import { X509Certificate } from 'node:crypto';
import { unknownEvents } from '../../../shared/api/methods/subscriptions';
import { AppFailure } from '../../../shared/api/result';
import type { ProfileId } from '../../../shared/model/signing';

/** Read timeouts follow each provider's documented one (docs/providers.md); `hookbench check` holds answers to them too. */
export const DEFAULT_READ_TIMEOUT_MS: Record<ProfileId, number> = {
  'standard-webhooks': 15_000,
  svix: 15_000,
  fief: 5_000,
  logto: 10_000,
  fusionauth: 2_000,
  frontegg: 5_000,
  stripe: 10_000,
  github: 10_000,
  clerk: 15_000,
  workos: 10_000,
  okta: 3_000,
  auth0: 10_000,
  supabase: 5_000,
  kinde: 10_000,
  'custom-hmac': 10_000,
};
export const DEFAULT_CONNECT_TIMEOUT_MS = 2_000;

export function checkPem(pem: string | null | undefined): void {
  if (!pem) return;
  try {
    new X509Certificate(pem);
  } catch {
    throw new AppFailure('invalid_input', 'caCertificatePem: the certificate could not be parsed.', {
      caCertificatePem: ['Malformed PEM certificate'],
    });
  }
}

export function checkEvents(profile: ProfileId, events: string[] | 'all'): void {
  const errors = unknownEvents(profile, events);
  if (Object.keys(errors).length)
    throw new AppFailure(
      'invalid_input',
      `Unknown events for ${profile}: ${Object.values(errors).flat().join('; ')}.`,
      errors,
    );
}
