import type { ProfileInfo } from '../../../shared/model/signing';
import { hmacProfile, parsePairs, type SigningProfile } from './profile';

export const stripeInfo: ProfileInfo = {
  id: 'stripe',
  label: 'Stripe',
  description: 'Stripe (reference): Stripe-Signature t=…,v1=<hex> over t.body; the whsec_ string is the raw key.',
  headers: ['Stripe-Signature'],
  secretFormat: 'whsec_… used as the raw string (not base64-decoded).',
  multipleSecrets: true,
  defaultToleranceSeconds: 300,
  toleranceDirection: 'past',
  retryScheduleMs: [0],
  successRule: '2xx.',
  emulated: ["Reference profile: Stripe's own multi-day retry schedule is not emulated; Hookbench sends once."],
};

export const stripeProfile: SigningProfile = hmacProfile(stripeInfo, {
  profile: 'stripe',
  label: 'Stripe',
  signatureHeader: 'Stripe-Signature',
  algorithm: 'sha256',
  encoding: 'hex',
  template: '{timestamp}.{body}',
  keyMode: 'raw',
  tolerance: { seconds: 300, direction: 'past' },
  multiple: true,
  formatHeader: (sigs, timestamp) => [`t=${timestamp}`, ...sigs.map((s) => `v1=${s}`)].join(','),
  parseHeader: (value) => {
    const pairs = parsePairs(value);
    const t = pairs.get('t');
    if (!t || t.length !== 1) return { error: 'expected exactly one "t=<unix seconds>" element (format t=…,v1=…).' };
    const signatures = pairs.get('v1') ?? [];
    if (signatures.length === 0) return { error: 'no "v1=<hex>" element (format t=…,v1=…).' };
    return { signatures, timestamp: t[0] };
  },
  extraHeaders: {
    'Content-Type': 'application/json; charset=utf-8',
    'User-Agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)',
  },
});
