import type { HeaderMap, ProfileId } from '../../../shared/model/signing';
import { presentName } from './header-lookup';

/**
 * The header that gives each provider away; custom-hmac has none of its own.
 * Kinde is told by its JWT body's content type, Okta by its verification
 * challenge. Clerk and Supabase send Svix's and Standard Webhooks' headers, so
 * hints name those schemes (a Supabase v1,whsec_ secret is recognised where it is decoded).
 */
const SIGNATURE_HEADERS: [ProfileId, string, string, ((value: string) => boolean)?][] = [
  ['standard-webhooks', 'webhook-signature', 'Standard Webhooks'],
  ['svix', 'svix-signature', 'Svix'],
  ['fief', 'x-fief-webhook-signature', 'Fief'],
  ['logto', 'logto-signature-sha-256', 'Logto'],
  ['fusionauth', 'x-fusionauth-signature-jwt', 'FusionAuth'],
  ['frontegg', 'x-webhook-secret', 'Frontegg'],
  ['stripe', 'stripe-signature', 'Stripe'],
  ['github', 'x-hub-signature-256', 'GitHub'],
  ['workos', 'workos-signature', 'WorkOS'],
  ['okta', 'x-okta-verification-challenge', 'Okta Event Hooks'],
  ['kinde', 'content-type', 'Kinde', (v) => /^application\/jwt\b/i.test(v)],
];

export interface DetectedProfile {
  profile: ProfileId;
  label: string;
  header: string;
}

/** Other providers whose signature header this request carries. */
export function detectOtherProfiles(headers: HeaderMap, current: ProfileId): DetectedProfile[] {
  return SIGNATURE_HEADERS.flatMap(([profile, header, label, test]) => {
    const present = profile === current ? undefined : presentName(headers, header);
    if (!present) return [];
    const value = headers[present];
    if (test && !test(Array.isArray(value) ? (value[0] ?? '') : (value ?? ''))) return [];
    return [{ profile, label, header: present }];
  });
}

/** Recognises another scheme's value in the wrong header (a Stripe `t=…,v1=…` in `webhook-signature`). */
export function describeValueStyle(value: string): string | undefined {
  const v = value.trim();
  if (/^t=\d{13}, ?v1=[0-9a-f]+$/.test(v)) return 'a WorkOS-style value (t=<ms>, v1=…)';
  if (/^t=\d+,(v\d+=[0-9a-f]+,?)+/.test(v)) return 'a Stripe-style value (t=…,v1=…)';
  if (/^sha(1|256|512)=[0-9a-f]+$/i.test(v)) return 'a GitHub-style value (sha256=<hex>)';
  if (/^v1a?,/.test(v)) return 'a Standard Webhooks / Svix value (v1,<base64>)';
  if (/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/.test(v) && v.startsWith('eyJ'))
    return 'a JWT (as FusionAuth or Frontegg send)';
  if (/^[0-9a-f]{64}$/i.test(v)) return 'a bare hex SHA-256 (as Fief or Logto send)';
  return undefined;
}
