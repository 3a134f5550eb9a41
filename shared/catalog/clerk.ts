import type { Fake } from './fake';
import { DAY, events, type CatalogEvent } from './types';

// Source: Clerk's webhooks overview (supported events) and @clerk/backend's WebhookEvent type.
const EVENTS: [string, string][] = [
  ['user.created', 'A user signed up or was created.'],
  ['user.updated', "A user's profile changed."],
  ['user.deleted', 'A user was deleted (data holds id and deleted: true).'],
  ['session.created', 'A session started.'],
  ['session.ended', 'A session ended (sign-out).'],
  ['session.removed', 'A session was removed.'],
  ['session.revoked', 'A session was revoked.'],
  ['email.created', 'Clerk sends an email (delivered by you when email delivery is delegated).'],
  ['sms.created', 'Clerk sends an SMS.'],
  ['organization.created', 'An organization was created.'],
  ['organization.updated', 'An organization changed.'],
  ['organization.deleted', 'An organization was deleted.'],
  ['organizationMembership.created', 'A user joined an organization.'],
  ['organizationMembership.updated', "A member's role changed."],
  ['organizationMembership.deleted', 'A user left an organization.'],
  ['organizationInvitation.created', 'An invitation was sent.'],
  ['organizationInvitation.accepted', 'An invitation was accepted.'],
  ['organizationInvitation.revoked', 'An invitation was revoked.'],
];

function user(fake: Fake) {
  const p = fake.person();
  const emailId = fake.prefixed('idn', 24);
  const created = fake.msAgo(90 * DAY, DAY);
  return {
    id: fake.prefixed('user', 24),
    object: 'user',
    first_name: p.first,
    last_name: p.last,
    username: null,
    image_url: `https://img.clerk.com/${fake.chars(20)}`,
    has_image: false,
    primary_email_address_id: emailId,
    primary_phone_number_id: null,
    email_addresses: [
      {
        id: emailId,
        object: 'email_address',
        email_address: p.email,
        verification: { status: 'verified', strategy: 'email_code' },
        linked_to: [],
      },
    ],
    phone_numbers: [],
    external_accounts: [],
    public_metadata: {},
    private_metadata: {},
    unsafe_metadata: {},
    password_enabled: true,
    two_factor_enabled: false,
    banned: false,
    locked: false,
    last_sign_in_at: fake.msAgo(DAY),
    created_at: created,
    updated_at: created,
  };
}

function organization(fake: Fake) {
  const name = fake.company();
  return {
    id: fake.prefixed('org', 24),
    object: 'organization',
    name,
    slug: fake.slug(name),
    image_url: null,
    members_count: fake.int(1, 40),
    max_allowed_memberships: 0,
    public_metadata: {},
    private_metadata: {},
    created_by: fake.prefixed('user', 24),
    created_at: fake.msAgo(30 * DAY, DAY),
    updated_at: fake.msAgo(DAY),
  };
}

function data(type: string, fake: Fake): unknown {
  const [kind, action] = type.split('.');
  if (kind === 'user')
    return action === 'deleted' ? { id: fake.prefixed('user', 24), object: 'user', deleted: true } : user(fake);
  if (kind === 'session')
    return {
      id: fake.prefixed('sess', 24),
      object: 'session',
      user_id: fake.prefixed('user', 24),
      client_id: fake.prefixed('client', 24),
      status: { created: 'active', ended: 'ended', removed: 'removed', revoked: 'revoked' }[action!] ?? 'active',
      last_active_at: fake.msAgo(60),
      expire_at: fake.baseTime + 7 * DAY * 1000,
      abandon_at: fake.baseTime + 30 * DAY * 1000,
      created_at: fake.msAgo(DAY),
      updated_at: fake.msAgo(60),
    };
  if (kind === 'email')
    return {
      id: fake.prefixed('ema', 24),
      object: 'email',
      from_email_name: 'accounts',
      to_email_address: fake.person().email,
      subject: 'Your verification code',
      status: 'queued',
      slug: 'verification_code',
      data: { otp_code: fake.chars(6, '0123456789') },
      delivered_by_clerk: false,
    };
  if (kind === 'sms')
    return {
      id: fake.prefixed('sms', 24),
      object: 'sms_message',
      from_phone_number: '+15550000000',
      to_phone_number: fake.phone(),
      message: `Your code is ${fake.chars(6, '0123456789')}`,
      status: 'queued',
      delivered_by_clerk: false,
    };
  if (kind === 'organization')
    return action === 'deleted'
      ? { id: fake.prefixed('org', 24), object: 'organization', deleted: true }
      : organization(fake);
  if (kind === 'organizationInvitation')
    return {
      id: fake.prefixed('orginv', 24),
      object: 'organization_invitation',
      email_address: fake.person().email,
      organization_id: fake.prefixed('org', 24),
      role: 'org:member',
      status: { created: 'pending', accepted: 'accepted', revoked: 'revoked' }[action!] ?? 'pending',
      created_at: fake.msAgo(DAY),
      updated_at: fake.msAgo(60),
    };
  const p = fake.person();
  return {
    id: fake.prefixed('orgmem', 24),
    object: 'organization_membership',
    role: fake.pick(['org:admin', 'org:member']),
    organization: organization(fake),
    public_user_data: {
      user_id: fake.prefixed('user', 24),
      first_name: p.first,
      last_name: p.last,
      identifier: p.email,
    },
    created_at: fake.msAgo(DAY),
    updated_at: fake.msAgo(60),
  };
}

// Envelope as @clerk/backend types it (api/resources/Webhooks.d.ts).
export const clerkCatalog: CatalogEvent[] = events(EVENTS, (type, fake) => ({
  data: data(type, fake),
  event_attributes: { http_request: { client_ip: fake.ip(), user_agent: fake.userAgent() } },
  instance_id: fake.prefixed('ins', 24),
  object: 'event',
  timestamp: fake.baseTime,
  type,
}));
