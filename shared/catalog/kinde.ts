import type { Fake } from './fake';
import { events, type CatalogEvent } from './types';

// Source: Kinde webhooks docs and the WebhookEventType list of @kinde/webhooks.
const EVENTS: [string, string][] = [
  ['user.created', 'A user was created.'],
  ['user.updated', 'A user changed.'],
  ['user.deleted', 'A user was deleted.'],
  ['user.authenticated', 'A user signed in.'],
  ['user.authentication_failed', 'A sign-in failed.'],
  ['organization.created', 'An organization was created.'],
  ['organization.updated', 'An organization changed.'],
  ['organization.deleted', 'An organization was deleted.'],
  ['role.created', 'A role was created.'],
  ['role.updated', 'A role changed.'],
  ['role.deleted', 'A role was deleted.'],
  ['permission.created', 'A permission was created.'],
  ['permission.updated', 'A permission changed.'],
  ['permission.deleted', 'A permission was deleted.'],
  ['subscriber.created', 'Someone subscribed.'],
  ['access_request.created', 'Someone asked for access.'],
];

const kindeId = (fake: Fake, prefix: string) => `${prefix}_${fake.hex(32)}`;

function data(type: string, fake: Fake): unknown {
  const [kind, action] = type.split('.') as [string, string];
  const p = fake.person();
  if (kind === 'user') {
    if (action !== 'created' && action !== 'updated') return { user: { id: kindeId(fake, 'kp') } };
    return {
      user: {
        email: p.email,
        first_name: p.first,
        id: kindeId(fake, 'kp'),
        is_password_reset_requested: false,
        is_suspended: false,
        last_name: p.last,
        organizations: [{ code: `org_${fake.hex(11)}`, permissions: null, roles: null }],
        phone: null,
        username: p.first.toLowerCase(),
      },
    };
  }
  if (kind === 'organization') {
    const name = fake.company();
    const code = `org_${fake.hex(11)}`;
    if (action === 'deleted') return { organization: { code } };
    if (action === 'created') return { organization: { code, external_id: null, handle: fake.slug(name), name } };
    return { organization: { code, external_id: null, handle: fake.slug(name), is_allow_registrations: false, name } };
  }
  if (kind === 'role' || kind === 'permission') {
    const id = fake.uuid().replace(/-/g, '');
    if (action === 'deleted') return { [kind]: { id } };
    const key = fake.pick(['admin', 'editor', 'read:reports']);
    return kind === 'role'
      ? { role: { description: 'Sample role', id, is_default_role: false, key, name: key } }
      : { permission: { description: 'Sample permission', id, key, name: key } };
  }
  if (kind === 'subscriber')
    return {
      subscriber: {
        email: p.email,
        first_name: p.first,
        id: fake.uuid(),
        last_name: p.last,
        user_id: kindeId(fake, 'kp'),
      },
    };
  return { access_request: { email: p.email, first_name: p.first, last_name: p.last, user_id: kindeId(fake, 'kp') } };
}

/** The JWT claims: Hookbench signs this object into the body it sends. */
export const kindeCatalog: CatalogEvent[] = events(EVENTS, (type, fake) => ({
  data: data(type, fake),
  event_id: `event_${fake.hex(32)}`,
  source: fake.pick(['admin', 'api', 'user'] as const),
  timestamp: fake.now(),
  type,
}));
