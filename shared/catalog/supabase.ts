import type { Fake } from './fake';
import { DAY, events, type CatalogEvent } from './types';

// Source: Supabase Auth Hooks guides (one page per hook, with its input payload).
const HOOKS: [string, string][] = [
  ['send-email', 'Send Email hook: send the auth email yourself.'],
  ['send-sms', 'Send SMS hook: send the OTP through your SMS provider.'],
  ['custom-access-token', 'Custom Access Token hook: return the claims to put in the JWT.'],
  ['before-user-created', 'Before User Created hook: allow or reject a sign-up.'],
  ['mfa-verification-attempt', 'MFA Verification Attempt hook: decide what happens after an MFA attempt.'],
  [
    'password-verification-attempt',
    'Password Verification Attempt hook: decide what happens after a password attempt.',
  ],
];

function user(fake: Fake) {
  const p = fake.person();
  const created = fake.isoAgo(90 * DAY, DAY);
  const id = fake.uuid();
  return {
    id,
    aud: 'authenticated',
    role: 'authenticated',
    email: p.email,
    phone: '',
    app_metadata: { provider: 'email', providers: ['email'] },
    user_metadata: { name: p.name },
    identities: [],
    created_at: created,
    updated_at: created,
    is_anonymous: false,
  };
}

function payload(hook: string, fake: Fake): unknown {
  if (hook === 'send-email') {
    const action = fake.pick(['signup', 'magiclink', 'recovery', 'invite']);
    return {
      user: user(fake),
      email_data: {
        token: fake.chars(6, '0123456789'),
        token_hash: fake.hex(56),
        redirect_to: 'http://localhost:3000/',
        email_action_type: action,
        site_url: 'http://localhost:3000',
        token_new: '',
        token_hash_new: '',
      },
    };
  }
  if (hook === 'send-sms')
    return { user: { ...user(fake), phone: fake.phone().slice(1) }, sms: { otp: fake.chars(6, '0123456789') } };
  if (hook === 'custom-access-token') {
    const u = user(fake);
    const iat = Math.floor(fake.baseTime / 1000);
    return {
      user_id: u.id,
      claims: {
        aud: 'authenticated',
        exp: iat + 3600,
        iat,
        sub: u.id,
        email: u.email,
        phone: '',
        role: 'authenticated',
        aal: 'aal1',
        amr: [{ method: 'password', timestamp: iat }],
        session_id: fake.uuid(),
        is_anonymous: false,
        app_metadata: u.app_metadata,
        user_metadata: u.user_metadata,
      },
      authentication_method: 'password',
    };
  }
  if (hook === 'before-user-created')
    return {
      metadata: { uuid: fake.uuid(), time: fake.now(), name: 'before-user-created', ip_address: fake.ip() },
      user: user(fake),
    };
  if (hook === 'mfa-verification-attempt')
    return { factor_id: fake.uuid(), factor_type: 'totp', user_id: fake.uuid(), valid: fake.bool(0.3) };
  return { user_id: fake.uuid(), valid: fake.bool(0.3) };
}

export const supabaseCatalog: CatalogEvent[] = events(HOOKS, (hook, fake) => payload(hook, fake));
