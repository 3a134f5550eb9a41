import type { Fake } from './fake';
import { DAY, events, type CatalogEvent } from './types';

// Source: WorkOS events reference; envelope { id, event, data, created_at }.
const EVENTS: [string, string][] = [
  ['user.created', 'An AuthKit user was created.'],
  ['user.updated', 'An AuthKit user changed.'],
  ['user.deleted', 'An AuthKit user was deleted.'],
  ['session.created', 'A user signed in and a session started.'],
  ['organization.created', 'An organization was created.'],
  ['organization.updated', 'An organization changed.'],
  ['organization.deleted', 'An organization was deleted.'],
  ['organization_membership.created', 'A user joined an organization.'],
  ['organization_membership.updated', 'A membership changed.'],
  ['organization_membership.deleted', 'A user left an organization.'],
  ['connection.activated', 'An SSO connection became active.'],
  ['connection.deactivated', 'An SSO connection was deactivated.'],
  ['connection.deleted', 'An SSO connection was deleted.'],
  ['dsync.activated', 'A directory was connected.'],
  ['dsync.deleted', 'A directory was deleted.'],
  ['dsync.user.created', 'A directory user was provisioned.'],
  ['dsync.user.updated', 'A directory user changed.'],
  ['dsync.user.deleted', 'A directory user was deprovisioned.'],
  ['dsync.group.created', 'A directory group was created.'],
  ['dsync.group.updated', 'A directory group changed.'],
  ['dsync.group.deleted', 'A directory group was deleted.'],
  ['dsync.group.user_added', 'A user was added to a directory group.'],
  ['dsync.group.user_removed', 'A user was removed from a directory group.'],
  ['authentication.password_succeeded', 'A user signed in with a password.'],
  ['authentication.password_failed', 'A password sign-in failed.'],
];

const ulid = (fake: Fake, prefix: string) => `${prefix}_01${fake.chars(24, '0123456789ABCDEFGHJKMNPQRSTVWXYZ')}`;

function user(fake: Fake) {
  const p = fake.person();
  const created = fake.isoAgo(90 * DAY, DAY);
  return {
    object: 'user',
    id: ulid(fake, 'user'),
    email: p.email,
    email_verified: true,
    first_name: p.first,
    last_name: p.last,
    profile_picture_url: null,
    last_sign_in_at: fake.isoAgo(DAY),
    external_id: null,
    metadata: {},
    created_at: created,
    updated_at: created,
  };
}

function organization(fake: Fake) {
  const name = fake.company();
  return {
    object: 'organization',
    id: ulid(fake, 'org'),
    name,
    allow_profiles_outside_organization: false,
    domains: [
      { object: 'organization_domain', id: ulid(fake, 'org_domain'), domain: `${fake.slug(name)}.example.com` },
    ],
    external_id: null,
    metadata: {},
    created_at: fake.isoAgo(30 * DAY, DAY),
    updated_at: fake.isoAgo(DAY),
  };
}

function directoryUser(fake: Fake) {
  const p = fake.person();
  return {
    object: 'directory_user',
    id: ulid(fake, 'directory_user'),
    directory_id: ulid(fake, 'directory'),
    organization_id: ulid(fake, 'org'),
    idp_id: fake.chars(20),
    email: p.email,
    first_name: p.first,
    last_name: p.last,
    state: 'active',
    role: { slug: 'member' },
    custom_attributes: {},
    raw_attributes: {},
    created_at: fake.isoAgo(30 * DAY, DAY),
    updated_at: fake.isoAgo(DAY),
  };
}

function directoryGroup(fake: Fake) {
  return {
    object: 'directory_group',
    id: ulid(fake, 'directory_group'),
    idp_id: fake.chars(20),
    directory_id: ulid(fake, 'directory'),
    organization_id: ulid(fake, 'org'),
    name: fake.pick(['Engineering', 'Sales', 'Support']),
    raw_attributes: {},
    created_at: fake.isoAgo(30 * DAY, DAY),
    updated_at: fake.isoAgo(DAY),
  };
}

function data(event: string, fake: Fake): unknown {
  if (event.startsWith('user.')) return user(fake);
  if (event === 'session.created')
    return {
      object: 'session',
      id: ulid(fake, 'session'),
      user_id: ulid(fake, 'user'),
      organization_id: null,
      ip_address: fake.ip(),
      user_agent: fake.userAgent(),
      created_at: fake.now(),
      updated_at: fake.now(),
    };
  if (event.startsWith('organization_membership.'))
    return {
      object: 'organization_membership',
      id: ulid(fake, 'om'),
      user_id: ulid(fake, 'user'),
      organization_id: ulid(fake, 'org'),
      role: { slug: 'member' },
      status: event.endsWith('deleted') ? 'inactive' : 'active',
      created_at: fake.isoAgo(DAY),
      updated_at: fake.now(),
    };
  if (event.startsWith('organization.')) return organization(fake);
  if (event.startsWith('connection.'))
    return {
      object: 'connection',
      id: ulid(fake, 'conn'),
      organization_id: ulid(fake, 'org'),
      connection_type: fake.pick(['OktaSAML', 'GoogleOAuth', 'AzureSAML']),
      name: `${fake.company()} SSO`,
      state: event.endsWith('activated') && !event.endsWith('deactivated') ? 'active' : 'inactive',
      domains: [],
      created_at: fake.isoAgo(30 * DAY, DAY),
      updated_at: fake.now(),
    };
  if (event === 'dsync.activated' || event === 'dsync.deleted')
    return {
      object: 'directory',
      id: ulid(fake, 'directory'),
      organization_id: ulid(fake, 'org'),
      type: 'okta scim v2.0',
      state: event === 'dsync.activated' ? 'active' : 'deleting',
      name: `${fake.company()} directory`,
      domains: [],
      created_at: fake.isoAgo(30 * DAY, DAY),
      updated_at: fake.now(),
    };
  if (event.startsWith('dsync.user.')) return directoryUser(fake);
  if (event.startsWith('dsync.group.user_'))
    return { directory_id: ulid(fake, 'directory'), user: directoryUser(fake), group: directoryGroup(fake) };
  if (event.startsWith('dsync.group.')) return directoryGroup(fake);
  const p = fake.person();
  return {
    type: 'password',
    status: event.endsWith('succeeded') ? 'succeeded' : 'failed',
    user_id: event.endsWith('succeeded') ? ulid(fake, 'user') : null,
    email: p.email,
    ip_address: fake.ip(),
    user_agent: fake.userAgent(),
    ...(event.endsWith('failed') ? { error: { code: 'invalid_credentials', message: 'Invalid credentials.' } } : {}),
  };
}

export const workosCatalog: CatalogEvent[] = events(EVENTS, (event, fake) => ({
  id: ulid(fake, 'event'),
  event,
  data: data(event, fake),
  created_at: fake.now(),
}));
